#include "lsp/language/services.hpp"

namespace kgls::lang {

Services::Services(lsp::Logger& log)
    : index_(log, [this] { passes_.wait_while_running(); }),  // Called only once built.
      passes_(log, index_),
      hubs_(log) {}

Services::~Services() { stop(); }

void Services::attach(Engine& engine) {
  // Likely duplicates come from the similarity pass on its own thread; when one finishes,
  // the engine recomputes diagnostics, which picks the new pairs up.
  engine.add_diagnostic_source(
      [this](const Snapshot& snapshot, DiagnosticLayer& out) {
        passes_.add_duplicate_diagnostics(snapshot, out);
      });
  // Unlinked mentions are kept from one state to the next, so an edit reads the edited file.
  engine.add_diagnostic_source(
      [this](const Snapshot& snapshot, DiagnosticLayer& out) {
        mentions_.add_diagnostics(snapshot, out);
      });
  // Each new state of the documents keeps the graph index in step (for the CLI and the
  // next start) and has the hubs' cards gathered for it.
  engine.add_observer(index_);
  // A warm start publishes the diagnostics the index kept for unchanged files before the
  // workspace is parsed; the engine's first full computation replaces them.
  index_.set_on_stored([&engine](DiagnosticsMap stored) { engine.publish_stored(std::move(stored)); });
  engine.add_observer(hubs_);
  passes_.set_on_result([&engine] { engine.recheck(); });
  mentions_.set_on_built([&engine] { engine.recheck(); });
}

void Services::stop() {
  // All told first, then joined: an index build waiting for a pass goes on (and ends)
  // while the pass is joined.
  passes_.request_stop();
  index_.request_stop();
  hubs_.request_stop();
  mentions_.stop();
  index_.stop();
  passes_.stop();
  hubs_.stop();
}

void Services::wait_idle() {
  index_.wait_idle();
  passes_.wait_idle();
  hubs_.wait_idle();
  mentions_.wait_idle();
}

void Services::sync_later(const Snapshot& snapshot) {
  auto shared = std::make_shared<const Snapshot>(snapshot);
  index_.on_snapshot(shared);
  hubs_.on_snapshot(std::move(shared));
}

std::optional<CardData> Services::card(const Snapshot& snapshot, const std::string& id, size_t per_group) {
  if (snapshot.workspace.definitions(id).empty()) return std::nullopt;
  // From the snapshot in memory: a hover neither waits for the index thread nor reads the
  // disk, and shows the graph as the editor has it now. A hub's card was gathered ahead
  // for this very state of the documents, or is gathered now.
  std::optional<CardData> card = hubs_.find(snapshot, id, per_group);
  if (!card) card = card_data(WorkspaceGraph(snapshot.workspace), id, per_group);
  if (card) passes_.add_similar(snapshot, id, *card);
  if (card) mentions_.add_mentioned_in(snapshot, id, *card);
  return card;
}

}  // namespace kgls::lang
