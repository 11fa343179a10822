#pragma once
// Rally's own "this cannot go on" errors: a bad element name, Result::value() on an error, a
// handler whose message is not one of the page's. On the server they throw, so the request answers
// 500 and the log names the cause. The WASM client is built with -fno-exceptions (the unwinding
// support and the exception types' records were ~3 KB gzip of the counter's bundle): there the
// message goes to the browser console and the client stops, as an uncaught exception did before.
#include <string>

#if !defined(__cpp_exceptions)
#include <cstdio>
#include <cstdlib>
#if defined(__EMSCRIPTEN__)
#include <emscripten/console.h>
#endif
#endif

namespace rally {

template <class Exception>
[[noreturn]] void fail(const std::string& what) {
#if defined(__cpp_exceptions)
  throw Exception(what);
#else
#if defined(__EMSCRIPTEN__)
  emscripten_console_error(what.c_str());
#else
  std::fputs((what + "\n").c_str(), stderr);
#endif
  std::abort();
#endif
}

}  // namespace rally
