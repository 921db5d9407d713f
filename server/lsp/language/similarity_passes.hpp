// Similarity passes and the likely-duplicate warnings they feed. Embedding a workspace and
// finding its nearest pairs take time (seconds at 100k entities), so they run on a thread
// of their own, one pass at a time, always for the latest snapshot asked for (older
// requests are dropped), and only when an entity's text or fields changed since the last
// pass (not its edges or a comment). A pass is asked for by whoever needs one (the
// diagnostic source, a card); the warnings and the card's similarity section use the
// latest finished pass, re-mapped onto the current documents and re-checked against the
// current edges; when a pass finishes, `on_result` asks the engine to republish. Requests
// never wait for it. Each pass's pairs are written to the index (IndexSync,
// stored_pass_key()); the first pass of a session publishes them from there at once when
// no text changed, then runs for the card.
//
// Threads:
// - The similarity thread (similarity_, one thread, nice 19) runs the passes; it alone
//   uses embeddings_ / embeddings_key_.
// - add_duplicate_diagnostics() runs on an engine pool thread; add_similar() and
//   duplicates() on request threads; both may queue a pass.
// - mutex_ guards pass_, warned_, hashes_, wanted_, wanted_fingerprint_, pass_queued_,
//   on_result_ and stopped_. on_result_ is called without it.
// - running_mutex_ guards running_ (a pass runs now), on which wait_while_running() — the
//   index build's yield, on the index thread — waits. Never held with mutex_.
#pragma once
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "kgls/card.hpp"
#include "kgls/similarity.hpp"
#include "lsp/language/engine.hpp"
#include "lsp/language/index_sync.hpp"

namespace kgls::lang {

/// The likely-duplicate warnings of `pairs` by file, as duplicate_diagnostics() words them,
/// given the pairs and warnings of the time before (null: none). A file whose pairs are the
/// same (same entities of the same documents, same scores) keeps its list object, as does a
/// file whose new list reads as before: the engine does not publish it again.
DiagnosticLayer duplicate_warnings(const std::vector<DuplicatePair>& pairs,
                                   const std::vector<DuplicatePair>* before_pairs,
                                   const DiagnosticLayer* before_warnings);

class SimilarityPasses {
 public:
  /// Passes' pairs are stored in, and a first pass's read from, `store`.
  SimilarityPasses(lsp::Logger& log, IndexSync& store);
  ~SimilarityPasses();
  SimilarityPasses(const SimilarityPasses&) = delete;
  SimilarityPasses& operator=(const SimilarityPasses&) = delete;

  /// Called after a pass finishes (on the similarity thread).
  void set_on_result(std::function<void()> callback);

  /// The diagnostic source: likely-duplicate warnings from the latest pass.
  void add_duplicate_diagnostics(const Snapshot& snapshot, DiagnosticLayer& out);
  /// The latest pass's pairs, re-mapped onto the snapshot (both IDs still defined).
  std::vector<DuplicatePair> duplicates(const Snapshot& snapshot);
  /// Fills the card's "Related by similarity" section from the latest pass (nothing for a
  /// declaration, or with `similarity.duplicates` off).
  void add_similar(const Snapshot& snapshot, const std::string& id, CardData& card);

  /// Blocks while a pass runs (the index build's yield; returns at once after stop).
  void wait_while_running();
  /// Blocks until the similarity thread is idle (tests).
  void wait_idle();
  /// No more work is taken, nothing more is notified; returns at once. stop() then joins.
  void request_stop();
  /// Joins the similarity thread; later calls do nothing.
  void stop();

 private:
  struct Pass;
  /// The likely-duplicate warnings last built, and the pairs they were built from.
  struct Warned {
    Workspace held;  // Keeps the pairs' documents (and so their addresses) alive.
    std::vector<DuplicatePair> pairs;
    DiagnosticLayer diagnostics;
  };

  /// Each pair of a pass mapped onto a workspace: both ends (null entities: the pair is
  /// dropped, an ID no longer defined once or an edge joining them). A keystroke maps again
  /// only the pairs with an ID defined in a document it changed.
  struct Mapped {
    std::shared_ptr<const Pass> pass;
    Workspace held;  // The workspace mapped onto; keeps the ends' documents alive.
    std::vector<std::pair<EntityRef, EntityRef>> ends;  // One per pair of the pass.
  };
  std::shared_ptr<const Mapped> mapped_;  // With mutex_.

  /// Asks for a pass over the snapshot unless the latest one is for the same documents.
  std::shared_ptr<const Pass> latest_pass(const Snapshot& snapshot);
  void run_pass(std::shared_ptr<const Snapshot> snapshot);
  /// The snapshot's documents as passes see them (path and content hash each). With mutex_.
  std::vector<std::pair<std::string, uint64_t>> fingerprint(const Workspace& workspace);

  lsp::Logger& log_;
  IndexSync& store_;
  std::mutex mutex_;
  std::shared_ptr<const Pass> pass_;      // The latest finished pass.
  std::shared_ptr<const Warned> warned_;  // The latest built.
  // similarity_fingerprint() of documents seen, by identity (a weak pointer tells a reused
  // address from the same document).
  std::map<const Document*, std::pair<std::weak_ptr<const Document>, uint64_t>> hashes_;
  std::shared_ptr<const Snapshot> wanted_;  // The latest snapshot a pass was asked for.
  std::vector<std::pair<std::string, uint64_t>> wanted_fingerprint_;
  bool pass_queued_ = false;
  std::function<void()> on_result_;
  bool stopped_ = false;
  std::unique_ptr<EmbeddingService> embeddings_;  // Used on the similarity thread only.
  std::string embeddings_key_;                    // embedder_key() of its settings.
  std::mutex running_mutex_;
  std::condition_variable running_changed_;
  bool running_ = false;
  boost::asio::thread_pool similarity_{1};
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
