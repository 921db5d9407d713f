// The transport: moves JSON-RPC messages between the server and its client.
//
// Threading rule: loop() runs on the thread that calls it (the I/O thread) and calls the
// MessageHandler only on that thread. notify(), call(), reply(), post() and stop() may be
// called from any thread, before or during loop(); messages leave in the order in which
// those calls were made.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "lsp/transport/jsonrpc.hpp"

namespace kgls::lsp {

/// Receives classified messages. Invalid messages never reach it: the transport answers
/// them itself (-32700, -32600).
class MessageHandler {
 public:
  virtual ~MessageHandler() = default;
  virtual void on_notify(std::string_view method, json params) = 0;
  virtual void on_call(std::string_view method, json params, json id) = 0;
  /// A reply to one of our calls: `error` set, or `result`.
  virtual void on_reply(json id, json result, std::optional<RpcError> error) = 0;
};

class Transport {
 public:
  enum class End {
    Stopped,     // stop() was called.
    EndOfInput,  // The client closed our input.
    Failed,      // Reading or writing failed.
  };

  virtual ~Transport() = default;
  virtual void notify(std::string_view method, json params) = 0;
  virtual void call(std::string_view method, json params, json id) = 0;
  virtual void reply(json id, json result) = 0;
  virtual void reply_error(json id, RpcError error) = 0;
  /// The same as reply() and notify() with a result or params that are JSON text already
  /// (written without a tree, or cached): sent as they are, never parsed. The defaults
  /// parse them, for transports that only move trees.
  virtual void reply_text(json id, std::shared_ptr<const std::string> result) {
    reply(std::move(id), json::parse(*result));
  }
  virtual void notify_text(std::string_view method, std::shared_ptr<const std::string> params) {
    notify(method, json::parse(*params));
  }
  /// Runs `task` on the I/O thread after the messages read so far have been handed to the
  /// handler. The server defers its work this way so that a `$/cancelRequest` that
  /// arrived together with its request is seen before the request starts.
  virtual void post(std::function<void()> task) = 0;
  /// Makes loop() return once what was already sent has been written.
  virtual void stop() = 0;
  virtual End loop(MessageHandler& handler) = 0;
};

}  // namespace kgls::lsp
