#pragma once
#include <rally/page.hpp>

namespace web::pages::home_ {

struct Model {
  int count = 0;
};
struct Reset {};
using Msg = std::variant<Reset>;

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&) { return rally::html::p({}, {}); }

struct Ping {};
inline Msg from_server(Ping&);
inline Msg from_server(int code);
inline Msg from_server(Reset, int extra);

}  // namespace web::pages::home_
