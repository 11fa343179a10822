#pragma once
// The jobs part of rally::server::main: the app's start hooks, its job runner, and --jobs.
// Boost-free.
#include <chrono>
#include <memory>

#include "database_startup.hpp"
#include "rally/server/app.hpp"
#include "rally/server/jobs.hpp"

namespace rally::server {

struct JobsConfig {
  int workers = 2;                              // RALLY_JOB_WORKERS; 0: this process runs no jobs
  std::chrono::seconds shutdown_grace{15};      // how long a stopping server waits for running jobs
};

// Reads RALLY_JOB_WORKERS (0 to 64). Throws std::invalid_argument for a bad value.
JobsConfig jobs_config_from_env();

// Runs the start hooks (rally::system::on_start) with the database, then, when the app has job
// types or recurring jobs and a database and `config.workers` > 0, starts the runner over `pool`
// (which must have `config.workers` connections beyond the server's). Returns the runner, or null.
// Throws what a hook throws, and std::runtime_error when the runner cannot start.
std::unique_ptr<rally::jobs::Runner> start_jobs(App& app, const std::shared_ptr<rally::db::Pool>& pool,
                                                const JobsConfig& config);

// --jobs: prints the queued, running and dead jobs to stdout. Returns the exit code.
int jobs_command(const DatabaseConfig& config);

}  // namespace rally::server
