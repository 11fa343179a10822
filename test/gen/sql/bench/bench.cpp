// Point lookups by primary key: the generated sql::get_item against a hand-written loop on the
// raw sqlite3 C API with one prepared statement, on the same connection and table, alternating
// short rounds and keeping each side's best (on a shared machine a short round often runs
// undisturbed; a long one rarely does). Both copy the row into the same kind of struct.
//   rally_sql_bench [raw|typed]   one side only, one pass over all the ids (for a profiler: the
//                                 loops are the functions raw_lookups and typed_lookups, e.g.
//                                 callgrind's --toggle-collect='*typed_lookups*')
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <span>
#include <rally/db/db.hpp>

#include "sql.hpp"

namespace {

constexpr int table_rows = 10'000;
constexpr int lookups = 200'000;  // random ids; a round looks up a tenth of them
constexpr int round_lookups = lookups / 10;
constexpr int both_rounds = 100;

struct Item {
  std::int64_t id;
  std::string title;
  double price;
  std::int64_t qty;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Not inlined, so that a profiler can count each loop on its own. False: a lookup failed.
[[gnu::noinline]] bool raw_lookups(sqlite3_stmt* stmt, std::span<const std::int64_t> ids, std::int64_t& check) {
  for (std::int64_t id : ids) {
    sqlite3_bind_int64(stmt, 1, id);
    std::vector<Item> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
      rows.push_back(Item{sqlite3_column_int64(stmt, 0), std::string(text, sqlite3_column_bytes(stmt, 1)),
                          sqlite3_column_double(stmt, 2), sqlite3_column_int64(stmt, 3)});
    }
    sqlite3_reset(stmt);
    check += rows.at(0).qty;
  }
  return true;
}

[[gnu::noinline]] bool typed_lookups(rally::db::Connection& db, std::span<const std::int64_t> ids, std::int64_t& check) {
  for (std::int64_t id : ids) {
    auto rows = sql::get_item(db, id);
    if (!rows) return std::fprintf(stderr, "%s\n", rows.error().to_string().c_str()), false;
    check += rows->at(0).qty;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const char* only = argc > 1 ? argv[1] : "";
  bool run_raw = std::strcmp(only, "typed") != 0, run_typed = std::strcmp(only, "raw") != 0;
  if (argc > 2 || (*only != '\0' && run_raw && run_typed))
    return std::fprintf(stderr, "usage: rally_sql_bench [raw|typed]\n"), 2;
  int rounds = run_raw && run_typed ? both_rounds : 1;
  auto db = rally::db::open(":memory:");
  if (!db) return std::fprintf(stderr, "%s\n", db.error().to_string().c_str()), 1;
  if (auto m = rally::migrate::run(*db, RALLY_SQL_BENCH_MIGRATIONS); !m)
    return std::fprintf(stderr, "%s\n", m.error().to_string().c_str()), 1;
  auto filled = rally::db::transaction(*db, [](rally::db::Connection& c) -> rally::db::Result<rally::db::Unit> {
    for (int i = 1; i <= table_rows; ++i)
      if (auto ok = c.execute("INSERT INTO items (id, title, price, qty) VALUES (?, ?, ?, ?)", i,
                              "item number " + std::to_string(i), i * 0.5, i % 7);
          !ok)
        return ok;
    return rally::db::Unit{};
  });
  if (!filled) return std::fprintf(stderr, "%s\n", filled.error().to_string().c_str()), 1;

  std::vector<std::int64_t> ids(lookups);
  std::mt19937_64 rng(42);
  for (auto& id : ids) id = static_cast<std::int64_t>(rng() % table_rows) + 1;

  sqlite3* raw_db = db->native_handle();
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(raw_db, "SELECT id, title, price, qty FROM items WHERE id = ?1", -1, &stmt, nullptr) != SQLITE_OK)
    return std::fprintf(stderr, "%s\n", sqlite3_errmsg(raw_db)), 1;

  double best_raw = 1e9, best_typed = 1e9;
  std::int64_t check_raw = 0, check_typed = 0;
  for (int round = 0; round < rounds; ++round) {
    std::span<const std::int64_t> slice(ids);
    if (rounds > 1) slice = slice.subspan(static_cast<std::size_t>(round % 10) * round_lookups, round_lookups);
    if (run_raw) {
      auto start = std::chrono::steady_clock::now();
      if (!raw_lookups(stmt, slice, check_raw)) return 1;
      best_raw = std::min(best_raw, seconds_since(start) / static_cast<double>(slice.size()));
    }
    if (run_typed) {
      auto start = std::chrono::steady_clock::now();
      if (!typed_lookups(*db, slice, check_typed)) return 1;
      best_typed = std::min(best_typed, seconds_since(start) / static_cast<double>(slice.size()));
    }
  }
  sqlite3_finalize(stmt);
  if (run_raw && run_typed && check_raw != check_typed)
    return std::fprintf(stderr, "the two loops read different rows\n"), 1;

  if (rounds > 1) {
    std::printf("point lookups by primary key on a %d-row table: best of %d rounds of %d per side\n", table_rows,
                rounds, round_lookups);
  } else {
    std::printf("%d point lookups by primary key on a %d-row table\n", lookups, table_rows);
  }
  if (run_raw) std::printf("raw sqlite3 (prepared once):  %6.0f ns/query\n", best_raw * 1e9);
  if (run_typed) std::printf("generated sql::get_item:      %6.0f ns/query\n", best_typed * 1e9);
  if (run_raw && run_typed) std::printf("ratio typed/raw: %.2fx (goal <= 1.10x)\n", best_typed / best_raw);
  return 0;
}
