#pragma once
// /jfb/lazy: /jfb with each row a rally::html::lazy node (as React's entry in the benchmark
// memoises its rows): a render builds and diffs only the rows whose id, label or selection changed.
#include "jfb/table.hpp"

namespace jfb::pages::lazy {

using Model = table::Model;
using Msg = table::Msg;

inline rally::Init<Model, Msg> init() { return table::init(); }
inline rally::Update<Model, Msg> update(Model m, Msg msg) { return table::update(std::move(m), std::move(msg)); }

inline rally::Element<Msg> row_view(const table::RowDeps& r) { return table::row(r); }

inline rally::Element<Msg> view(const Model& m) {
  using rally::html::Key;
  std::vector<rally::Node> trs;
  trs.reserve(m.rows.size());
  for (const table::Row& r : m.rows)
    trs.push_back(rally::html::lazy(Key{std::to_string(r.id)}, table::RowDeps{r.id, r.label, r.id == m.selected}, row_view));
  return table::view("Rally (keyed, lazy)", std::move(trs));
}

}  // namespace jfb::pages::lazy
