#pragma once
// The HTML document around a server-rendered page, with what the client needs to hydrate it.
#include <string>

#include "element.hpp"

namespace rally::ssr {

struct Document {
  std::string title;
  std::string head_extra;     // extra trusted HTML for <head> (stylesheets, meta)
  std::string body_html;      // the rendered view, placed inside <div id="rally-root">
  // Hydration; all empty for a static page (no client code is loaded).
  std::string page_id;        // which page of the namespace's client to hydrate
  std::string model_base64;   // the encoded Model
  std::string contract;       // contract hash (hex) of the namespace
  std::string client_script;  // URL of the namespace's client bundle, e.g. "/_rally/web.js"
  // The namespace's encoded ClientContext, in base64 (empty when it has none): data-context.
  std::string context_base64;
  // The session's CSRF token, for rally::html::post_form on the client (empty: none): data-csrf.
  std::string csrf_token;
  // How long the client waits for a server call's answer, in ms (0: its default): data-call-timeout.
  int call_timeout_ms = 0;
};

// <!doctype html> ... <div id="rally-root">BODY</div>
// <script type="application/octet-stream" id="rally-data" data-page=.. data-contract=..
//         [data-context=..] [data-csrf=..] [data-call-timeout=..]>MODEL</script>
// <script src=CLIENT defer></script>
std::string render_document(const Document& doc);
// The same with `body` rendered straight into the document (doc.body_html is not used).
std::string render_document(const Document& doc, const Node& body);

}  // namespace rally::ssr
