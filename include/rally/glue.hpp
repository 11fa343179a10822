#pragma once
// Vocabulary shared by the generated page glue of the server (rally/server/page.hpp) and of the
// client (rally/client/page.hpp): how a page's route and query travel, and the stand-ins for
// contexts an app or a namespace does not have.
#include <utility>

#include "codec.hpp"
#include "load.hpp"

namespace rally {

// A page's route params then the URL's query: what client-side navigation sends as the payload of
// a page's load handler, what the client hands a page's init(), and what SSR appends to the model
// when init() reads them (so the client can run init()'s effects with the same arguments).
template <class Route>
struct PageParams {
  Route route;
  Query query;
};

// The route of a namespace's not_found_ page, which has no path of its own.
struct NoRoute {
  bool operator==(const NoRoute&) const = default;
};

// The ClientContext of a namespace that declares none, and the ServerContext of an app without
// one: page glue passes it where the page's functions take nothing.
struct NoContext {};

namespace codec {
template <class Route>
struct Codec<PageParams<Route>> {
  static void encode(Writer& w, const PageParams<Route>& v) {
    rally::codec::encode(w, v.route);
    rally::codec::encode(w, v.query);
  }
  static void decode(Reader& r, PageParams<Route>& v) {
    if (!r.enter()) return;
    rally::codec::decode(r, v.route);
    rally::codec::decode(r, v.query);
    r.leave();
  }
};
template <>
struct Codec<NoRoute> {
  static void encode(Writer&, const NoRoute&) {}
  static void decode(Reader&, NoRoute&) {}
};
}  // namespace codec

}  // namespace rally
