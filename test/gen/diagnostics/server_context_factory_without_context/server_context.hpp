#pragma once
#include <rally/server/request.hpp>
struct Session {};
Session make_server_context(const rally::Request& request);
