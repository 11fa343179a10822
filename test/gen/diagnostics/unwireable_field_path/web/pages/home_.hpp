#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

class User;
struct Entry {
  std::string title;
  User* owner = nullptr;
};
struct Secret {
  int code() const { return code_; }
 private:
  int code_ = 0;
};

struct Model { std::int64_t count = 0; float ratio = 0; };
struct Noop {};
using Msg = std::variant<Noop>;

struct ServerSave { std::vector<Entry> items; std::map<double, std::string> by_price; };
rally::Result<Secret> server_save(const ServerSave& msg, ServerContext& ctx);

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&) { return rally::html::p({}, {}); }

}  // namespace web::pages::home_
