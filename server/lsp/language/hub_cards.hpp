// Hub cards: the cards of entities with many edges (kHubEdges), gathered ahead once per
// state of the documents (Workspace::revision(), which changes with the texts, not with
// re-parsing the same text), so that a hover on a hub does not gather a card of thousands
// of neighbours. A hover takes a gathered card only when it was gathered for its very
// revision and with the same number per group; otherwise it gathers its own. Requests
// never wait for it.
//
// Threads:
// - The cards' thread (cards_, one thread, nice 19) gathers, after a pause in the edits
//   (kQuietDelay), for the latest snapshot on_snapshot() got; not behind an index build.
// - on_snapshot() is called on an engine pool thread; find() on request threads.
// - mutex_ guards latest_, wanted_, stopped_ and the timer; a gathered HubCards is
//   immutable once published and read through a shared_ptr without the lock.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "kgls/card.hpp"
#include "lsp/language/engine.hpp"

namespace kgls::lang {

class HubCards final : public SnapshotObserver {
 public:
  explicit HubCards(lsp::Logger& log);
  ~HubCards() override;
  HubCards(const HubCards&) = delete;
  HubCards& operator=(const HubCards&) = delete;

  /// Entities with this many edges or more have their card gathered ahead, once per state
  /// of the documents: a card costs a lookup per neighbour, 2-4 µs each at 100,000 entities
  /// (memory-bound; `kgls-bench-stages`, "hover cards"), so a hub of 9,000 edges would take
  /// 20-35 ms in a hover while one of 256 takes about 1 ms.
  static constexpr size_t kHubEdges = 256;

  /// After a pause in the edits, on the cards' thread: gathers the snapshot's hub cards
  /// (not while a folder is being read). Coalesced: only the latest snapshot is used.
  void on_snapshot(std::shared_ptr<const Snapshot> snapshot) override;

  /// The card gathered ahead for this snapshot's revision, if `id` is a hub.
  std::optional<CardData> find(const Snapshot& snapshot, const std::string& id, size_t per_group);

  /// Gathers now what waits for a pause, then blocks until the cards' thread is idle (tests).
  void wait_idle();
  /// No more work is taken; returns at once. stop() then joins.
  void request_stop();
  /// Joins the cards' thread; later calls do nothing.
  void stop();

 private:
  /// Hub cards of one state of the documents, gathered with `per_group` neighbours per
  /// group, as hover asks.
  struct Gathered {
    uint64_t revision = 0;
    size_t per_group = 0;
    std::map<std::string, CardData, std::less<>> cards;
  };
  /// On the cards' thread: gathers the hub cards of the latest snapshot asked for, if any.
  void gather_now();
  void gather(const Snapshot& snapshot);

  lsp::Logger& log_;
  std::mutex mutex_;
  std::shared_ptr<const Gathered> latest_;  // The latest gathered.
  std::shared_ptr<const Snapshot> wanted_;  // The latest snapshot to gather them for.
  bool stopped_ = false;
  boost::asio::thread_pool cards_{1};
  boost::asio::steady_timer timer_;  // On cards_; used under mutex_.
};

}  // namespace kgls::lang
