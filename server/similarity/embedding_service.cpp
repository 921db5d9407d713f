// The embedder the settings name, behind the cache, with the builtin standing in when it fails.
#include <algorithm>
#include <unordered_map>

#include "kgls/embedding.hpp"

namespace kgls {

std::unique_ptr<Embedder> make_embedder(const EmbedderSettings& settings) {
  if (settings.kind == "builtin") {
    BuiltinEmbedder::Options options;
    options.dimensions = settings.dimensions;
    return std::make_unique<BuiltinEmbedder>(options);
  }
  if (settings.kind == "http") return std::make_unique<HttpEmbedder>(settings);
  if (settings.kind == "command") return std::make_unique<CommandEmbedder>(settings);
  throw std::invalid_argument("unknown embedder '" + settings.kind + "' (use builtin, http or command)");
}

std::optional<Vector> MemoryEmbeddingCache::get(const std::string& embedder, const std::string& hash) {
  const auto it = vectors_.find(embedder + '\n' + hash);
  if (it == vectors_.end()) return std::nullopt;
  return it->second;
}

void MemoryEmbeddingCache::put(const std::string& embedder, const std::string& hash, const Vector& vector) {
  vectors_[embedder + '\n' + hash] = vector;
}

namespace {

BuiltinEmbedder::Options builtin_options(const EmbedderSettings& settings) {
  BuiltinEmbedder::Options options;
  options.dimensions = settings.dimensions;
  return options;
}

}  // namespace

EmbeddingService::EmbeddingService(const EmbedderSettings& settings, std::shared_ptr<EmbeddingCache> cache,
                                   std::chrono::seconds cooldown)
    : builtin_(std::make_unique<BuiltinEmbedder>(builtin_options(settings))),
      cache_(std::move(cache)),
      cooldown_(cooldown) {
  if (settings.kind != "builtin") primary_ = make_embedder(settings);
}

EmbeddingService::EmbeddingService(std::unique_ptr<Embedder> primary, std::shared_ptr<EmbeddingCache> cache,
                                   std::chrono::seconds cooldown, BuiltinEmbedder::Options builtin)
    : primary_(std::move(primary)),
      builtin_(std::make_unique<BuiltinEmbedder>(builtin)),
      cache_(std::move(cache)),
      cooldown_(cooldown) {}

EmbeddingRun EmbeddingService::embed(const std::vector<std::string>& texts) {
  std::vector<EmbeddingInput> inputs;
  inputs.reserve(texts.size());
  for (const auto& t : texts) inputs.push_back({t, {}});
  return embed(inputs);
}

EmbeddingRun EmbeddingService::embed(const std::vector<EmbeddingInput>& inputs) {
  std::lock_guard lock(mutex_);
  EmbeddingRun run;

  auto use_builtin = [&] {
    const size_t before = builtin_->inputs_featurised();
    run.vectors = builtin_->embed(inputs);
    run.embedder = builtin_->identity();
    run.scaled = true;
    // Word vectors asked for but missing or damaged: said once, with the first run.
    if (std::string notice = builtin_->take_notice(); !notice.empty()) run.warning = std::move(notice);
    run.embedded = builtin_->inputs_featurised() - before;
    run.cached = inputs.size() - run.embedded;
  };

  const auto now = std::chrono::steady_clock::now();
  if (!primary_ || (failing_since_ && now - *failing_since_ < cooldown_)) {
    use_builtin();
    last_embedder_ = run.embedder;
    return run;
  }

  // Vectors that depend on the whole corpus cannot be kept per text.
  EmbeddingCache* cache = primary_->corpus_dependent() ? nullptr : cache_.get();
  const std::string identity = primary_->identity();
  run.embedder = identity;
  run.vectors.assign(inputs.size(), {});

  // Each distinct missing text is sent once.
  std::vector<std::string> hashes(inputs.size());
  std::unordered_map<std::string, std::vector<size_t>> missing;  // hash -> indexes
  std::vector<std::string> to_embed;
  std::vector<std::string> to_embed_hashes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    hashes[i] = text_hash(inputs[i].text);
    if (cache) {
      if (auto v = cache->get(identity, hashes[i])) {
        run.vectors[i] = std::move(*v);
        ++run.cached;
        continue;
      }
    }
    auto& slots = missing[hashes[i]];
    if (slots.empty()) {
      to_embed.push_back(inputs[i].text);
      to_embed_hashes.push_back(hashes[i]);
    }
    slots.push_back(i);
  }

  try {
    std::vector<Vector> fresh;
    if (!to_embed.empty()) fresh = primary_->embed(to_embed);
    if (fresh.size() != to_embed.size())
      throw EmbedError(identity + ": answered " + std::to_string(fresh.size()) + " vectors for " +
                       std::to_string(to_embed.size()) + " texts");
    for (size_t k = 0; k < fresh.size(); ++k)
      for (const size_t i : missing[to_embed_hashes[k]]) run.vectors[i] = fresh[k];
    // One model gives one width; anything else (a model swapped behind the same name, a stale
    // cache) makes the vectors incomparable.
    for (const auto& v : run.vectors) {
      if (v.empty() || v.size() != run.vectors.front().size())
        throw EmbedError(identity + ": vectors of different lengths (" + std::to_string(v.size()) + " and " +
                         std::to_string(run.vectors.front().size()) + ")");
    }
    run.embedded = to_embed.size();
    if (cache && !fresh.empty()) {
      cache->begin_batch();
      for (size_t k = 0; k < fresh.size(); ++k) cache->put(identity, to_embed_hashes[k], fresh[k]);
      cache->end_batch();
    }
    failing_since_.reset();
    last_embedder_ = run.embedder;
    return run;
  } catch (const EmbedError& e) {
    const bool first_failure = !failing_since_.has_value();
    failing_since_ = now;
    run = EmbeddingRun{};
    use_builtin();
    if (first_failure)
      run.warning = std::string(e.what()) + "; using the builtin embedder for the next " +
                    std::to_string(cooldown_.count()) + " s";
    last_embedder_ = run.embedder;
    return run;
  }
}

std::optional<EmbeddingRun> EmbeddingService::embed_more(const std::vector<EmbeddingInput>& inputs) {
  std::string last;
  {
    std::lock_guard lock(mutex_);
    if (last_embedder_.empty()) return std::nullopt;
    last = last_embedder_;
    if (last == builtin_->identity()) {
      // The builtin answered last time: the same IDF and width.
      auto vectors = builtin_->embed_like_last(inputs);
      if (!vectors) return std::nullopt;
      EmbeddingRun run;
      run.vectors = std::move(*vectors);
      run.embedder = last;
      run.scaled = true;
      run.embedded = inputs.size();
      return run;
    }
  }
  // Another embedder: each text's vector does not depend on the others (corpus-dependent
  // embedders other than the builtin are not kept per text, so they cannot take part).
  if (primary_ && primary_->corpus_dependent()) return std::nullopt;
  EmbeddingRun run = embed(inputs);
  if (run.embedder != last) return std::nullopt;  // It failed over to the builtin meanwhile.
  return run;
}

}  // namespace kgls
