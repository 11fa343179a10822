#pragma once
// The 1,000-row table of the SSR pages: <table><tbody><tr><td>id</td><td>label</td></tr>...
// (rows keyed by id on the interactive pages, as a client table would be).
#include <string>
#include <vector>

#include <rally/page.hpp>

namespace bench {
template <class Rows>
rally::Node rows_table(const Rows& rows, bool keyed) {
  using namespace rally::html;
  std::vector<rally::Node> trs;
  trs.reserve(rows.size());
  for (const auto& r : rows) {
    std::vector<Attr> attrs;
    if (keyed) attrs.push_back(key(std::to_string(r.id)));
    trs.push_back(tr(std::move(attrs), {td({}, {text(std::to_string(r.id))}), td({}, {text(r.label)})}));
  }
  return table({}, {tbody({}, std::move(trs))});
}
}  // namespace bench
