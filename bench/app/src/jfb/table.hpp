#pragma once
// What /jfb and /jfb/lazy share: the js-framework-benchmark keyed table's model, messages, update
// and markup. The same DOM, ids, classes and seeded xorshift32 labels as bench/jfb/vanilla, so
// bench/jfb/run.mjs drives all of them with one script and checks that they end in the same state.
// The pages differ only in how they build the rows (see pages/home_.hpp and pages/lazy.hpp).
#include <rally/page.hpp>

#include "server_context.hpp"

namespace jfb::table {

struct Row { std::int64_t id = 0; std::string label; };
struct Model {
  std::vector<Row> rows;
  std::int64_t selected = 0;
  std::int64_t next_id = 1;
  std::int64_t seed = 0x2545f491;
};

struct Run {};
struct RunLots {};
struct Add {};
struct UpdateEvery10th {};
struct Clear {};
struct SwapRows {};
struct Select { std::int64_t id; };
struct Remove { std::int64_t id; };
using Msg = std::variant<Run, RunLots, Add, UpdateEvery10th, Clear, SwapRows, Select, Remove>;

inline const char* pick(Model& m, const char* const* words, std::uint32_t n) {
  auto s = static_cast<std::uint32_t>(m.seed);
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  m.seed = s;
  return words[s % n];
}

inline void append(Model& m, int count) {
  static const char* const adj[] = {"pretty", "large", "quiet", "shiny", "tiny", "brave", "fuzzy",
                                    "clean", "odd", "elegant", "cheap", "fancy", "plain"};
  static const char* const col[] = {"red", "green", "blue", "amber", "violet", "white", "black",
                                    "orange", "pink", "brown", "grey"};
  static const char* const noun[] = {"table", "chair", "lamp", "kettle", "pony", "bicycle", "teapot",
                                     "window", "sandwich", "rocket", "piano", "mouse", "keyboard"};
  m.rows.reserve(m.rows.size() + count);
  for (int i = 0; i < count; ++i) {
    std::string label = pick(m, adj, 13);
    label += ' ';
    label += pick(m, col, 11);
    label += ' ';
    label += pick(m, noun, 13);
    m.rows.push_back({m.next_id++, std::move(label)});
  }
}

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }

inline rally::Update<Model, Msg> update(Model m, Msg msg) {
  std::visit([&](auto& x) {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, Run>) { m.rows.clear(); m.selected = 0; append(m, 1000); }
    else if constexpr (std::is_same_v<T, RunLots>) { m.rows.clear(); m.selected = 0; append(m, 10000); }
    else if constexpr (std::is_same_v<T, Add>) { append(m, 1000); }
    else if constexpr (std::is_same_v<T, UpdateEvery10th>) {
      for (std::size_t i = 0; i < m.rows.size(); i += 10) m.rows[i].label += " !!!";
    }
    else if constexpr (std::is_same_v<T, Clear>) { m.rows.clear(); m.selected = 0; }
    else if constexpr (std::is_same_v<T, SwapRows>) { if (m.rows.size() > 998) std::swap(m.rows[1], m.rows[998]); }
    else if constexpr (std::is_same_v<T, Select>) { m.selected = x.id; }
    else if constexpr (std::is_same_v<T, Remove>) {
      for (std::size_t i = 0; i < m.rows.size(); ++i)
        if (m.rows[i].id == x.id) { m.rows.erase(m.rows.begin() + static_cast<std::ptrdiff_t>(i)); break; }
    }
  }, msg);
  return {std::move(m), rally::effect::none()};
}

// All a row shows: the deps of a lazy row.
struct RowDeps {
  std::int64_t id = 0;
  std::string label;
  bool selected = false;
  bool operator==(const RowDeps&) const = default;
};

// One <tr>; `attrs` go first (the plain page's key).
inline rally::Element<Msg> row(const RowDeps& r, std::vector<rally::html::Attr> attrs = {}) {
  using namespace rally::html;
  attrs.push_back(class_(r.selected ? "danger" : ""));
  return tr(std::move(attrs), {
      td({class_("col-md-1")}, {text(std::to_string(r.id))}),
      td({class_("col-md-4")}, {a({class_("lbl"), on_click(Select{r.id})}, {text(r.label)})}),
      td({class_("col-md-1")}, {a({class_("remove"), on_click(Remove{r.id})},
                                  {span({class_("remove-icon"), attr("aria-hidden", "true")}, {text("\u00d7")})})}),
      td({class_("col-md-6")}, {}),
  });
}

// The page around the rows.
inline rally::Element<Msg> view(const char* heading, std::vector<rally::Node> rows) {
  using namespace rally::html;
  auto btn = [](const char* ident, const char* label, auto msg) {
    return button({type("button"), id(ident), on_click(msg)}, {text(label)});
  };
  return div({id("main")}, {div({class_("container")}, {
      div({class_("jumbotron")}, {
          h1({}, {text(heading)}),
          div({class_("buttons")}, {
              btn("run", "Create 1,000 rows", Run{}), btn("runlots", "Create 10,000 rows", RunLots{}),
              btn("add", "Append 1,000 rows", Add{}), btn("update", "Update every 10th row", UpdateEvery10th{}),
              btn("clear", "Clear", Clear{}), btn("swaprows", "Swap rows", SwapRows{}),
          }),
      }),
      rally::html::table({class_("table")}, {tbody({id("tbody")}, std::move(rows))}),
  })});
}

}  // namespace jfb::table
