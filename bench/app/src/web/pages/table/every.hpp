#pragma once
// /table rendered on every request, as the React peer does: what the server-side renderer costs.
#include <rally/page.hpp>
#include "server_context.hpp"
#include "web/rows.hpp"
#include "web/tables.hpp"

namespace web::pages::table::every {
inline constexpr rally::Rendering rendering = rally::Rendering::every_request;
inline rally::Node view() { return bench::rows_table(bench::make_rows(1000), false); }
}  // namespace web::pages::table::every
