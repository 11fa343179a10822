#pragma once
// The JavaScript functions of rally_client.js as C++ sees them, and helpers to move strings out
// of JS. WASM only.
#include <cstdint>
#include <string>
#include <string_view>

extern "C" {
void rally_take(char* buf);  // the bytes JS left behind last (a string's UTF-8, a frame, decoded base64)
void rally_log(int level, const char* text, int len);

std::uint32_t rally_root(std::uint32_t proposed);  // the handle of #rally-root, 0: none
int rally_boot_data(int field);
void rally_set_csrf(const char* token, int len);  // #rally-data's data-csrf, after a session change
int rally_boot_bytes(int field);  // -1: absent, -2: not base64
int rally_call_timeout();  // ms, -1: the server set none
void rally_mark_hydrated();
int rally_submitting();  // 1 while the browser posts a form of this document (or leaves it)

// Reads. A node JS has no handle for yet gets `proposed` (a number C++ allocated).
std::uint32_t rally_dom_first_child(std::uint32_t h, std::uint32_t proposed);
std::uint32_t rally_dom_next_sibling(std::uint32_t h, std::uint32_t proposed);
int rally_dom_node_type(std::uint32_t h);
int rally_dom_tag(std::uint32_t h);
int rally_dom_text(std::uint32_t h);
int rally_dom_attr_names(std::uint32_t h);
int rally_dom_get_attr(std::uint32_t h, const char* name, int name_len);
int rally_dom_get_value(std::uint32_t h);          // -1: the node has no value
void rally_dom_dispatch_input(std::uint32_t h);    // an input event, as if the user typed
// Writes: runs a command buffer of `words` 32-bit words (see js_dom.cpp) whose strings are in
// the UTF-8 arena `strings`.
void rally_dom_apply(const std::uint32_t* ops, int words, const char* strings, int strings_len);

void rally_listen(int index, const char* type, int type_len);
std::uint32_t rally_event_path(int i);
int rally_event_data(int field);
void rally_event_control(int prevent_default, int stop_propagation);

int rally_set_timeout(int id, int ms);
void rally_clear_timeout(int token);
void rally_schedule_render();
double rally_random();

int rally_location();
void rally_nav_start();
int rally_resolve_url(const char* url, int len);
void rally_history(int replace, const char* url, int len);
void rally_full_load(int replace, const char* url, int len);
void rally_set_title(const char* title, int len);
void rally_scroll_to(const char* hash, int len);

void rally_ws_open(const char* path, int path_len);
int rally_ws_send(const char* data, int len);
void rally_ws_close();
void rally_connection_state(int state);
int rally_reload(const char* reason, int len, int guard_ms);  // 1: reloading; 0: one ran within guard_ms
// Development builds (rally_dev.js): the page's data-dev stamp (its length; -1: none), and
// rally dev's build status ("building", "ok", "reload", "failed\n<diagnostics>") shown over the page.
int rally_dev_stamp();
void rally_dev_status(const char* text, int len);
// The dev inspector: window.rallyDev, a message through update (`bytes_len` -1: not recordable),
// a server call's outcome, and the start of a recording (`why` set when there can be none).
void rally_dev_install();
void rally_dev_update(const char* page, int page_len, const char* text, int text_len, const char* bytes, int bytes_len);
void rally_dev_call(const char* text, int text_len);
void rally_dev_recording(const char* page, int page_len, const char* model, int model_len, const char* why, int why_len);
void rally_dev_page_shown();  // another page instance runs (a navigation): a recording ends there
}

namespace rally::client::js {

// Collects the string (or bytes) a rally_* function left behind and returned the length of
// (-1: none).
inline std::string take_string(int len) {
  if (len < 0) return {};
  std::string s(static_cast<std::size_t>(len), '\0');
  rally_take(s.data());
  return s;
}

enum class Level { info = 0, warn = 1, error = 2 };
inline void log(Level level, std::string_view text) {
  rally_log(static_cast<int>(level), text.data(), static_cast<int>(text.size()));
}

}  // namespace rally::client::js
