#pragma once
// The shop's in-memory catalog (server-only: included from .cpp files, never from a page header).
#include <cstdint>
#include <map>
#include <string>

namespace web {

struct CatalogItem {
  std::string name;
  std::int64_t price_cents = 0;
};

inline const std::map<std::int64_t, CatalogItem>& catalog() {
  static const std::map<std::int64_t, CatalogItem> items = {
      {1, {"Kettle", 3900}},
      {2, {"Teapot", 2500}},
      {3, {"Cups", 1200}},
      {42, {"Towel", 4200}},
  };
  return items;
}

}  // namespace web
