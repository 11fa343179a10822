// test_db: one migrated template per folder per process, copied page by page for each test.
#include "rally/db/test_db.hpp"

#include <sqlite3.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "rally/db/migrate.hpp"

namespace rally::test_db {

namespace fs = std::filesystem;

namespace {

struct Template {
  std::mutex mutex;  // the template connection is used by one thread at a time, like any other
  bool ready = false;
  std::optional<db::Connection> conn;
  std::optional<db::Error> error;
};

std::shared_ptr<Template> template_for(const fs::path& folder) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<Template>> templates;
  std::error_code ec;
  fs::path key = fs::weakly_canonical(folder, ec);
  if (ec) key = fs::absolute(folder, ec);
  if (ec) key = folder;
  std::lock_guard lock(mutex);
  auto& slot = templates[key.string()];
  if (!slot) slot = std::make_shared<Template>();
  return slot;
}

db::Result<db::Unit> copy(db::Connection& from, db::Connection& to) {
  sqlite3_backup* backup = sqlite3_backup_init(to.native_handle(), "main", from.native_handle(), "main");
  if (backup == nullptr) {
    return rally::err(db::Error{std::string("cannot copy the template: ") + sqlite3_errmsg(to.native_handle()),
                                sqlite3_extended_errcode(to.native_handle()), {}, {}, 0});
  }
  sqlite3_backup_step(backup, -1);  // -1: every page in one go; nothing else uses these connections
  int rc = sqlite3_backup_finish(backup);
  if (rc != SQLITE_OK) {
    return rally::err(db::Error{std::string("cannot copy the template: ") + sqlite3_errstr(rc), rc, {}, {}, 0});
  }
  return db::Unit{};
}

}  // namespace

db::Result<db::Connection> try_open(const fs::path& migrations) {
  auto tmpl = template_for(migrations);
  auto conn = db::open(":memory:");
  if (!conn) return conn;
  std::lock_guard lock(tmpl->mutex);
  if (!tmpl->ready) {
    tmpl->ready = true;
    auto base = db::open(":memory:");
    if (!base) {
      tmpl->error = base.error();
    } else if (auto ran = migrate::run(*base, migrations); !ran) {
      tmpl->error = ran.error();
    } else {
      tmpl->conn.emplace(std::move(*base));
    }
  }
  if (tmpl->error) return rally::err(*tmpl->error);
  if (auto copied = copy(*tmpl->conn, *conn); !copied) return rally::err(std::move(copied.error()));
  return conn;
}

db::Connection open(const fs::path& migrations) {
  auto conn = try_open(migrations);
  if (!conn) throw std::runtime_error("rally::test_db::open: " + conn.error().to_string());
  return std::move(*conn);
}

db::Connection open_empty() {
  auto conn = db::open(":memory:");
  if (!conn) throw std::runtime_error("rally::test_db::open_empty: " + conn.error().to_string());
  return std::move(*conn);
}

}  // namespace rally::test_db
