// Cooperative cancellation: the LSP layer flips the flag on $/cancelRequest; long loops
// in the features call check() and unwind with Cancelled.
#pragma once
#include <atomic>
#include <exception>
#include <memory>

namespace kgls::lang {

struct Cancelled : std::exception {
  const char* what() const noexcept override { return "the request was cancelled"; }
};

/// Copies share one flag.
class CancelToken {
 public:
  CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  void cancel() const { flag_->store(true, std::memory_order_relaxed); }
  bool cancelled() const { return flag_->load(std::memory_order_relaxed); }
  void check() const {
    if (cancelled()) throw Cancelled();
  }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace kgls::lang
