// The services beside the in-memory Workspace, one class per job, and their wiring:
//
// - IndexSync (index_sync.hpp): the SQLite graph index of each folder, kept in step with
//   the snapshots on the index thread;
// - SimilarityPasses (similarity_passes.hpp): similarity passes on the similarity thread,
//   and the likely-duplicate warnings and card sections they feed;
// - HubCards (hub_cards.hpp): the cards of hubs, gathered ahead on the cards' thread;
// - Mentions (mentions.hpp): the unlinked mentions, a diagnostic source and a card section.
//
// Each has its own state, lock and thread; their thread rules are at the top of their
// headers. Services owns them and wires them to the engine in one place (attach()): the
// likely-duplicate diagnostic source, the snapshot observers (IndexSync, HubCards), the
// stored diagnostics a warm start publishes (IndexSync → Engine::publish_stored), and a
// finished pass asking the engine to recheck. A first index build waits while a pass runs
// (IndexSync's yield), and passes store their pairs in the index.
//
// Cards are gathered from the request's snapshot in memory (card_data over a
// WorkspaceGraph), so a hover shows the editor's buffers without a disk read; a hub's card comes
// from HubCards when gathered for this state; the similarity section from the latest pass.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kgls/card.hpp"
#include "lsp/language/engine.hpp"
#include "lsp/language/hub_cards.hpp"
#include "lsp/language/index_sync.hpp"
#include "lsp/language/mentions.hpp"
#include "lsp/language/similarity_passes.hpp"

namespace kgls::lang {

class Services {
 public:
  explicit Services(lsp::Logger& log);
  ~Services();
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  /// The wiring: registers the likely-duplicate and unlinked-mention diagnostic sources and the snapshot
  /// observers with the engine, and has a finished pass call `engine.recheck()`. Call once,
  /// before any folder is added; the services outlive the engine, or stop() first.
  void attach(Engine& engine);
  /// Called after a similarity pass finishes (on the similarity thread).
  void set_on_result(std::function<void()> callback) { passes_.set_on_result(std::move(callback)); }
  /// Joins the background threads; later calls do nothing. Call before the engine goes.
  void stop();

  /// Opens and refreshes the folder's index in the background.
  void add_folder(const std::string& path, const Options& options) { index_.add_folder(path, options); }
  void remove_folder(const std::string& path) { index_.remove_folder(path); }

  /// The card of an ID as the snapshot sees it, or nullopt when nothing defines it. With
  /// `per_group` > 0, each neighbour group holds only its best `per_group` (and its count).
  std::optional<CardData> card(const Snapshot& snapshot, const std::string& id, size_t per_group = 0);

  /// What the engine's observers hear of a new state (the engine calls them itself once
  /// attached): after a pause in the edits, the index is brought in step with the snapshot
  /// and its hubs' cards are gathered. Coalesced: only the latest snapshot is used.
  void sync_later(const Snapshot& snapshot);

  static constexpr size_t kHubEdges = HubCards::kHubEdges;

  /// The diagnostic source: likely-duplicate warnings from the latest pass.
  void add_duplicate_diagnostics(const Snapshot& snapshot, DiagnosticLayer& out) {
    passes_.add_duplicate_diagnostics(snapshot, out);
  }
  /// The latest pass's pairs, re-mapped onto the snapshot (both IDs still defined).
  std::vector<DuplicatePair> duplicates(const Snapshot& snapshot) { return passes_.duplicates(snapshot); }

  /// Blocks until the background work queued so far is done, the work waiting for a pause
  /// in the edits included (tests).
  void wait_idle();

 private:
  // Declared in this order, built in it; stop() joins every thread before any goes.
  IndexSync index_;
  SimilarityPasses passes_;
  HubCards hubs_;
  Mentions mentions_;
};

}  // namespace kgls::lang
