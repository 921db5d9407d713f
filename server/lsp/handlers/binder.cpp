#include "lsp/handlers/binder.hpp"

#include "kgls/support/clock.hpp"

namespace kgls::lsp {

PendingReply::PendingReply(Transport& transport, Logger& log, json id, std::string method,
                           lang::CancelToken cancel, std::function<void()> on_done)
    : transport_(transport),
      log_(log),
      id_(std::move(id)),
      method_(std::move(method)),
      cancel_(std::move(cancel)),
      on_done_(std::move(on_done)),
      start_(std::chrono::steady_clock::now()) {}

PendingReply::~PendingReply() {
  if (!replied_) {
    log_.error("no reply was sent for " + method_ + " (" + id_key(id_) + ")");
    error({ErrorCode::InternalError, "the server dropped the request " + method_});
  }
}

bool PendingReply::claim() {
  if (replied_.exchange(true)) {
    log_.error("a second reply to " + method_ + " (" + id_key(id_) + ") was dropped");
    return false;
  }
  if (on_done_) on_done_();
  if (log_.enabled(LogLevel::Debug)) {
    const auto now = std::chrono::steady_clock::now();
    std::string line = method_ + " (" + id_key(id_) + ") took " + milliseconds_text(now - start_);
    if (begun_ != std::chrono::steady_clock::time_point{})
      line += " (" + milliseconds_text(begun_ - start_) + " waiting for a snapshot and a worker)";
    log_.debug(line);
  }
  return true;
}

void PendingReply::result(json value) {
  if (cancel_.cancelled()) {
    error({ErrorCode::RequestCancelled, "the request was cancelled"});
    return;
  }
  if (claim()) transport_.reply(id_, std::move(value));
}

void PendingReply::result_text(std::shared_ptr<const std::string> text) {
  if (cancel_.cancelled()) {
    error({ErrorCode::RequestCancelled, "the request was cancelled"});
    return;
  }
  if (claim()) transport_.reply_text(id_, std::move(text));
}

void PendingReply::error(RpcError error) {
  if (claim()) transport_.reply_error(id_, std::move(error));
}

}  // namespace kgls::lsp
