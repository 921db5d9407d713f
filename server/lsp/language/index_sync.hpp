// Index synchronisation: one SQLite graph index per workspace folder, opened and refreshed
// from disk on a background thread when the folder is added (`index.path`,
// `index.enabled`), then kept in step with the snapshots after a pause in the edits
// (kQuietDelay): every document whose parsed version differs from the one last written (an
// open, unsaved buffer; a file re-read after a watched-file event or a save) is written
// with Index::put_document, and files gone from the snapshot are removed. It is the cache
// `kgls show`, `kgls index` and the next start read; requests never wait for it. It also
// keeps the similarity passes' likely duplicates (SimilarityPasses' warm start) and each
// closed file's published diagnostics, which the next start hands to `on_stored` (the
// engine's publish_stored) before anything is parsed.
//
// Threads:
// - The index thread (indexer_, one thread, nice 19) owns the indexes: it opens and
//   refreshes them, syncs them (sync_now) and stores duplicates. A first refresh calls
//   `yield` between files, so a build waits while a similarity pass runs.
// - The start thread (starter_, one thread, normal priority) reads the stored diagnostics
//   of a folder being added through a read-only connection of its own, and calls
//   `on_stored` with them: a warm start's diagnostics must not wait behind idle work.
// - on_snapshot(), add_folder(), remove_folder() are called from any thread (the engine's
//   pool, the I/O thread); they take mutex_ and post or arm the timer.
// - stored_duplicates() is called from the similarity thread; it only try-locks a folder.
// - mutex_ guards folders_, wanted_, stopped_ and the timer; each Folder's mutex guards
//   that folder's index and sync state (an Index belongs to one thread at a time). Never
//   take mutex_ while holding a folder's mutex.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "kgls/index.hpp"
#include "lsp/language/engine.hpp"

namespace kgls::lang {

class IndexSync final : public SnapshotObserver {
 public:
  /// `yield` is called between files of a folder's first refresh, on the index thread.
  IndexSync(lsp::Logger& log, std::function<void()> yield);

  /// Receives a folder's stored diagnostics (Index::fresh_diagnostics) when it is added,
  /// on the start thread. Set before any folder is added.
  void set_on_stored(std::function<void(DiagnosticsMap)> on_stored) { on_stored_ = std::move(on_stored); }
  ~IndexSync() override;
  IndexSync(const IndexSync&) = delete;
  IndexSync& operator=(const IndexSync&) = delete;

  /// Opens and refreshes the folder's index in the background.
  void add_folder(const std::string& path, const Options& options);
  void remove_folder(const std::string& path);

  /// After a pause in the edits, on the index thread: brings every folder's index in step
  /// with the snapshot. Coalesced: only the latest snapshot is used.
  void on_snapshot(std::shared_ptr<const Snapshot> snapshot) override;
  /// Keeps the state's diagnostics to write with the next sync (closed files only: an
  /// open buffer's text is not the file's).
  void on_diagnostics(std::shared_ptr<const Snapshot> snapshot,
                      std::shared_ptr<const ComputedDiagnostics> diagnostics) override;

  /// The likely duplicates a folder's index holds under `key` (stored_pass_key()), if an
  /// index is ready without waiting.
  std::optional<std::vector<StoredDuplicate>> stored_duplicates(const std::string& key);
  /// Writes a finished pass's pairs to every folder's index, on the index thread.
  void store_duplicates(const std::string& key, std::vector<StoredDuplicate> stored);

  /// Syncs now what waits for a pause, then blocks until the index thread is idle (tests).
  void wait_idle();
  /// No more work is taken; returns at once. stop() then joins.
  void request_stop();
  /// Joins the index thread; later calls do nothing.
  void stop();

 private:
  struct Folder;
  void sync(Folder& folder, const Snapshot& snapshot);
  void store_diagnostics(Folder& folder, const Snapshot& snapshot, const ComputedDiagnostics& diagnostics);
  /// On the index thread: syncs the indexes with the snapshot on_snapshot() last got, if any.
  void sync_now();

  lsp::Logger& log_;
  std::function<void()> yield_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<Folder>> folders_;
  std::shared_ptr<const Snapshot> wanted_;  // The latest snapshot on_snapshot() got.
  // The latest diagnostics on_diagnostics() got, with their snapshot.
  std::shared_ptr<const Snapshot> diagnosed_;
  std::shared_ptr<const ComputedDiagnostics> diagnostics_;
  std::function<void(DiagnosticsMap)> on_stored_;
  bool stopped_ = false;
  boost::asio::thread_pool indexer_{1};
  boost::asio::steady_timer timer_;  // On indexer_; used under mutex_.
  boost::asio::thread_pool starter_{1};
};

}  // namespace kgls::lang
