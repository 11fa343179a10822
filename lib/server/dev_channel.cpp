#include "dev_channel.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <sodium.h>

#include "dev_state.hpp"
#include "topic_hub.hpp"
#include "rally/wire.hpp"

namespace rally::server::detail {

namespace net = boost::asio;
namespace fs = std::filesystem;

namespace {

// More than any build's diagnostics worth reading in a browser; a longer file is cut here.
constexpr std::size_t max_status_bytes = 256 * 1024;

std::string new_stamp() {
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace

struct DevChannel::Impl : std::enable_shared_from_this<Impl> {
  Impl(net::io_context& loop, fs::path file) : file(std::move(file)), events(loop) {}

  // rally dev replaces the file by renaming a new one over it (IN_MOVED_TO); an editor or a test
  // may write it in place (IN_CLOSE_WRITE).
  void read_events() {
    events.async_read_some(net::buffer(buffer), [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
      if (ec) return;  // the channel is closing (operation_aborted), or inotify failed: no relay
      bool ours = false;
      for (std::size_t at = 0; at + sizeof(inotify_event) <= n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(self->buffer.data() + at);
        if (event->len > 0 && self->file.filename() == event->name) ours = true;
        at += sizeof(inotify_event) + event->len;
      }
      if (ours) self->relay();
      self->read_events();
    });
  }

  void relay() {
    std::ifstream in(file, std::ios::binary);
    if (!in) return;  // removed: keep the last state
    std::string status;
    status.resize(max_status_bytes);
    in.read(status.data(), static_cast<std::streamsize>(status.size()));
    status.resize(static_cast<std::size_t>(in.gcount()));
    if (status.empty()) return;  // caught between create and write
    set_dev_status(status);
    topic_hub().deliver(wire::audience_dev, "", status);
  }

  fs::path file;
  net::posix::stream_descriptor events;
  alignas(inotify_event) std::array<char, 8192> buffer{};
};

DevChannel::DevChannel(net::io_context& loop, const std::string& status_file) {
  const fs::path file = fs::absolute(status_file);
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) throw std::runtime_error(std::string("RALLY_DEV_STATUS: inotify: ") + std::strerror(errno));
  if (inotify_add_watch(fd, file.parent_path().c_str(), IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
    const int error = errno;
    close(fd);
    throw std::runtime_error("RALLY_DEV_STATUS: cannot watch " + file.parent_path().string() + ": " + std::strerror(error));
  }
  impl_ = std::make_shared<Impl>(loop, file);
  impl_->events.assign(fd);
  set_dev_stamp(new_stamp());
  set_dev_status("ok");
  impl_->relay();  // the state of a build that ran before this server started
  impl_->read_events();
}

DevChannel::~DevChannel() {
  boost::system::error_code ignored;
  impl_->events.close(ignored);
  set_dev_stamp({});
}

}  // namespace rally::server::detail
