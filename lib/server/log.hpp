#pragma once
// Server logging to stderr and trace ids. Boost-free.
//
// Two kinds of lines: problems (log_line) are written at once, so that a crash right after one
// never loses it; the routine lines of every request and server call (log_routine) are gathered in
// a buffer that a background thread writes out a few times a second, or when it fills, so that
// logging costs a string append under load instead of a write(2) per request. A problem line first
// writes out what is buffered, so the log stays in order.
#include <string>
#include <string_view>

namespace rally::server {

// 16 random lowercase hex digits that tie a client-visible error to a server log line.
std::string new_trace_id();

// Writes "rally: <line>\n" to stderr now, after any buffered routine lines, in one piece.
void log_line(std::string_view line);

// Buffers "rally: <line>\n" for the background writer (at most ~0.2 s late).
void log_routine(std::string_view line);

// Writes out what is buffered now (a server's stop, the end of main).
void flush_log();

// The small page a failed render answers with: names only the trace id, never the exception.
std::string error_page(int status, std::string_view title, std::string_view trace_id);

}  // namespace rally::server
