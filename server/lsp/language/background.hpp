// What the language services' background threads share: the lowest priority, the pause in the
// edits they wait for, and the barrier their wait_idle() uses. Each service (IndexSync,
// SimilarityPasses, HubCards) runs on a one-thread pool of its own.
#pragma once
#include <chrono>

#include <boost/asio/thread_pool.hpp>

namespace kgls::lang {

/// The pause in the edits after which the index is written and the hub cards gathered:
/// writing a 1,000-entity file on every keystroke would take a core from the diagnostics
/// of the next one.
inline constexpr std::chrono::milliseconds kQuietDelay{300};

/// The nice value of the background threads: the lowest share of the CPU, not none.
inline constexpr int kBackgroundNice = 19;

/// Makes the pool's threads yield the CPU to the rest (nice 19): the editor's requests, the
/// scan and the diagnostics must not wait behind a similarity pass or an index build over
/// 100,000 entities. The threads they start (the embedder's, the candidates', the index's
/// parsers) inherit it. Not SCHED_IDLE: under a build or a test run that keeps every core
/// busy, an idle-class thread never runs and the warnings never come; at nice 19 it gets a
/// small share (about 1.5 % beside each busy thread at nice 0) and still finishes.
void run_at_low_priority(boost::asio::thread_pool& pool);

/// Blocks until every task posted to the one-thread `pool` so far has run (at most 60 s).
/// False on the timeout.
bool drain(boost::asio::thread_pool& pool);

}  // namespace kgls::lang
