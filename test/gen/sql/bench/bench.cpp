// Point lookups by primary key: the generated sql::get_item against a hand-written loop on the
// raw sqlite3 C API with one prepared statement, on the same connection and table, alternating
// rounds and keeping each side's best. Both copy the row into the same kind of struct.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <rally/db/db.hpp>

#include "sql.hpp"

namespace {

constexpr int table_rows = 10'000;
constexpr int lookups = 200'000;
constexpr int rounds = 5;

struct Item {
  std::int64_t id;
  std::string title;
  double price;
  std::int64_t qty;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main() {
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
    auto start = std::chrono::steady_clock::now();
    for (std::int64_t id : ids) {
      sqlite3_bind_int64(stmt, 1, id);
      std::vector<Item> rows;
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
        rows.push_back(Item{sqlite3_column_int64(stmt, 0), std::string(text, sqlite3_column_bytes(stmt, 1)),
                            sqlite3_column_double(stmt, 2), sqlite3_column_int64(stmt, 3)});
      }
      sqlite3_reset(stmt);
      check_raw += rows.at(0).qty;
    }
    best_raw = std::min(best_raw, seconds_since(start));

    start = std::chrono::steady_clock::now();
    for (std::int64_t id : ids) {
      auto rows = sql::get_item(*db, id);
      if (!rows) return std::fprintf(stderr, "%s\n", rows.error().to_string().c_str()), 1;
      check_typed += rows->at(0).qty;
    }
    best_typed = std::min(best_typed, seconds_since(start));
  }
  sqlite3_finalize(stmt);
  if (check_raw != check_typed) return std::fprintf(stderr, "the two loops read different rows\n"), 1;

  std::printf("%d point lookups by primary key on a %d-row table, best of %d rounds\n", lookups, table_rows, rounds);
  std::printf("raw sqlite3 (prepared once):  %8.1f ms  %6.0f ns/query\n", best_raw * 1e3, best_raw * 1e9 / lookups);
  std::printf("generated sql::get_item:      %8.1f ms  %6.0f ns/query\n", best_typed * 1e3, best_typed * 1e9 / lookups);
  std::printf("ratio typed/raw: %.2fx (goal <= 1.20x)\n", best_typed / best_raw);
  return 0;
}
