// The server's settings, as the language side sees them (the LSP layer reads them from
// initializationOptions and workspace/didChangeConfiguration).
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "kgls/similarity.hpp"

namespace kgls::lang {

struct Options {
  /// Quiet time after the last edit before diagnostics are recomputed and published;
  /// 0 publishes after every change (tests).
  std::chrono::milliseconds diagnostics_delay{75};
  /// Publish diagnostics for every workspace file, not only for open ones.
  bool workspace_diagnostics = true;
  /// `diagnostics.mentions`: the `unlinked-mention` hints and the card's "Mentioned in"
  /// section (lsp/language/mentions.hpp).
  bool mentions = true;
  /// At most this many workspace symbols per query.
  size_t workspace_symbol_limit = 200;
  /// Workspace files larger than this are not read (a guard against a stray dump).
  uint64_t max_file_size = 32ull * 1024 * 1024;

  /// The graph index kept in step with the workspace (language/index_sync.hpp), which the
  /// CLI and the next start read: `index.path` names the file for the first workspace
  /// folder (default: the user's cache), `index.enabled` false keeps it in memory (no file
  /// written, the `--no-index` of the CLI).
  std::string index_path;
  bool index_enabled = true;
  /// `similarity.*`: the card's "Related by similarity" threshold, the `likely-duplicate`
  /// threshold (and whether to warn at all), and the embedder, with the measured defaults.
  SimilaritySettings similarity;
};

}  // namespace kgls::lang
