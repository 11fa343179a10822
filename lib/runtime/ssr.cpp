// The HTML document around a server-rendered page.
#include "rally/ssr.hpp"

#include "rally/render.hpp"

namespace rally::ssr {

namespace {

// The parser decodes no entities inside <script>: only a '<' could end it early. Base64 has none and
// is copied as it is (one memchr: escaping a 33 KB model byte by byte was 39% of a page served from
// its first render); anything else is escaped, so a bad value cannot close the script.
void append_script_data(std::string& out, std::string_view s) {
  if (s.find('<') == std::string_view::npos) out += s;  // memchr
  else append_escaped_text(out, s);
}

// Writes the document with the body written by `body(out)`.
template <class Body>
std::string write_document(const Document& doc, Body body) {
  // A page tends to be the size it was the last time: reserving that at once saves the copies of
  // a growing buffer (a 50 KB page would otherwise be reallocated a dozen times).
  thread_local std::size_t size_hint = 4096;
  std::string out;
  out.reserve(size_hint + doc.head_extra.size() + doc.model_base64.size() + doc.context_base64.size());
  out += "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  append_escaped_text(out, doc.title);
  out += "</title>";
  // An empty icon, so browsers do not ask for /favicon.ico (a 404 and a console error) unless
  // head_extra declares a real one, which wins by coming later.
  out += "<link rel=\"icon\" href=\"data:,\">";
  out += doc.head_extra;
  out += "</head><body><div id=\"rally-root\">";
  body(out);
  out += "</div>";
  if (!doc.page_id.empty()) {
    out += "<script type=\"application/octet-stream\" id=\"rally-data\" data-page=\"";
    append_escaped_attribute(out, doc.page_id);
    out += "\" data-contract=\"";
    append_escaped_attribute(out, doc.contract);
    if (!doc.context_base64.empty()) {
      out += "\" data-context=\"";
      append_escaped_attribute(out, doc.context_base64);
    }
    if (!doc.csrf_token.empty()) {
      out += "\" data-csrf=\"";
      append_escaped_attribute(out, doc.csrf_token);
    }
    if (doc.call_timeout_ms > 0) {
      out += "\" data-call-timeout=\"";
      out += std::to_string(doc.call_timeout_ms);
    }
    if (!doc.dev_stamp.empty()) {
      out += "\" data-dev=\"";
      append_escaped_attribute(out, doc.dev_stamp);
    }
    out += "\">";
    append_script_data(out, doc.model_base64);
    out += "</script><script src=\"";
    append_escaped_attribute(out, doc.client_script);
    out += "\" defer></script>";
  }
  if (!doc.dev_stamp.empty() && !doc.dev_script.empty()) {
    out += "<script id=\"rally-dev-tools\" data-dev=\"";
    append_escaped_attribute(out, doc.dev_stamp);
    out += "\">";
    out += doc.dev_script;
    out += "</script>";
  }
  out += "</body></html>";
  size_hint = out.size() - doc.head_extra.size() - doc.model_base64.size() - doc.context_base64.size();
  return out;
}

}  // namespace

std::string render_document(const Document& doc) {
  return write_document(doc, [&](std::string& out) { out += doc.body_html; });
}

std::string render_document(const Document& doc, const Node& body) {
  return write_document(doc, [&](std::string& out) { render_html(body, out); });
}

}  // namespace rally::ssr
