#pragma once
// Server logging to stderr and trace ids. Boost-free.
#include <string>
#include <string_view>

namespace rally::server {

// 16 random lowercase hex digits that tie a client-visible error to a server log line.
std::string new_trace_id();

// Writes "rally: <line>\n" to stderr in one piece, so lines from different threads never interleave.
void log_line(std::string_view line);

// The small page a failed render answers with: names only the trace id, never the exception.
std::string error_page(int status, std::string_view title, std::string_view trace_id);

}  // namespace rally::server
