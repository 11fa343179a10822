#include "json.hpp"

#include <cstdio>

namespace rally::gen {

namespace {
void quote(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}
}  // namespace

void Json::write(std::string& out, int indent) const {
  std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  if (std::holds_alternative<std::nullptr_t>(v_)) out += "null";
  else if (auto* b = std::get_if<bool>(&v_)) out += *b ? "true" : "false";
  else if (auto* n = std::get_if<std::int64_t>(&v_)) out += std::to_string(*n);
  else if (auto* s = std::get_if<std::string>(&v_)) quote(out, *s);
  else if (auto* a = std::get_if<Array>(&v_)) {
    if (a->empty()) { out += "[]"; return; }
    out += "[\n";
    for (std::size_t i = 0; i < a->size(); ++i) {
      out += pad;
      (*a)[i].write(out, indent + 2);
      out += i + 1 < a->size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + "]";
  } else if (auto* o = std::get_if<Object>(&v_)) {
    if (o->empty()) { out += "{}"; return; }
    out += "{\n";
    for (std::size_t i = 0; i < o->size(); ++i) {
      out += pad;
      quote(out, (*o)[i].first);
      out += ": ";
      (*o)[i].second.write(out, indent + 2);
      out += i + 1 < o->size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + "}";
  }
}

}  // namespace rally::gen
