// rally::jobs: reading the queue back for people (`./app --jobs`).
#include <algorithm>
#include <utility>

#include "jobs_queue.hpp"

namespace rally::jobs {

namespace {

rally::db::Error in(std::string_view what, rally::db::Error e) {
  e.message = "rally::jobs::" + std::string(what) + ": " + e.message;
  return e;
}

std::optional<TimePoint> optional_time(const rally::db::Statement& stmt, int column) {
  if (stmt.column_is_null(column)) return std::nullopt;
  return detail::from_ms(stmt.column_int64(column));
}

// One line per cell: a multi-line error would break the table.
std::string one_line(std::string text, std::size_t max) {
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  if (text.size() > max) text = text.substr(0, max - 3) + "...";
  return text;
}

// Columns padded to their widest cell, two spaces apart.
std::string table(const std::vector<JobInfo>& jobs) {
  std::vector<std::vector<std::string>> rows = {{"id", "type", "state", "attempt", "run_at", "last_error"}};
  for (const JobInfo& job : jobs) {
    rows.push_back({std::to_string(job.id), one_line(job.type, 60), job.state,
                    std::to_string(job.attempt) + "/" + std::to_string(job.max_attempts), detail::utc_text(job.run_at),
                    one_line(job.last_error, 160)});
  }
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace

rally::db::Result<std::vector<JobInfo>> list_jobs(rally::db::Connection& db, std::size_t limit) {
  constexpr const char* columns =
      "SELECT id, type, state, attempt, max_attempts, run_at, lease_until, locked_by, unique_key, last_error, "
      "created_at, finished_at FROM rally_jobs ";
  const std::string queries[] = {
      std::string(columns) + "WHERE state = 'queued' ORDER BY run_at, id LIMIT ?",
      std::string(columns) + "WHERE state = 'running' ORDER BY run_at, id LIMIT ?",
      std::string(columns) + "WHERE state = 'dead' ORDER BY finished_at DESC, id DESC LIMIT ?",
  };
  std::vector<JobInfo> jobs;
  for (const std::string& sql : queries) {
    auto stmt = db.prepare(sql);
    if (!stmt) return rally::err(in("list_jobs", std::move(stmt.error())));
    if (auto bound = stmt->bind_all(limit); !bound) return rally::err(in("list_jobs", std::move(bound.error())));
    for (;;) {
      auto row = stmt->step();
      if (!row) return rally::err(in("list_jobs", std::move(row.error())));
      if (!*row) break;
      JobInfo job;
      job.id = stmt->column_int64(0);
      job.type = stmt->column_text(1);
      job.state = stmt->column_text(2);
      job.attempt = stmt->column<int>(3);
      job.max_attempts = stmt->column<int>(4);
      job.run_at = detail::from_ms(stmt->column_int64(5));
      job.lease_until = optional_time(*stmt, 6);
      job.locked_by = stmt->column_text(7);
      job.unique_key = stmt->column_text(8);
      job.last_error = stmt->column_text(9);
      job.created_at = detail::from_ms(stmt->column_int64(10));
      job.finished_at = optional_time(*stmt, 11);
      jobs.push_back(std::move(job));
    }
  }
  return jobs;
}

rally::db::Result<JobCounts> count_jobs(rally::db::Connection& db) {
  auto stmt = db.prepare("SELECT state, count(*) FROM rally_jobs GROUP BY state");
  if (!stmt) return rally::err(in("count_jobs", std::move(stmt.error())));
  JobCounts counts;
  for (;;) {
    auto row = stmt->step();
    if (!row) return rally::err(in("count_jobs", std::move(row.error())));
    if (!*row) break;
    const std::string state = stmt->column_text(0);
    const std::int64_t n = stmt->column_int64(1);
    if (state == "queued") counts.queued = n;
    else if (state == "running") counts.running = n;
    else if (state == "done") counts.done = n;
    else if (state == "dead") counts.dead = n;
    else if (state == "cancelled") counts.cancelled = n;
  }
  return counts;
}

std::string format_jobs(const JobCounts& counts, const std::vector<JobInfo>& jobs) {
  std::string out = "rally_jobs: " + std::to_string(counts.queued) + " queued, " + std::to_string(counts.running) +
                    " running, " + std::to_string(counts.dead) + " dead, " + std::to_string(counts.done) + " done, " +
                    std::to_string(counts.cancelled) + " cancelled\n";
  if (!jobs.empty()) out += table(jobs);
  const std::int64_t listed = static_cast<std::int64_t>(jobs.size());
  const std::int64_t unfinished = counts.queued + counts.running + counts.dead;
  if (listed < unfinished) out += "(" + std::to_string(unfinished - listed) + " more not listed)\n";
  return out;
}

rally::db::Result<std::string> describe(rally::db::Connection& db, std::size_t limit) {
  auto counts = count_jobs(db);
  if (!counts) return rally::err(std::move(counts.error()));
  auto jobs = list_jobs(db, limit);
  if (!jobs) return rally::err(std::move(jobs.error()));
  return format_jobs(*counts, *jobs);
}

}  // namespace rally::jobs
