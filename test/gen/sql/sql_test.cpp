// The generated typed-SQL functions of test/gen/sql/fixture: their exact signatures (one
// static_assert per feature-matrix case) and what they return against a migrated test database.
#include <gtest/gtest.h>

#include <rally/db/test_db.hpp>
#include <type_traits>

#include "sql.hpp"

namespace {

using rally::db::Blob;
using rally::db::Connection;
using rally::db::Result;
using std::int64_t;
using std::optional;
using std::string;
using std::vector;

template <class Row>
using Rows = Result<vector<Row>>;

// ---- The feature matrix: each query's C++ signature. ----
// Top-level file: namespace sql.
static_assert(std::is_same_v<decltype(&sql::ping), Rows<sql::PingRow> (*)(Connection&)>);
static_assert(std::is_same_v<decltype(sql::PingRow::one), int64_t>);
// RETURNING; INSERT parameters take the column types and nullability (BOOLEAN -> bool, BLOB -> Blob).
static_assert(std::is_same_v<decltype(&sql::users::create_user),
                             Rows<sql::users::CreateUserRow> (*)(Connection&, const string&, const optional<string>&, bool,
                                                                 const optional<Blob>&, const optional<double>&)>);
// '?' parameters; every column type; INTEGER PRIMARY KEY and NOT NULL are not optional.
static_assert(std::is_same_v<decltype(&sql::users::get_user), Rows<sql::users::GetUserRow> (*)(Connection&, int64_t)>);
static_assert(std::is_same_v<decltype(sql::users::GetUserRow::id), int64_t>);
static_assert(std::is_same_v<decltype(sql::users::GetUserRow::name), string>);
static_assert(std::is_same_v<decltype(sql::users::GetUserRow::email), optional<string>>);
static_assert(std::is_same_v<decltype(sql::users::GetUserRow::active), bool>);
static_assert(std::is_same_v<decltype(sql::users::GetUserRow::avatar), optional<Blob>>);
static_assert(std::is_same_v<decltype(sql::users::GetUserRow::score), optional<double>>);
// UPDATE ... SET: changed-row count; SET takes the column's nullability.
static_assert(std::is_same_v<decltype(&sql::users::set_avatar), Result<int64_t> (*)(Connection&, const optional<Blob>&, bool, int64_t)>);
// Alias overrides "!" and "?"; COALESCE with a literal is non-null.
static_assert(std::is_same_v<decltype(&sql::users::overrides), Rows<sql::users::OverridesRow> (*)(Connection&)>);
static_assert(std::is_same_v<decltype(sql::users::OverridesRow::email), string>);
static_assert(std::is_same_v<decltype(sql::users::OverridesRow::name), optional<string>>);
static_assert(std::is_same_v<decltype(sql::users::OverridesRow::score), double>);
// LIMIT / OFFSET.
static_assert(std::is_same_v<decltype(&sql::users::page), Rows<sql::users::PageRow> (*)(Connection&, int64_t, int64_t)>);
// IN (?, ?, ?).
static_assert(std::is_same_v<decltype(&sql::users::by_ids), Rows<sql::users::ByIdsRow> (*)(Connection&, int64_t, int64_t, int64_t)>);
// Scalar subquery in the select list: nullable.
static_assert(std::is_same_v<decltype(sql::users::TopPriceRow::top_price), optional<double>>);
static_assert(std::is_same_v<decltype(&sql::users::delete_inactive), Result<int64_t> (*)(Connection&)>);
// '@name' parameters into INSERT columns.
static_assert(std::is_same_v<decltype(&sql::items::add_item),
                             Result<int64_t> (*)(Connection&, const optional<int64_t>&, const string&, double, int64_t)>);
// Inner join.
static_assert(std::is_same_v<decltype(&sql::items::with_owner), Rows<sql::items::WithOwnerRow> (*)(Connection&, double)>);
static_assert(std::is_same_v<decltype(sql::items::WithOwnerRow::owner), string>);
// LEFT JOIN: the right side becomes optional even where NOT NULL.
static_assert(std::is_same_v<decltype(sql::items::LeftJoinRow::name), string>);
static_assert(std::is_same_v<decltype(sql::items::LeftJoinRow::title), optional<string>>);
static_assert(std::is_same_v<decltype(sql::items::LeftJoinRow::price), optional<double>>);
// Aggregates.
static_assert(std::is_same_v<decltype(sql::items::StatsRow::n), int64_t>);
static_assert(std::is_same_v<decltype(sql::items::StatsRow::total_qty), optional<int64_t>>);
static_assert(std::is_same_v<decltype(sql::items::StatsRow::avg_price), optional<double>>);
static_assert(std::is_same_v<decltype(sql::items::StatsRow::max_price), optional<double>>);
static_assert(std::is_same_v<decltype(sql::items::StatsRow::total_price), double>);
// GROUP BY + HAVING COUNT(*) >= :min_count.
static_assert(std::is_same_v<decltype(&sql::items::by_owner), Rows<sql::items::ByOwnerRow> (*)(Connection&, int64_t)>);
static_assert(std::is_same_v<decltype(sql::items::ByOwnerRow::owner_id), optional<int64_t>>);
static_assert(std::is_same_v<decltype(sql::items::ByOwnerRow::total), optional<double>>);
// CTE.
static_assert(std::is_same_v<decltype(&sql::items::expensive), Rows<sql::items::ExpensiveRow> (*)(Connection&, double)>);
static_assert(std::is_same_v<decltype(sql::items::ExpensiveRow::price), double>);
// Subquery in WHERE.
static_assert(std::is_same_v<decltype(&sql::items::above_average), Rows<sql::items::AboveAverageRow> (*)(Connection&)>);
// Window function.
static_assert(std::is_same_v<decltype(sql::items::RankedRow::position), int64_t>);
// UPDATE qty = qty + :amount: changed-row count, the argument typed from the other operand.
static_assert(std::is_same_v<decltype(&sql::items::restock), Result<int64_t> (*)(Connection&, int64_t, int64_t)>);
// '$name' parameters, BETWEEN.
static_assert(std::is_same_v<decltype(&sql::items::price_range), Rows<sql::items::PriceRangeRow> (*)(Connection&, double, double)>);
// A keyword-named table ("order").
static_assert(std::is_same_v<decltype(&sql::orders::place),
                             Result<int64_t> (*)(Connection&, int64_t, int64_t, int64_t, const optional<string>&)>);
static_assert(std::is_same_v<decltype(&sql::orders::for_user), Rows<sql::orders::ForUserRow> (*)(Connection&, int64_t)>);
static_assert(std::is_same_v<decltype(sql::orders::ForUserRow::note), optional<string>>);
// Upsert with RETURNING.
static_assert(std::is_same_v<decltype(&sql::counters::bump), Rows<sql::counters::BumpRow> (*)(Connection&, const string&)>);
// Parameter styles.
static_assert(std::is_same_v<decltype(&sql::params::anonymous), Rows<sql::params::AnonymousRow> (*)(Connection&, int64_t, const string&)>);
static_assert(std::is_same_v<decltype(&sql::params::numbered), Rows<sql::params::NumberedRow> (*)(Connection&, int64_t, const string&)>);
static_assert(std::is_same_v<decltype(&sql::params::colon), Rows<sql::params::ColonRow> (*)(Connection&, const string&)>);
static_assert(std::is_same_v<decltype(&sql::params::at), Rows<sql::params::AtRow> (*)(Connection&, const string&)>);
static_assert(std::is_same_v<decltype(&sql::params::dollar), Rows<sql::params::DollarRow> (*)(Connection&, const string&)>);
static_assert(std::is_same_v<decltype(&sql::params::repeated), Rows<sql::params::RepeatedRow> (*)(Connection&, const string&)>);
// CAST(:x AS T) types a parameter and an expression.
static_assert(std::is_same_v<decltype(&sql::misc::cast_param), Rows<sql::misc::CastParamRow> (*)(Connection&, int64_t, const string&)>);
static_assert(std::is_same_v<decltype(sql::misc::CastParamRow::doubled), int64_t>);
static_assert(std::is_same_v<decltype(sql::misc::CastParamRow::shout), string>);

template <class T>
T ok(Result<T> r) {
  if (!r) throw std::runtime_error(r.error().to_string());
  return std::move(*r);
}

class Sql : public ::testing::Test {
 protected:
  Connection db = rally::test_db::open(RALLY_SQL_FIXTURE_MIGRATIONS);
  int64_t ann = 0, bob = 0;

  void SetUp() override {
    ann = ok(sql::users::create_user(db, "ann", "ann@example.com", true, Blob{1, 2, 0, 3}, 4.5)).at(0).id;
    bob = ok(sql::users::create_user(db, "bob", std::nullopt, false, std::nullopt, std::nullopt)).at(0).id;
    EXPECT_EQ(ok(sql::items::add_item(db, ann, "kettle", 20.0, 3)), 1);
    EXPECT_EQ(ok(sql::items::add_item(db, ann, "lamp", 35.5, 1)), 1);
    EXPECT_EQ(ok(sql::items::add_item(db, std::nullopt, "orphan", 5.0, 0)), 1);
  }
};

TEST_F(Sql, TopLevelQuery) { EXPECT_EQ(ok(sql::ping(db)).at(0).one, 1); }

TEST_F(Sql, ReturningGivesTheNewIds) {
  EXPECT_EQ(ann, 1);
  EXPECT_EQ(bob, 2);
}

TEST_F(Sql, ColumnTypesRoundTripIncludingBlobAndBool) {
  auto rows = ok(sql::users::get_user(db, ann));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "ann");
  EXPECT_EQ(rows[0].email, "ann@example.com");
  EXPECT_TRUE(rows[0].active);
  EXPECT_EQ(rows[0].avatar, (Blob{1, 2, 0, 3}));
  EXPECT_EQ(rows[0].score, 4.5);
  auto b = ok(sql::users::get_user(db, bob)).at(0);
  EXPECT_FALSE(b.email.has_value());
  EXPECT_FALSE(b.active);
  EXPECT_FALSE(b.avatar.has_value());
  EXPECT_FALSE(b.score.has_value());
  EXPECT_TRUE(ok(sql::users::get_user(db, 99)).empty());
}

TEST_F(Sql, UpdateReturnsChangedRows) {
  EXPECT_EQ(ok(sql::users::set_avatar(db, Blob{9}, true, bob)), 1);
  EXPECT_EQ(ok(sql::users::set_avatar(db, std::nullopt, true, 99)), 0);
  auto b = ok(sql::users::get_user(db, bob)).at(0);
  EXPECT_EQ(b.avatar, Blob{9});
  EXPECT_TRUE(b.active);
  EXPECT_EQ(ok(sql::items::restock(db, 10, ann)), 2);
  EXPECT_EQ(ok(sql::items::stats(db)).at(0).total_qty, 24);
}

TEST_F(Sql, AliasOverrides) {
  auto rows = ok(sql::users::overrides(db));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].email, "ann@example.com");
  EXPECT_EQ(rows[0].name, "ann");
  EXPECT_EQ(rows[0].score, 4.5);
}

TEST_F(Sql, LimitOffsetAndIn) {
  auto page = ok(sql::users::page(db, 1, 1));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].name, "bob");
  auto named = ok(sql::users::by_ids(db, bob, 42, ann));
  ASSERT_EQ(named.size(), 2u);
  EXPECT_EQ(named[0].name, "ann");
  EXPECT_EQ(named[1].name, "bob");
}

TEST_F(Sql, ScalarSubqueryIsNullWithoutRows) {
  auto rows = ok(sql::users::top_price(db));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].top_price, 35.5);
  EXPECT_FALSE(rows[1].top_price.has_value());
}

TEST_F(Sql, InnerJoin) {
  auto rows = ok(sql::items::with_owner(db, 10.0));
  ASSERT_EQ(rows.size(), 2u);  // the orphan has no owner and is below the price anyway
  EXPECT_EQ(rows[0].title, "kettle");
  EXPECT_EQ(rows[0].owner, "ann");
}

TEST_F(Sql, LeftJoinGivesNullsForTheMissingSide) {
  auto rows = ok(sql::items::left_join(db));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].title, "kettle");
  EXPECT_EQ(rows[2].name, "bob");
  EXPECT_FALSE(rows[2].title.has_value());
  EXPECT_FALSE(rows[2].price.has_value());
}

TEST_F(Sql, Aggregates) {
  auto s = ok(sql::items::stats(db)).at(0);
  EXPECT_EQ(s.n, 3);
  EXPECT_EQ(s.total_qty, 4);
  EXPECT_DOUBLE_EQ(*s.avg_price, 60.5 / 3);
  EXPECT_EQ(s.max_price, 35.5);
  EXPECT_EQ(s.total_price, 60.5);
  ASSERT_EQ(ok(sql::items::restock(db, 1, 99)), 0);
  EXPECT_EQ(db.execute("DELETE FROM items").has_value(), true);
  auto empty = ok(sql::items::stats(db)).at(0);
  EXPECT_EQ(empty.n, 0);
  EXPECT_FALSE(empty.total_qty.has_value());
  EXPECT_FALSE(empty.avg_price.has_value());
  EXPECT_FALSE(empty.max_price.has_value());
  EXPECT_EQ(empty.total_price, 0.0);
}

TEST_F(Sql, GroupByHaving) {
  auto rows = ok(sql::items::by_owner(db, 1));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].owner_id.has_value());  // NULL sorts first
  EXPECT_EQ(rows[1].owner_id, ann);
  EXPECT_EQ(rows[1].item_count, 2);
  EXPECT_EQ(rows[1].total, 55.5);
  EXPECT_EQ(ok(sql::items::by_owner(db, 2)).size(), 1u);
}

TEST_F(Sql, CteSubqueryWindowBetween) {
  auto expensive = ok(sql::items::expensive(db, 10.0));
  ASSERT_EQ(expensive.size(), 2u);
  EXPECT_EQ(expensive[0].title, "lamp");
  auto above = ok(sql::items::above_average(db));
  ASSERT_EQ(above.size(), 1u);  // the average is 20.17: only the lamp
  EXPECT_EQ(above[0].title, "lamp");
  auto ranked = ok(sql::items::ranked(db));
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].title, "lamp");
  EXPECT_EQ(ranked[2].position, 3);
  auto range = ok(sql::items::price_range(db, 5.0, 20.0));
  ASSERT_EQ(range.size(), 2u);
  EXPECT_EQ(range[1].title, "kettle");
}

TEST_F(Sql, KeywordTable) {
  EXPECT_EQ(ok(sql::orders::place(db, ann, 1, 2, "gift")), 1);
  EXPECT_EQ(ok(sql::orders::place(db, ann, 2, 1, std::nullopt)), 1);
  auto rows = ok(sql::orders::for_user(db, ann));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].quantity, 2);
  EXPECT_EQ(rows[0].note, "gift");
  EXPECT_EQ(rows[1].title, "lamp");
  EXPECT_FALSE(rows[1].note.has_value());
  // bob has no order and is inactive: deleted; ann has orders: kept.
  EXPECT_EQ(ok(sql::users::delete_inactive(db)), 1);
}

TEST_F(Sql, UpsertReturning) {
  EXPECT_EQ(ok(sql::counters::bump(db, "visits")).at(0).value, 1);
  EXPECT_EQ(ok(sql::counters::bump(db, "visits")).at(0).value, 2);
  EXPECT_EQ(ok(sql::counters::bump(db, "other")).at(0).value, 1);
}

TEST_F(Sql, ParameterStyles) {
  EXPECT_EQ(ok(sql::params::anonymous(db, 0, "ann")).at(0).id, bob);
  EXPECT_EQ(ok(sql::params::numbered(db, 0, "bob")).at(0).id, bob);
  EXPECT_TRUE(ok(sql::params::numbered(db, bob, "bob")).empty());
  EXPECT_EQ(ok(sql::params::colon(db, "ann")).at(0).id, ann);
  EXPECT_EQ(ok(sql::params::at(db, "bob")).at(0).id, bob);
  EXPECT_EQ(ok(sql::params::dollar(db, "ann")).at(0).id, ann);
  // One argument bound to both places.
  EXPECT_EQ(ok(sql::params::repeated(db, "ann@example.com")).at(0).id, ann);
  EXPECT_EQ(ok(sql::params::repeated(db, "bob")).at(0).id, bob);
}

TEST_F(Sql, CastAndRawStringDelimiter) {
  auto r = ok(sql::misc::cast_param(db, 21, "hey")).at(0);
  EXPECT_EQ(r.doubled, 42);
  EXPECT_EQ(r.shout, "hey!");
  EXPECT_EQ(ok(sql::misc::raw_delimiter(db)).at(0).text, ")sql\"");
}

TEST_F(Sql, ErrorsComeBackAsValues) {
  ASSERT_TRUE(db.execute("DROP TABLE counters").has_value());
  auto r = sql::counters::bump(db, "x");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("counters"), std::string::npos) << r.error().message;
}

TEST_F(Sql, StatementsComeFromTheCache) {
  for (int i = 0; i < 3; ++i) ok(sql::users::get_user(db, ann));
  auto before = db.cached_statement_count();
  ok(sql::users::get_user(db, bob));
  EXPECT_EQ(db.cached_statement_count(), before);
}

}  // namespace
