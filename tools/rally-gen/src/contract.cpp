#include "contract.hpp"

#include <rally/wire.hpp>

namespace rally::gen {

std::string hex64(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = digits[v & 0xf];
  return s;
}

std::string describe(const WireStruct& s) {
  std::string d = "struct " + s.name + "{";
  for (const auto& f : s.fields) d += f.name + ":" + spell(f.type) + ";";
  return d + "}";
}

std::string describe(const WireEnum& e) {
  std::string d = "enum " + e.name + ":" + e.underlying + "{";
  for (const auto& x : e.enumerators) d += x.name + "=" + x.value + ";";
  return d + "}";
}

namespace {
std::string mangle(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '/' || c == ':') ? '_' : c;
  return out;
}
}  // namespace

void compute_contract(AppModel& model) {
  std::string all;
  for (const auto& s : model.structs)
    if (!s.client_only) all += describe(s) + "\n";
  for (const auto& e : model.enums)
    if (!e.client_only) all += describe(e) + "\n";
  // Which struct a namespace's hydration and "rally:context" pushes carry.
  for (const auto& ns : model.namespaces)
    if (ns.has_context) all += "context " + ns.name + "=" + ns.name + "::ClientContext\n";
  for (auto& page : model.pages) {
    if (page.interactive && page.load.present) {
      // The payload is the route params then the query, whatever load itself takes (see wire.hpp).
      std::string params;
      for (const auto& s : page.route.segments)
        if (s.dynamic) params += std::string(s.is_int ? "std::int64_t" : "std::string") + ",";
      page.load_canonical = page.name_space + "/" + page.path + "/load{" + params + "rally::Query}->rally::Load<Model>";
      page.load_id = rally::wire::fnv1a64(page.load_canonical);
      page.load_id_hex = hex64(page.load_id);
      page.load_id_name = "load_" + mangle(page.name_space) + "__" + mangle(page.path);
      all += "load " + page.load_canonical + "=" + page.load_id_hex + "\n";
    }
    for (auto& h : page.handlers) {
      std::string fields;
      if (const WireStruct* s = find_struct(model, h.request_type)) {
        for (std::size_t i = 0; i < s->fields.size(); ++i) fields += (i ? "," : "") + spell(s->fields[i].type);
      }
      h.canonical = page.name_space + "/" + page.path + "/" + h.expected_request + "{" + fields + "}->" + spell(h.result);
      h.id = rally::wire::fnv1a64(h.canonical);
      h.id_hex = hex64(h.id);
      h.id_name = "handler_" + mangle(page.name_space) + "__" + mangle(page.path) + "__" + h.name;
      all += "handler " + h.canonical + "=" + h.id_hex + "\n";
    }
  }
  // A topic's id: its name, key fields and message type (a changed key or message is another topic).
  for (auto& t : model.topics) {
    std::string fields;
    if (const WireStruct* s = find_struct(model, t.name))
      for (std::size_t i = 0; i < s->fields.size(); ++i) fields += (i ? "," : "") + spell(s->fields[i].type);
    t.canonical = "topic " + t.name + "{" + fields + "}->" + spell(t.message);
    t.id = rally::wire::fnv1a64(t.canonical);
    t.id_hex = hex64(t.id);
    all += t.canonical + "=" + t.id_hex + "\n";
  }
  // A server message's id: its name and field types (a changed field is another message).
  for (auto& msg : model.server_messages) {
    std::string fields;
    if (const WireStruct* s = find_struct(model, msg.name))
      for (std::size_t i = 0; i < s->fields.size(); ++i) fields += (i ? "," : "") + spell(s->fields[i].type);
    msg.canonical = "message " + msg.name + "{" + fields + "}";
    msg.id = rally::wire::fnv1a64(msg.canonical);
    msg.id_hex = hex64(msg.id);
    all += msg.canonical + "=" + msg.id_hex + "\n";
  }
  model.contract = rally::wire::fnv1a64(all);
  model.contract_hex = hex64(model.contract);
}

}  // namespace rally::gen
