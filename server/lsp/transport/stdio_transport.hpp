// JSON-RPC over a pair of file descriptors (stdin/stdout) on Boost.Asio.
#pragma once
#include <array>
#include <deque>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "lsp/transport/framing.hpp"
#include "lsp/logger.hpp"
#include "lsp/transport/transport.hpp"

namespace kgls::lsp {

class StdioTransport final : public Transport {
 public:
  /// Reads frames from `in_fd` and writes frames to `out_fd`; neither is closed at the end.
  StdioTransport(int in_fd, int out_fd, Logger& log, FrameLimits limits = {});
  ~StdioTransport() override;

  void notify(std::string_view method, json params) override;
  void call(std::string_view method, json params, json id) override;
  void reply(json id, json result) override;
  void reply_error(json id, RpcError error) override;
  void reply_text(json id, std::shared_ptr<const std::string> result) override;
  void notify_text(std::string_view method, std::shared_ptr<const std::string> params) override;
  void post(std::function<void()> task) override;
  void stop() override;
  End loop(MessageHandler& handler) override;

 private:
  // One framed message: `head`, then `body` (shared, not copied: a cached reply of
  // megabytes), then `tail`.
  struct Frame {
    std::string head;
    std::shared_ptr<const std::string> body;
    std::string tail;
  };
  void send(json message);  // Any thread.
  /// Sends `prefix` + *body + `suffix` as one message; any thread.
  void send_text(std::string prefix, std::shared_ptr<const std::string> body, std::string suffix);
  void enqueue(Frame frame);
  void read_more();
  void dispatch(const FrameEvent& event);
  void write_next();
  void finish(End end);

  Logger& log_;
  boost::asio::io_context io_;
  boost::asio::posix::stream_descriptor in_;
  boost::asio::posix::stream_descriptor out_;
  FrameReader reader_;
  std::array<char, 64 * 1024> buffer_{};
  MessageHandler* handler_ = nullptr;
  // I/O thread only:
  std::deque<Frame> queue_;  // Framed messages waiting to be written.
  bool writing_ = false;
  bool reading_done_ = false;
  End end_ = End::Stopped;
};

}  // namespace kgls::lsp
