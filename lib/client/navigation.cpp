// Client-side navigation: intercepted links, the navigate effect and back/forward show another
// page of this namespace without reloading the document; anything this client cannot show itself
// (another namespace, a static page, an unknown path, a failed load) is a full page load, so the
// server always has the last word. Reached only through navigation_hooks(), which the generated
// client names when its namespace has another page to show: a one-page client links none of this.
#include <emscripten/emscripten.h>

#include <string>
#include <utility>

#include "js.hpp"
#include "loop.hpp"
#include "runtime.hpp"

namespace rally::client {

namespace {

// A chain of load() redirects longer than this is a loop; the server gets to answer it instead.
constexpr int max_redirects = 10;

int len(const std::string& s) { return static_cast<int>(s.size()); }

bool inside_root(const std::string& root, const std::string& path) {
  std::string r = root;
  while (r.size() > 1 && r.back() == '/') r.pop_back();
  if (r.empty() || r == "/") return true;
  return path.compare(0, r.size(), r) == 0 && (path.size() == r.size() || path[r.size()] == '/');
}

}  // namespace

Runtime::Target Runtime::split(const std::string& url) {
  Target t;
  std::string rest = url;
  if (auto h = rest.find('#'); h != std::string::npos) {
    t.hash = rest.substr(h + 1);
    rest.resize(h);
  }
  if (auto q = rest.find('?'); q != std::string::npos) {
    t.query = rest.substr(q + 1);
    rest.resize(q);
  }
  t.path = rest.empty() ? "/" : rest;
  return t;
}

void Runtime::start_navigation() { rally_nav_start(); }

const PageEntry* Runtime::resolve(const Target& target, std::string& params) const {
  if (!app_.match || !inside_root(app_.route_root, target.path)) return nullptr;
  auto found = app_.match(target.path, target.query);
  if (!found) return nullptr;
  for (const auto& page : app_.pages) {
    if (page.id != found->page_id) continue;
    bool can_show = page.load_handler ? static_cast<bool>(page.from_load) : static_cast<bool>(page.init);
    if (page.is_static || !can_show) return nullptr;
    params = std::move(found->params);
    return &page;
  }
  return nullptr;
}

bool Runtime::follow_link(const std::string& url) {
  Target target = split(url);
  std::string params;
  if (!tree_ || !resolve(target, params)) return false;
  visit(target, History::push, 0);
  return true;
}

void Runtime::follow_popstate(const std::string& url) {
  Target target = split(url);
  // Only the #fragment moved (an in-page anchor, or back over one): the page stays.
  if (target.path_query() == location_) return;
  visit(target, History::none, 0);
}

void Runtime::navigate_here(const std::string& path) {
  // Effects run inside the current page's update (and event dispatch walks the current vdom):
  // replacing the page right now would destroy both under their own feet.
  loop::defer([this, path] {
    int n = rally_resolve_url(path.c_str(), len(path));
    if (n < 0) return rally_full_load(0, path.c_str(), len(path));  // another origin
    Target target = split(js::take_string(n));
    if (!target.hash.empty() && target.path_query() == location_) {
      std::string url = target.url();
      return rally_full_load(0, url.c_str(), len(url));  // the browser only scrolls to the anchor
    }
    visit(target, History::push, 0);
  });
}

// The session changed under this tab: a page built by load() is loaded again for the new session
// (another user's data, or, when the new session may not see it, the server's answer: the sign-in
// page). A page started by init() has nothing of the session's to refresh.
void Runtime::refresh_page() {
  Target target = split(location_);
  std::string params;
  const PageEntry* entry = resolve(target, params);
  if (entry && entry->load_handler) visit(target, History::none, 0, /*quiet=*/true);
}

void Runtime::visit(const Target& target, History history, int redirects, bool quiet) {
  // Going to the page already shown rewrites its entry rather than stacking a duplicate.
  if (history == History::push && target.path_query() == location_) history = History::replace;
  std::string params;
  const PageEntry* entry = resolve(target, params);
  if (!entry || !tree_) return full_load(target, history, "");
  std::uint64_t id = ++navigation_;

  if (!entry->load_handler) {
    std::string error;
    auto page = entry->init(*this, params, error);
    if (!page) return full_load(target, history, "could not start page \"" + entry->id + "\": " + error);
    return show(std::move(page), target, history);
  }

  // The old page stays (and stays interactive) until the answer arrives.
  transport_.call_raw(
      entry->load_handler, params,
      [this, id, entry, target, history, redirects](std::string_view payload) {
        if (id != navigation_) return;  // a later navigation (or back/forward) won
        std::string error;
        Loaded loaded = entry->from_load(*this, payload, error);
        if (loaded.page) return show(std::move(loaded.page), target, history);
        if (!error.empty() || (loaded.redirect.empty() && !loaded.not_found))
          return full_load(target, history,
                           "the load answer for page \"" + entry->id + "\" did not decode: " +
                               (error.empty() ? "no page, redirect or not-found" : error));
        // The server renders its 404 page itself.
        if (loaded.not_found) return full_load(target, history, "");
        if (redirects >= max_redirects) return full_load(target, history, "load() redirected too many times");
        // The redirect takes the place of the page that asked for it: nothing was pushed yet for
        // a pushed navigation, and after back/forward the entry that redirected is rewritten.
        int n = rally_resolve_url(loaded.redirect.c_str(), len(loaded.redirect));
        History next = history == History::push ? History::push : History::replace;
        if (n < 0) return rally_full_load(next != History::push, loaded.redirect.c_str(), len(loaded.redirect));
        visit(split(js::take_string(n)), next, redirects + 1);
      },
      [this, id, target, history, quiet](const std::string& error) {
        if (id != navigation_) return;
        full_load(target, history, quiet ? "" : "loading " + target.path_query() + " failed: " + error);
      });
}

void Runtime::show(std::unique_ptr<PageInstance> page, const Target& target, History history) {
  std::string url = target.url();
  if (history != History::none) rally_history(history == History::replace, url.c_str(), len(url));
  location_ = target.path_query();
  // Destroying the old page flips its alive_ guard: answers to its pending calls are dropped.
  page_ = std::move(page);
#ifdef RALLY_DEV_TOOLS
  rally_dev_page_shown();  // a recording of the old page's messages ends here
#endif
  // The whole view is patched, layout included: the layout's nodes match and are kept.
  render();
  if (history != History::none) rally_scroll_to(target.hash.c_str(), len(target.hash));
}

void Runtime::full_load(const Target& target, History history, const std::string& why) {
  if (!why.empty()) js::log(js::Level::error, "rally: " + why + "; loading the page from the server instead");
  ++navigation_;  // whatever is still loading has lost
  std::string url = target.url();
  // After back/forward the URL is already this one: replace it instead of stacking a copy.
  rally_full_load(history != History::push, url.c_str(), len(url));
}

const NavigationHooks* navigation_hooks() {
  static constexpr NavigationHooks hooks{&Runtime::start_navigation, &Runtime::follow_link, &Runtime::follow_popstate,
                                         &Runtime::navigate_here, &Runtime::refresh_page};
  return &hooks;
}

}  // namespace rally::client

// Called by rally_client.js. The strings were left in rally.bytes.
extern "C" {
EMSCRIPTEN_KEEPALIVE int rally_on_link(int length) {
  std::string url = rally::client::js::take_string(length);
  auto* r = rally::client::runtime;
  return r && r->on_link(url) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void rally_on_popstate(int length) {
  std::string url = rally::client::js::take_string(length);
  if (auto* r = rally::client::runtime) r->on_popstate(url);
}
}
