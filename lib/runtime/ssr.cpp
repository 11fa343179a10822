// The HTML document around a server-rendered page.
#include "rally/ssr.hpp"

#include "rally/render.hpp"

namespace rally::ssr {

std::string render_document(const Document& doc) {
  std::string out;
  out.reserve(512 + doc.head_extra.size() + doc.body_html.size() + doc.model_base64.size() +
              doc.context_base64.size());
  out += "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  out += escape_text(doc.title);
  out += "</title>";
  // An empty icon, so browsers do not ask for /favicon.ico (a 404 and a console error) unless
  // head_extra declares a real one, which wins by coming later.
  out += "<link rel=\"icon\" href=\"data:,\">";
  out += doc.head_extra;
  out += "</head><body><div id=\"rally-root\">";
  out += doc.body_html;
  out += "</div>";
  if (!doc.page_id.empty()) {
    out += "<script type=\"application/octet-stream\" id=\"rally-data\" data-page=\"";
    out += escape_attribute(doc.page_id);
    out += "\" data-contract=\"";
    out += escape_attribute(doc.contract);
    if (!doc.context_base64.empty()) {
      out += "\" data-context=\"";
      out += escape_attribute(doc.context_base64);
    }
    if (!doc.csrf_token.empty()) {
      out += "\" data-csrf=\"";
      out += escape_attribute(doc.csrf_token);
    }
    if (doc.call_timeout_ms > 0) {
      out += "\" data-call-timeout=\"";
      out += std::to_string(doc.call_timeout_ms);
    }
    out += "\">";
    // Base64 never contains '<'; escaping anyway means a bad value cannot close the script early.
    out += escape_text(doc.model_base64);
    out += "</script><script src=\"";
    out += escape_attribute(doc.client_script);
    out += "\" defer></script>";
  }
  out += "</body></html>";
  return out;
}

}  // namespace rally::ssr
