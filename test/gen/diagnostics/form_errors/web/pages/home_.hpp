#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

struct Model {
  std::string note;
};
struct Noop {};
using Msg = std::variant<Noop>;

struct Note {
  std::string text;
  std::map<std::string, std::string> extra;
  std::optional<bool> flag;
  std::string _form;
};
rally::FormResult<Model> server_form_note(const Note& form, ServerContext& ctx);
rally::FormResult<> server_form_wrong_result(const Note& form, ServerContext& ctx);
rally::FormResult<Model> server_form_not_struct(const std::string& text, ServerContext& ctx);

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&) { return rally::html::p({}, {}); }

}  // namespace web::pages::home_
