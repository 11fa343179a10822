#pragma once
// Row i (1-based) is always the same: "pretty red table #1", ... (the React peer of ../shared/bench
// renders the same rows, so its /table can be compared with this one).
#include <cstdint>
#include <string>
#include <vector>
namespace bench {
struct Row { std::int64_t id = 0; std::string label; };
inline std::vector<Row> make_rows(int n) {
  static const char* adj[] = {"pretty", "large", "quiet", "shiny", "tiny", "brave", "fuzzy"};
  static const char* col[] = {"red", "green", "blue", "amber", "violet"};
  static const char* noun[] = {"table", "chair", "lamp", "kettle", "pony", "bicycle",
                               "teapot", "window", "sandwich", "rocket", "piano"};
  std::vector<Row> rows;
  rows.reserve(n);
  for (int i = 1; i <= n; ++i)
    rows.push_back({i, std::string(adj[(i - 1) % 7]) + " " + col[(i - 1) % 5] + " " + noun[(i - 1) % 11] +
                           " #" + std::to_string(i)});
  return rows;
}
}  // namespace bench
