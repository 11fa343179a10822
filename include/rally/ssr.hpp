#pragma once
// The HTML document around a server-rendered page, with what the client needs to hydrate it.
#include <string>
#include <string_view>

#include "element.hpp"

namespace rally::ssr {

// Views of what the caller owns: a page rendered once keeps its body and model, and only the
// per-request parts are made anew.
struct Document {
  std::string_view title;
  std::string_view head_extra;     // extra trusted HTML for <head> (stylesheets, meta)
  std::string_view body_html;      // the rendered view, placed inside <div id="rally-root">
  // Hydration; all empty for a static page (no client code is loaded).
  std::string_view page_id;        // which page of the namespace's client to hydrate
  std::string_view model_base64;   // the encoded Model
  std::string_view contract;       // contract hash (hex) of the namespace
  std::string_view client_script;  // URL of the namespace's client bundle, e.g. "/_rally/web.js"
  // The namespace's encoded ClientContext, in base64 (empty when it has none): data-context.
  std::string_view context_base64;
  // The session's CSRF token, for rally::html::post_form on the client (empty: none): data-csrf.
  std::string_view csrf_token;
  // How long the client waits for a server call's answer, in ms (0: its default): data-call-timeout.
  int call_timeout_ms = 0;
  // Development only: the stamp of the dev server that rendered the page (empty: none): data-dev,
  // and the dev server's script for every page (the build status over the page; a page without a
  // client watches the build with a socket of its own), trusted and inlined with the stamp.
  std::string_view dev_stamp;
  std::string_view dev_script;
};

// <!doctype html> ... <div id="rally-root">BODY</div>
// <script type="application/octet-stream" id="rally-data" data-page=.. data-contract=..
//         [data-context=..] [data-csrf=..] [data-call-timeout=..] [data-dev=..]>MODEL</script>
// <script src=CLIENT defer></script>
// [<script id="rally-dev-tools" data-dev=..>DEV_SCRIPT</script>]
std::string render_document(const Document& doc);
// The same with `body` rendered straight into the document (doc.body_html is not used).
std::string render_document(const Document& doc, const Node& body);

}  // namespace rally::ssr
