// Typed handlers: a feature registers `void(const Params&, Callback<Result>)` and never
// sees raw JSON. Params that do not parse become a -32602 reply saying where they were
// wrong; a Callback sends exactly one reply, whatever thread it is called on.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <type_traits>

#include "lsp/language/cancel.hpp"
#include "lsp/protocol/protocol.hpp"
#include "lsp/logger.hpp"
#include "lsp/transport/transport.hpp"

namespace kgls::lsp {

/// The one reply a request is owed. Shared by the copies of its Callback; when the last
/// copy goes away without replying (a bug, or work abandoned at exit), it sends an
/// internal error so the client is never left waiting.
class PendingReply {
 public:
  PendingReply(Transport& transport, Logger& log, json id, std::string method,
               lang::CancelToken cancel, std::function<void()> on_done);
  ~PendingReply();
  PendingReply(const PendingReply&) = delete;
  PendingReply& operator=(const PendingReply&) = delete;

  /// A cancelled request gets -32800 instead of its result.
  void result(json value);
  /// A result that is JSON text already (json_text.hpp), sent without a tree.
  void result_text(std::shared_ptr<const std::string> text);
  void error(RpcError error);
  const lang::CancelToken& cancel() const { return cancel_; }
  const std::string& method() const { return method_; }
  /// Marks when the work began (after waiting for a snapshot and a worker): the debug log
  /// then tells the wait from the work.
  void started() { begun_ = std::chrono::steady_clock::now(); }

 private:
  bool claim();  // True for the first reply only.

  Transport& transport_;
  Logger& log_;
  json id_;
  std::string method_;
  lang::CancelToken cancel_;
  std::function<void()> on_done_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point begun_;  // Unset: no wait recorded.
  std::atomic<bool> replied_{false};
};

template <class T>
class Callback {
 public:
  explicit Callback(std::shared_ptr<PendingReply> reply) : reply_(std::move(reply)) {}
  void operator()(const T& value) const {
    if constexpr (std::is_same_v<T, JsonText>) reply_->result_text(value.text);
    else reply_->result(toJSON(value));
  }
  void error(RpcError error) const { reply_->error(std::move(error)); }
  const lang::CancelToken& cancel() const { return reply_->cancel(); }
  void started() const { reply_->started(); }

 private:
  std::shared_ptr<PendingReply> reply_;
};

class Binder {
 public:
  using CallHandler = std::function<void(const json& params, std::shared_ptr<PendingReply>)>;
  using NotifyHandler = std::function<void(const json& params)>;

  explicit Binder(Logger& log) : log_(log) {}

  template <class Params, class Result>
  void request(const std::string& method,
               std::function<void(const Params&, Callback<Result>)> handler) {
    calls_[method] = [handler = std::move(handler)](const json& params,
                                                    std::shared_ptr<PendingReply> reply) {
      JsonError error;
      auto parsed = parse_json<Params>(params, "params", error);
      if (!parsed) {
        reply->error({ErrorCode::InvalidParams, "invalid params: " + error.message()});
        return;
      }
      handler(*parsed, Callback<Result>(std::move(reply)));
    };
  }

  template <class Params>
  void notification(const std::string& method, std::function<void(const Params&)> handler) {
    notifications_[method] = [this, method, handler = std::move(handler)](const json& params) {
      JsonError error;
      auto parsed = parse_json<Params>(params, "params", error);
      if (!parsed) {
        // A notification has no reply to carry the error; the log is all there is.
        log_.warn("ignoring " + method + ": invalid params: " + error.message());
        return;
      }
      handler(*parsed);
    };
  }

  const CallHandler* find_call(const std::string& method) const {
    auto it = calls_.find(method);
    return it == calls_.end() ? nullptr : &it->second;
  }
  const NotifyHandler* find_notification(const std::string& method) const {
    auto it = notifications_.find(method);
    return it == notifications_.end() ? nullptr : &it->second;
  }

 private:
  Logger& log_;
  std::map<std::string, CallHandler> calls_;
  std::map<std::string, NotifyHandler> notifications_;
};

}  // namespace kgls::lsp
