#include "lsp/transport/stdio_transport.hpp"

#include <array>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace kgls::lsp {

namespace asio = boost::asio;

namespace {

// Log lines carry at most this much of a message body, so a large didOpen stays readable.
constexpr size_t kLogBodyLimit = 4000;

std::string clip(std::string_view text) {
  if (text.size() <= kLogBodyLimit) return std::string(text);
  return std::string(text.substr(0, kLogBodyLimit)) + "... (" + std::to_string(text.size()) +
         " bytes)";
}

json error_message(const json& id, const RpcError& error) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"error", {{"code", static_cast<int>(error.code)}, {"message", error.message}}}};
}

}  // namespace

StdioTransport::StdioTransport(int in_fd, int out_fd, Logger& log, FrameLimits limits)
    : log_(log), in_(io_), out_(io_), reader_(limits) {
  // Asio accepts descriptors that epoll cannot watch (a regular file given as stdin):
  // reads on them never block, so they complete at once.
  boost::system::error_code ec;
  in_.assign(in_fd, ec);
  if (ec) log_.error("cannot use input descriptor: " + ec.message());
  out_.assign(out_fd, ec);
  if (ec) log_.error("cannot use output descriptor: " + ec.message());
}

StdioTransport::~StdioTransport() {
  // The descriptors belong to the process (stdin/stdout); leave them open.
  if (in_.is_open()) in_.release();
  if (out_.is_open()) out_.release();
}

void StdioTransport::notify(std::string_view method, json params) {
  if (log_.enabled(LogLevel::Debug)) log_.debug("--> " + std::string(method));
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void StdioTransport::call(std::string_view method, json params, json id) {
  if (log_.enabled(LogLevel::Debug))
    log_.debug("--> " + std::string(method) + " (" + id_key(id) + ")");
  send({{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"method", method},
        {"params", std::move(params)}});
}

void StdioTransport::reply(json id, json result) {
  if (log_.enabled(LogLevel::Debug)) log_.debug("--> reply(" + id_key(id) + ")");
  send({{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"result", std::move(result)}});
}

void StdioTransport::reply_text(json id, std::shared_ptr<const std::string> result) {
  if (log_.enabled(LogLevel::Debug)) log_.debug("--> reply(" + id_key(id) + ")");
  // Members in the order serialize() writes them (by name).
  send_text("{\"id\":" + serialize(id) + ",\"jsonrpc\":\"2.0\",\"result\":", std::move(result), "}");
}

void StdioTransport::notify_text(std::string_view method, std::shared_ptr<const std::string> params) {
  if (log_.enabled(LogLevel::Debug)) log_.debug("--> " + std::string(method));
  send_text("{\"jsonrpc\":\"2.0\",\"method\":" + serialize(json(method)) + ",\"params\":",
            std::move(params), "}");
}

void StdioTransport::reply_error(json id, RpcError error) {
  log_.info("--> reply(" + id_key(id) + ") error " +
            std::to_string(static_cast<int>(error.code)) + ": " + error.message);
  send(error_message(id, error));
}

void StdioTransport::post(std::function<void()> task) { asio::post(io_, std::move(task)); }

void StdioTransport::stop() {
  asio::post(io_, [this] { finish(End::Stopped); });
}

void StdioTransport::send(json message) {
  // Serialised on the caller's thread: the I/O thread only copies bytes.
  std::string body = serialize(message);
  if (log_.enabled(LogLevel::Trace)) log_.trace("--> " + clip(body));
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  frame += body;
  enqueue({std::move(frame), nullptr, {}});
}

void StdioTransport::send_text(std::string prefix, std::shared_ptr<const std::string> body,
                               std::string suffix) {
  const size_t length = prefix.size() + body->size() + suffix.size();
  if (log_.enabled(LogLevel::Trace)) log_.trace("--> " + clip(prefix + clip(*body) + suffix));
  enqueue({"Content-Length: " + std::to_string(length) + "\r\n\r\n" + prefix, std::move(body),
           std::move(suffix)});
}

void StdioTransport::enqueue(Frame frame) {
  asio::post(io_, [this, frame = std::move(frame)]() mutable {
    queue_.push_back(std::move(frame));
    if (!writing_) write_next();
  });
}

void StdioTransport::write_next() {
  if (queue_.empty()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  const Frame& frame = queue_.front();
  const std::array<asio::const_buffer, 3> buffers{
      asio::buffer(frame.head), frame.body ? asio::buffer(*frame.body) : asio::const_buffer(),
      asio::buffer(frame.tail)};
  asio::async_write(out_, buffers,
                    [this](const boost::system::error_code& ec, size_t) {
                      if (ec) {
                        log_.error("cannot write to the client: " + ec.message());
                        queue_.clear();
                        writing_ = false;
                        finish(End::Failed);
                        return;
                      }
                      queue_.pop_front();
                      write_next();
                    });
}

void StdioTransport::finish(End end) {
  if (reading_done_) return;
  reading_done_ = true;
  end_ = end;
  boost::system::error_code ec;
  in_.cancel(ec);  // io_context::run() returns once the writes are flushed.
}

Transport::End StdioTransport::loop(MessageHandler& handler) {
  if (!in_.is_open() || !out_.is_open()) return End::Failed;
  handler_ = &handler;
  read_more();
  io_.run();
  handler_ = nullptr;
  return end_;
}

void StdioTransport::read_more() {
  if (reading_done_) return;
  in_.async_read_some(asio::buffer(buffer_), [this](const boost::system::error_code& ec,
                                                    size_t n) {
    if (ec) {
      if (ec == asio::error::eof) {
        if (!reader_.idle()) log_.warn("input ended in the middle of a message");
        log_.info("the client closed the input");
        finish(End::EndOfInput);
      } else if (ec != asio::error::operation_aborted) {
        log_.error("cannot read from the client: " + ec.message());
        finish(End::Failed);
      }
      return;
    }
    std::vector<FrameEvent> events;
    reader_.feed({buffer_.data(), n}, events);
    for (const auto& event : events) {
      if (reading_done_) break;  // Stopped: what follows is not ours to handle.
      dispatch(event);
    }
    read_more();
  });
}

void StdioTransport::dispatch(const FrameEvent& event) {
  switch (event.kind) {
    case FrameEvent::Kind::BadHeader:
      log_.warn("bad message header: " + event.text);
      send(error_message(nullptr, {ErrorCode::ParseError, "invalid message header: " + event.text}));
      return;
    case FrameEvent::Kind::TooLarge:
      log_.warn(event.text);
      send(error_message(nullptr, {ErrorCode::InvalidRequest, event.text}));
      return;
    case FrameEvent::Kind::Message:
      break;
  }
  if (log_.enabled(LogLevel::Trace)) log_.trace("<-- " + clip(event.text));
  Incoming in = classify(event.text);
  try {
    switch (in.kind) {
      case Incoming::Kind::Invalid:
        log_.warn("invalid message: " + in.error->message);
        send(error_message(in.id, *in.error));
        break;
      case Incoming::Kind::Call:
        if (log_.enabled(LogLevel::Debug))
          log_.debug("<-- " + in.method + " (" + id_key(in.id) + ")");
        handler_->on_call(in.method, std::move(in.params), in.id);  // id kept for the catch.
        break;
      case Incoming::Kind::Notify:
        if (log_.enabled(LogLevel::Debug)) log_.debug("<-- " + in.method);
        handler_->on_notify(in.method, std::move(in.params));
        break;
      case Incoming::Kind::Reply:
        if (log_.enabled(LogLevel::Debug)) log_.debug("<-- reply(" + id_key(in.id) + ")");
        handler_->on_reply(std::move(in.id), std::move(in.result), std::move(in.error));
        break;
    }
  } catch (const std::exception& e) {
    // A handler bug must not take the server down; a call still gets its one reply.
    log_.error("handling '" + in.method + "' failed: " + e.what());
    if (in.kind == Incoming::Kind::Call)
      send(error_message(in.id, {ErrorCode::InternalError, e.what()}));
  }
}

}  // namespace kgls::lsp
