#pragma once
// Private, development only: the part of a dev server (Options::dev_status_file) that needs an
// event loop. It gives the server its stamp and watches rally dev's status file with inotify,
// relaying every change to the tabs on wire::audience_dev.
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace rally::server::detail {

class DevChannel {
 public:
  // Watches `status_file` on `loop` (the file need not exist yet, its folder must). Throws
  // std::runtime_error saying what failed.
  DevChannel(boost::asio::io_context& loop, const std::string& status_file);
  ~DevChannel();  // before `loop` is destroyed; clears the stamp
  DevChannel(const DevChannel&) = delete;
  DevChannel& operator=(const DevChannel&) = delete;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rally::server::detail
