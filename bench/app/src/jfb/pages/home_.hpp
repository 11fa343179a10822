#pragma once
// /jfb: the js-framework-benchmark keyed table as a Rally page (jfb/table.hpp): every render
// builds and diffs every row.
#include "jfb/table.hpp"

namespace jfb::pages::home_ {

using Model = table::Model;
using Msg = table::Msg;

inline rally::Init<Model, Msg> init() { return table::init(); }
inline rally::Update<Model, Msg> update(Model m, Msg msg) { return table::update(std::move(m), std::move(msg)); }

inline rally::Element<Msg> view(const Model& m) {
  std::vector<rally::Node> trs;
  trs.reserve(m.rows.size());
  for (const table::Row& r : m.rows)
    trs.push_back(table::row({r.id, r.label, r.id == m.selected}, {rally::html::key(std::to_string(r.id))}));
  return table::view("Rally (keyed)", std::move(trs));
}

}  // namespace jfb::pages::home_
