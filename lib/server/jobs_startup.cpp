// Start hooks, the app's job runner and --jobs for rally::server::main.
#include "jobs_startup.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "rally/db/connection.hpp"
#include "rally/server/database.hpp"
#include "rally/server/system.hpp"

namespace rally::server {

JobsConfig jobs_config_from_env() {
  JobsConfig config;
  if (const char* workers = std::getenv("RALLY_JOB_WORKERS")) {
    const std::string value = workers;
    const bool digits = !value.empty() && value.size() <= 2 && value.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(value) > 64)
      throw std::invalid_argument("RALLY_JOB_WORKERS=\"" + value + "\" is not a number of job worker threads from 0 to 64");
    config.workers = std::stoi(value);
  }
  return config;
}

std::unique_ptr<rally::jobs::Runner> start_jobs(App& app, const std::shared_ptr<rally::db::Pool>& pool,
                                                const JobsConfig& config) {
  rally::jobs::Registry registry = rally::jobs::registry_of(app);
  const bool has_types = !app.job_types().empty();
  {
    CallScope scope(pool);
    Db db;
    rally::system::Startup startup(registry, pool ? &db.connection() : nullptr);
    rally::system::run_start_hooks(startup);
  }
  if (!has_types && registry.schedules().empty()) return nullptr;
  if (!pool) {
    if (!registry.schedules().empty())
      throw std::runtime_error("recurring jobs need a database: give rally_add_app a MIGRATIONS folder");
    return nullptr;
  }
  if (config.workers == 0) return nullptr;
  rally::jobs::RunnerOptions options;
  options.workers = config.workers;
  return std::make_unique<rally::jobs::Runner>(pool, std::move(registry), options);
}

int jobs_command(const DatabaseConfig& config) {
  std::error_code ec;
  if (!std::filesystem::exists(config.path, ec)) {
    std::fprintf(stderr, "rally: no database at %s yet (the server creates it when it first starts)\n", config.path.c_str());
    return 1;
  }
  auto conn = rally::db::open(config.path);
  if (!conn) {
    std::fprintf(stderr, "rally: %s\n", conn.error().to_string().c_str());
    return 1;
  }
  try {
    rally::jobs::migrate(*conn);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rally: %s\n", e.what());
    return 1;
  }
  auto table = rally::jobs::describe(*conn);
  if (!table) {
    std::fprintf(stderr, "rally: %s\n", table.error().to_string().c_str());
    return 1;
  }
  std::fputs(table->c_str(), stdout);
  return 0;
}

}  // namespace rally::server

namespace rally::jobs {

Registry registry_of(const server::App& app) {
  Registry registry;
  // Each job type runs its perform with a new ServerContext whose ctx.db is the job's connection.
  for (const server::JobType& type : app.job_types()) {
    registry.add(type.name, [perform = type.perform](std::string_view payload, JobContext& job) {
      server::CallScope scope(job.db());
      std::string error;
      if (!perform(payload, error))
        throw PermanentFailure("its arguments do not decode (" + error + "): was it enqueued by another version of the app?");
    });
  }
  return registry;
}

}  // namespace rally::jobs
