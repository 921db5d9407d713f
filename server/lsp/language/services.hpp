// The layers the server consults beside its in-memory Workspace: the SQLite graph index
// and the similarity layer (related entities, likely duplicates).
//
// Index: one per workspace folder, opened and refreshed from disk on a background thread
// when the folder is added (`index.path`, `index.enabled`), then kept in step with the
// snapshots after a pause in the edits: every document whose parsed version differs from
// the one last written (an open, unsaved buffer; a file re-read after a watched-file event
// or a save) is written with Index::put_document, and files gone from the snapshot are
// removed. It is the cache `kgls show`, `kgls index` and the next start read; requests
// never wait for it.
//
// Cards: gathered from the request's snapshot in memory (card_data over the Workspace), so
// a hover shows the editor's buffers without a disk read; the similarity section comes from
// the latest pass.
//
// Similarity: embedding a workspace and finding its nearest pairs take time (seconds at 100k
// entities), so they run on a thread of their own, one pass at a time, always for the
// latest snapshot asked for (older requests are dropped). The diagnostic source and the
// card use the latest finished pass, re-mapped onto the current documents; when a pass
// finishes, `on_result` asks the engine to republish. Requests never wait for it. Each
// pass's pairs are written to the index (stored_pass_key()); the first pass of a session
// publishes them from there at once when no text changed, then runs for the card.
#pragma once
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "kgls/card.hpp"
#include "kgls/index.hpp"
#include "kgls/similarity.hpp"
#include "lsp/language/engine.hpp"

namespace kgls::lang {

class Services {
 public:
  explicit Services(lsp::Logger& log);
  ~Services();
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  /// Called after a similarity pass finishes (on the services' thread).
  void set_on_result(std::function<void()> callback);
  /// Joins the background threads; later calls do nothing. Call before the engine goes.
  void stop();

  /// Opens and refreshes the folder's index in the background.
  void add_folder(const std::string& path, const Options& options);
  void remove_folder(const std::string& path);

  /// The card of an ID as the snapshot sees it, or nullopt when nothing defines it. With
  /// `per_group` > 0, each neighbour group holds only its best `per_group` (and its count).
  std::optional<CardData> card(const Snapshot& snapshot, const std::string& id, size_t per_group = 0);

  /// After a pause in the edits, on the index thread: brings every folder's index in step
  /// with the snapshot, and (on a thread of their own) gathers its hubs' cards (kHubEdges). Coalesced: only
  /// the latest snapshot asked for is used.
  void sync_later(const Snapshot& snapshot);

  /// Entities with this many edges or more have their card gathered ahead, once per state
  /// of the documents: a card costs a lookup per neighbour, 2-4 µs each at 100,000 entities
  /// (memory-bound; `kgls-bench-stages`, "hover cards"), so a hub of 9,000 edges would take
  /// 20-35 ms in a hover while one of 256 takes about 1 ms.
  static constexpr size_t kHubEdges = 256;

  /// The diagnostic source: likely-duplicate warnings from the latest pass.
  void add_duplicate_diagnostics(const Snapshot& snapshot,
                                 std::map<std::string, std::vector<Diagnostic>>& out);
  /// The latest pass's pairs, re-mapped onto the snapshot (both IDs still defined).
  std::vector<DuplicatePair> duplicates(const Snapshot& snapshot);

  /// Blocks until the background work queued so far is done, the work waiting for a pause
  /// in the edits included (tests).
  void wait_idle();

 private:
  struct Folder;
  struct Pass;
  /// Hub cards of one state of the documents (Workspace::revision()), gathered with
  /// `per_group` neighbours per group, as hover asks.
  struct HubCards {
    uint64_t revision = 0;
    size_t per_group = 0;
    std::map<std::string, CardData, std::less<>> cards;
  };
  void gather_hub_cards(const Snapshot& snapshot);
  /// The likely-duplicate warnings last built, and the pairs they were built from.
  struct Warned {
    Workspace held;  // Keeps the pairs' documents (and so their addresses) alive.
    std::vector<DuplicatePair> pairs;
    std::map<std::string, std::vector<Diagnostic>> diagnostics;
  };

  void sync(Folder& folder, const Snapshot& snapshot);
  /// On the index thread: syncs the indexes with the snapshot sync_later() last got, if any.
  void sync_now();
  /// On the cards' thread: gathers the hub cards of the latest snapshot asked for, if any.
  void gather_now();
  /// Asks for a pass over the snapshot unless the latest one is for the same documents.
  std::shared_ptr<const Pass> latest_pass(const Snapshot& snapshot);
  void run_pass(std::shared_ptr<const Snapshot> snapshot);
  /// The likely duplicates a folder's index holds under `key` (stored_pass_key()), if an
  /// index is ready without waiting.
  std::optional<std::vector<StoredDuplicate>> stored_duplicates(const std::string& key);
  /// Writes a finished pass's pairs to every folder's index, on the index thread.
  void store_duplicates(const std::string& key, const std::vector<DuplicatePair>& pairs);

  lsp::Logger& log_;
  std::mutex mutex_;  // Guards the members below (not the folders' indexes).
  std::vector<std::shared_ptr<Folder>> folders_;
  /// The snapshot's documents as similarity passes see them (path and content hash each).
  std::vector<std::pair<std::string, uint64_t>> fingerprint(const Workspace& workspace);

  std::shared_ptr<const Pass> pass_;        // The latest finished pass.
  std::shared_ptr<const HubCards> hubs_;    // The latest gathered.
  std::shared_ptr<const Warned> warned_;    // The latest built.
  // similarity_fingerprint() of documents seen, by identity (a weak pointer tells a reused
  // address from the same document).
  std::map<const Document*, std::pair<std::weak_ptr<const Document>, uint64_t>> hashes_;
  std::shared_ptr<const Snapshot> wanted_;  // The latest snapshot a pass was asked for.
  std::vector<std::pair<std::string, uint64_t>> wanted_fingerprint_;
  bool pass_queued_ = false;
  std::shared_ptr<const Snapshot> sync_wanted_;  // The latest snapshot sync_later() got.
  std::function<void()> on_result_;
  bool stopped_ = false;
  std::unique_ptr<EmbeddingService> embeddings_;  // Used on the similarity thread only.
  std::string embeddings_key_;                    // embedder_key() of its settings.
  // Whether a similarity pass runs now: an index build waits for it between files.
  std::mutex pass_mutex_;
  std::condition_variable pass_done_;
  bool pass_running_ = false;
  boost::asio::thread_pool indexer_{1};
  boost::asio::thread_pool similarity_{1};
  static constexpr std::chrono::milliseconds kSyncDelay{300};
  boost::asio::steady_timer sync_timer_;  // On indexer_; used under mutex_.
  boost::asio::thread_pool cards_{1};     // Gathers the hubs' cards.
  std::shared_ptr<const Snapshot> hubs_wanted_;  // The latest snapshot to gather them for.
  boost::asio::steady_timer hubs_timer_;  // On cards_; used under mutex_.
};

/// Every embedder setting that changes the vectors, as one string: equal settings, equal keys.
std::string embedder_key(const EmbedderSettings& settings);

/// What a similarity pass reads of one document (each entity's ID, kind and the source text
/// of its fields, from which the embedded text comes; not its edges, which are checked
/// against the current documents when a pass is used), as a hash: equal hashes, equal pass.
uint64_t similarity_fingerprint(const Document& document);

/// What a pass's result is stored under in the index: a hash of every document's path and
/// similarity fingerprint, the embedder's settings, the threshold and the duplicate model.
std::string stored_pass_key(const std::vector<std::pair<std::string, uint64_t>>& fingerprint,
                            const std::string& embedder, double threshold);

}  // namespace kgls::lang
