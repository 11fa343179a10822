#pragma once
// rally::system: what an app does when its server starts. A hook registered from any source file
// of the app runs once, after the migrations and before the server listens:
//
//   static const bool digest = rally::system::on_start([](rally::system::Startup& app) {
//     app.daily_at("daily-digest", 8, 0, PostDigest{1});   // a recurring job, 08:00 UTC
//   });
//
// Hooks run in registration order, on the main thread, with ctx.db-style access to the database
// (Startup::db(), and rally::server::Db works too). A hook that throws stops the server before it
// listens (the error is printed). Boost-free.
#include <chrono>
#include <functional>
#include <string>

#include "jobs.hpp"

namespace rally::system {

class Startup {
 public:
  Startup(jobs::Registry& registry, rally::db::Connection* db) : registry_(registry), db_(db) {}

  // The app's database. Throws std::logic_error when the app has none.
  rally::db::Connection& db() const;

  // Recurring jobs (see rally/server/jobs.hpp: one job per slot, whatever the number of servers).
  template <class Job>
  void every(std::string name, std::chrono::seconds interval, const Job& job) {
    const jobs::JobOps& ops = jobs::job_ops<Job>();
    registry_.every(std::move(name), interval, std::string(ops.type), ops.encode(&job), attempts<Job>());
  }
  template <class Job>
  void daily_at(std::string name, int hour, int minute, const Job& job) {
    const jobs::JobOps& ops = jobs::job_ops<Job>();
    registry_.daily_at(std::move(name), hour, minute, std::string(ops.type), ops.encode(&job), attempts<Job>());
  }
  // The job registry itself: handlers for job types the app runs without rally-gen.
  jobs::Registry& registry() { return registry_; }

 private:
  template <class Job>
  static int attempts() {
    if constexpr (requires { Job::max_attempts; }) return Job::max_attempts;
    return jobs::EnqueueOptions{}.max_attempts;
  }
  jobs::Registry& registry_;
  rally::db::Connection* db_;
};

using StartHook = std::function<void(Startup&)>;

// Adds a hook; returns true, so that it can initialize a static in any source file.
bool on_start(StartHook hook);

// Runs the hooks (the server library does, once). Throws what a hook throws.
void run_start_hooks(Startup& startup);

}  // namespace rally::system
