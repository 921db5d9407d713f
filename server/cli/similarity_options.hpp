// The options the similarity commands share (`kgls duplicates`, `kgls similar`, and the
// "Related by similarity" section of `kgls show`): which embedder, and the embedding
// cache in the workspace's index.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/index_options.hpp"
#include "kgls/card.hpp"
#include "kgls/similarity.hpp"

namespace kgls::cli {

/// Help text for the embedder options, to append to a command's usage.
extern const char* const kEmbedderOptionsHelp;

/// Takes the embedder options out of `args` (`--embedder`, `--embedder-url`, ...); the rest
/// go to `rest`. Returns false with a one-line `error` on a bad option.
bool parse_embedder_args(const Args& args, EmbedderSettings& out, std::vector<std::string>& rest, std::string& error);

/// A workspace loaded for similarity, with the embedding service (and, for an embedder that
/// is not the builtin, the index whose `embeddings` table caches its vectors).
struct SimilaritySession {
  std::unique_ptr<Index> index;  // Only for external embedders; owns the cache's connection.
  std::shared_ptr<EmbeddingCache> cache;
  std::unique_ptr<EmbeddingService> service;
  std::unique_ptr<Workspace> workspace;
  std::vector<std::string> errors;  // Unreadable files, one line each.
};

/// Loads the workspace folder and prepares the embedder. Returns false with a one-line
/// `error` when the folder does not exist or the embedder settings are incomplete.
bool open_similarity(const IndexArgs& where, const EmbedderSettings& embedder, SimilaritySession& out,
                     std::string& error);

/// Fills the card's "Related by similarity" section (`card.similar`, `card.similarity_threshold`).
/// Prints a warning on stderr when the configured embedder failed and the builtin stood in.
void add_similarity_section(CardData& card, const IndexArgs& where, const SimilaritySettings& settings);

}  // namespace kgls::cli
