#include "lsp/language/background.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace kgls::lang {

void run_at_low_priority(boost::asio::thread_pool& pool) {
  boost::asio::post(pool, [] {
    // On Linux a thread's nice value is its own (the "process" of setpriority is the
    // thread's ID); threads it starts inherit it.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBackgroundNice);
  });
}

bool drain(boost::asio::thread_pool& pool) {
  // One thread runs the tasks in order: a task posted now runs after the others. Shared,
  // so that a task that runs after the timeout finds its state alive.
  struct State {
    std::mutex m;
    std::condition_variable done_changed;
    bool done = false;
  };
  auto state = std::make_shared<State>();
  boost::asio::post(pool, [state] {
    std::lock_guard lock(state->m);
    state->done = true;
    state->done_changed.notify_all();
  });
  std::unique_lock lock(state->m);
  return state->done_changed.wait_for(lock, std::chrono::seconds(60), [&] { return state->done; });
}

}  // namespace kgls::lang
