#pragma once
// When a page's HTML is rendered: declared in the page header, read by rally-gen.
//
//   inline constexpr rally::Rendering rendering = rally::Rendering::every_request;
//
// By default a page whose HTML cannot depend on the request is rendered once, on its first
// request, and its HTML (layout, title and hydration model included) is served from then on:
// no load(), an init() without route params, query or ClientContext, and a view, title and
// namespace layout that take no ClientContext. A page whose view reads something else that
// changes (the clock, a global) opts out with `every_request`. See docs/pages.md.
namespace rally {

enum class Rendering {
  automatic,      // the default: once, when nothing the page takes depends on the request
  every_request,  // always render anew
};

}  // namespace rally
