// The builtin embedder: hashed TF-IDF, projected to a dense unit vector.
//
// Why this method: entity texts are short and technical (a title, a few aliases, a paragraph),
// where exact and near-exact wording carries most of the signal. Four feature groups:
// - words, stemmed and camelCase-split, so `SoftwareSourceCode` meets "software source code";
//   a word of a title or alias counts double (the name says most about what a thing is);
// - word bigrams, for word order ("query optimization" is not "optimization query");
// - character 4-grams of each word, for typos, inflections and compounds
//   ("Dermatologic" / "Dermatology", "clincalPharmacology" / "clinicalPharmacology");
// - typed edges, "relation target": two entities that point at the same things are alike
//   (two properties of the same classes, two papers extending the same work).
// Each group is TF-IDF weighted with IDF from the workspace (a word every entity has says
// nothing) and normalised on its own, so no group drowns the others; the groups are then
// summed with fixed weights and hashed with random signs into `dimensions` buckets (feature
// hashing: inner products are preserved in expectation, with noise ~ 1/sqrt(dimensions)).
// docs/similarity.md has the measurements behind each choice.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <span>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

#include "kgls/embedding.hpp"
#include "kgls/word_vectors.hpp"
#include "similarity/shares.hpp"
#include "similarity/text_features.hpp"

namespace kgls {

using namespace similarity_detail;

std::vector<Vector> Embedder::embed(const std::vector<EmbeddingInput>& inputs) {
  std::vector<std::string> texts;
  texts.reserve(inputs.size());
  for (const auto& input : inputs) texts.push_back(input.text);
  return embed(texts);
}

namespace {

// Two fields, each with words, word bigrams and character n-grams: the names (title and
// aliases) and the whole text (names and summary); then the typed edges.
enum Group : uint8_t {
  kNameWords = 0, kNameBigrams = 1, kNameChars = 2,
  kWords = 3, kBigrams = 4, kChars = 5,
  kLinks = 6, kFieldWords = 7, kFieldChars = 8, kGroups = 9
};
constexpr uint64_t kSeeds[kGroups] = {0x5157, 0xB16A, 0xC4A2, 0x5157, 0xB16A, 0xC4A2, 0x1141, 0x5157, 0xC4A2};
// Hashed feature ids live in 2^22 buckets: few collisions at 100,000 entities, and the
// document-frequency table stays at 16 MB.
constexpr uint32_t kFeatureBits = 22;
constexpr uint32_t kFeatureMask = (1u << kFeatureBits) - 1;

struct Feature {
  uint32_t id;     // Hashed feature id, kFeatureBits wide.
  uint8_t group;
  float tf;        // Counts while collecting; sublinear term frequency once stored.
  uint32_t slot;   // Where it lands in the dense vector: bucket, and the sign in the top bit.
};

// Collects a text's features, adding up repeats, in a small open-addressing table: cheaper
// than sorting the ~800 features of a 300-character text. Keyed by (group, id); iteration
// is in order of first appearance, which depends only on the text, so results stay
// deterministic.
class FeatureTable {
 public:
  // Ready for about `expected` features. The table only grows: drain() leaves it empty, so
  // one per thread serves every text without being allocated again.
  void clear(size_t expected) {
    size_t cap = 64;
    while (cap < expected * 2) cap *= 2;
    if (keys_.size() < cap) {
      keys_.assign(cap, 0);
      counts_.assign(cap, 0.0f);
    }
    used_.clear();
  }
  void add(uint32_t id, uint8_t group, float count) {
    const uint32_t key = ((static_cast<uint32_t>(group) << kFeatureBits) | id) + 1;  // 0 = empty
    const size_t mask = keys_.size() - 1;
    // Feature ids are hashes already: their low bits are as good a probe start as any.
    for (size_t i = key & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) {
        counts_[i] += count;
        return;
      }
      if (keys_[i] == 0) {
        keys_[i] = key;
        counts_[i] = count;
        used_.push_back(static_cast<uint32_t>(i));
        if (used_.size() * 2 > keys_.size()) grow();
        return;
      }
    }
  }
  size_t size() const { return used_.size(); }
  // Calls fn(id, group, count) for every feature, then empties the table.
  template <typename Fn>
  void drain(Fn&& fn) {
    for (const uint32_t i : used_) {
      const uint32_t key = keys_[i] - 1;
      fn(key & kFeatureMask, static_cast<uint8_t>(key >> kFeatureBits), counts_[i]);
      keys_[i] = 0;
    }
    used_.clear();
  }

 private:
  void grow() {
    std::vector<uint32_t> keys(keys_.size() * 2, 0);
    std::vector<float> counts(keys.size(), 0.0f);
    std::vector<uint32_t> used;
    const size_t mask = keys.size() - 1;
    for (const uint32_t old : used_) {
      size_t i = keys_[old] & mask;
      while (keys[i] != 0) i = (i + 1) & mask;
      keys[i] = keys_[old];
      counts[i] = counts_[old];
      used.push_back(static_cast<uint32_t>(i));
    }
    keys_.swap(keys);
    counts_.swap(counts);
    used_.swap(used);
  }
  std::vector<uint32_t> keys_;
  std::vector<float> counts_;
  std::vector<uint32_t> used_;
};

uint32_t feature_id(uint64_t h) { return static_cast<uint32_t>(mix64(h) >> (64 - kFeatureBits)) & kFeatureMask; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1 + ln(count), from a table for the small whole counts that nearly all features have.
float sublinear(float count) {
  static const auto table = [] {
    std::array<float, 64> t{};
    for (size_t k = 1; k < t.size(); ++k) t[k] = 1.0f + std::log(static_cast<float>(k));
    return t;
  }();
  const auto whole = static_cast<size_t>(count);
  if (static_cast<float>(whole) == count && whole > 0 && whole < table.size()) return table[whole];
  return 1.0f + std::log(count);
}

}  // namespace

namespace {

// The word vectors, opened once per process (the file is memory-mapped and shared).
struct SharedVectors {
  std::shared_ptr<const WordVectors> vectors;
  std::string notice;
};
const SharedVectors& shared_vectors() {
  static const SharedVectors shared = [] {
    SharedVectors s;
    s.vectors = WordVectors::open(WordVectors::default_path(), 0, s.notice);
    return s;
  }();
  return shared;
}

}  // namespace

namespace {

// Character n-grams, min to max long, of a word padded with boundary marks ("<act", "acto",
// ..., "ors>"): typos, inflections, compounds, model numbers. A padded word no longer than
// the smallest gram is one gram.
// A word's grams are the same wherever it appears, and words repeat (Zipf): each thread keeps
// the grams of the words it has met, up to kGramCacheWords words (then starts over).
constexpr size_t kGramCacheWords = size_t{1} << 17;

// The cache is a flat open-addressing table keyed by the padded word's 64-bit hash (two
// different words with one hash are not a practical concern at 2^17 words): no allocation per
// lookup, which the node-based map it replaces spent a tenth of a pass on.
struct GramCache {
  std::vector<uint64_t> keys;     // hash | 1 (0 = empty); a power of two long
  std::vector<uint32_t> first;    // into ids
  std::vector<uint32_t> count;
  std::vector<uint32_t> ids;
  size_t words = 0;
  size_t gram_min = 0, gram_max = 0;
  void reset(size_t min, size_t max) {
    keys.assign(kGramCacheWords * 2, 0);
    first.assign(keys.size(), 0);
    count.assign(keys.size(), 0);
    ids.clear();
    words = 0;
    gram_min = min;
    gram_max = max;
  }
};

std::span<const uint32_t> char_grams(std::string_view padded, size_t gram_min, size_t gram_max) {
  thread_local GramCache cache;
  if (cache.keys.empty() || cache.gram_min != gram_min || cache.gram_max != gram_max || cache.words >= kGramCacheWords)
    cache.reset(gram_min, gram_max);
  const uint64_t key = fnv1a64(padded, 0x6A09E667F3BCC908ull) | 1;
  const size_t mask = cache.keys.size() - 1;
  size_t i = mix64(key) & mask;
  for (; cache.keys[i] != 0; i = (i + 1) & mask)
    if (cache.keys[i] == key) return {cache.ids.data() + cache.first[i], cache.count[i]};
  const size_t at = cache.ids.size();
  if (padded.size() <= gram_min) {
    cache.ids.push_back(feature_id(fnv1a64(padded, kSeeds[kChars])));
  } else {
    for (size_t n = gram_min; n <= gram_max; ++n)
      for (size_t k = 0; k + n <= padded.size(); ++k)
        cache.ids.push_back(feature_id(fnv1a64(padded.substr(k, n), kSeeds[kChars])));
  }
  cache.keys[i] = key;
  cache.first[i] = static_cast<uint32_t>(at);
  cache.count[i] = static_cast<uint32_t>(cache.ids.size() - at);
  ++cache.words;
  return {cache.ids.data() + at, cache.ids.size() - at};
}

void add_char_grams(FeatureTable& table, std::string_view padded, uint8_t group, size_t gram_min, size_t gram_max) {
  for (const uint32_t id : char_grams(padded, gram_min, gram_max)) table.add(id, group, 1.0f);
}

void add_char_grams(FeatureTable& table, std::string_view padded, uint8_t group, uint8_t group2, size_t gram_min,
                    size_t gram_max) {
  for (const uint32_t id : char_grams(padded, gram_min, gram_max)) {
    table.add(id, group, 1.0f);
    table.add(id, group2, 1.0f);
  }
}

}  // namespace

struct BuiltinEmbedder::Features {
  std::vector<Feature> items;  // Unique (group, id), in a deterministic order; tf sublinear.
};

BuiltinEmbedder::BuiltinEmbedder() : BuiltinEmbedder(Options{}) {}

BuiltinEmbedder::BuiltinEmbedder(Options options) : options_(options) {
  if (options_.semantic_weight > 0) {
    const SharedVectors& shared = shared_vectors();
    vectors_ = shared.vectors;
    notice_ = shared.notice;
  }
  const uint32_t d = options_.dimensions;
  if (d != 0 && (d < 16 || d > (1u << 16) || (d & (d - 1)) != 0))
    throw std::invalid_argument("builtin embedder: dimensions must be 0 (by workspace size) or a power of two from 16 "
                                "to 65536, not " + std::to_string(d));
}

BuiltinEmbedder::~BuiltinEmbedder() = default;

std::string BuiltinEmbedder::take_notice() { return std::exchange(notice_, std::string()); }

std::string BuiltinEmbedder::identity() const {
  // Every option that changes a vector is part of the identity.
  char buf[200];
  std::snprintf(buf, sizeof buf, "builtin/v2/d%u/w%.3g/b%.3g/c%.3g-%u-%u/l%.3g/n%.3g/f%.3g/s%.3g",
                options_.dimensions ? options_.dimensions : last_dimensions_,
                static_cast<double>(options_.word_weight), static_cast<double>(options_.bigram_weight),
                static_cast<double>(options_.char_weight), options_.char_min, options_.char_max,
                static_cast<double>(options_.link_weight), static_cast<double>(options_.name_weight),
                static_cast<double>(options_.field_weight), vectors_ ? static_cast<double>(options_.semantic_weight) : 0.0);
  return buf;
}

void BuiltinEmbedder::features(const EmbeddingInput& input, Features& out) const {
  Features* f = &out;
  f->items.clear();
  const std::string& text = input.text;

  // Names are the lines before the first blank line (embedding_text() puts the title and
  // aliases there); a text without one is all name.
  uint32_t name_lines = UINT32_MAX;
  if (const size_t blank = text.find("\n\n"); blank != std::string::npos)
    name_lines = static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(blank), '\n')) + 1;

  thread_local Words words;
  thread_local FeatureTable table;
  split_words(text, words);
  // About 30 features a word part: words, bigrams and grams, in names and the whole text.
  table.clear(words.part_count() * 32 + input.links.size());

  thread_local std::string scratch, compound, padded;
  uint64_t prev_hash = 0;
  uint32_t prev_line = UINT32_MAX;
  const size_t gram_min = options_.char_min, gram_max = options_.char_max;
  for (const Word& w : words.words) {
    const bool is_name = w.line < name_lines;
    if (w.line != prev_line) prev_hash = 0;  // Bigrams stay within a line.
    prev_line = w.line;
    compound.clear();
    for (uint32_t k = 0; k < w.part_count; ++k) {
      const std::string_view raw = words.part(w.first_part + k);
      compound += raw;
      // Stopwords and single letters carry no topic; numbers are kept ("2021", "3d").
      if (is_stopword(raw) || (raw.size() == 1 && !is_digit(raw[0]))) continue;
      const std::string_view part = stem(raw, scratch);
      const uint64_t h = fnv1a64(part, kSeeds[kWords]);
      const uint64_t bigram = prev_hash != 0 ? prev_hash * 0x100000001B3ull + h + kSeeds[kBigrams] : 0;
      prev_hash = h;
      padded.assign(1, '<');
      padded += raw;
      padded += '>';
      // A name's words count in both fields (names, whole text), a summary's in the second.
      const uint32_t word_id = feature_id(h), bigram_id = bigram ? feature_id(bigram) : 0;
      for (int field = is_name ? 0 : 1; field < 2; ++field) {
        const auto base = static_cast<uint8_t>(field == 0 ? kNameWords : kWords);
        table.add(word_id, base, 1.0f);
        if (bigram) table.add(bigram_id, static_cast<uint8_t>(base + 1), 1.0f);
      }
      if (is_name) add_char_grams(table, padded, kNameChars, kChars, gram_min, gram_max);
      else add_char_grams(table, padded, kChars, gram_min, gram_max);
    }
    // The whole of a compound word too, so `SoftwareSourceCode` also matches itself exactly.
    if (w.part_count > 1) {
      const uint32_t id = feature_id(fnv1a64(stem(compound, scratch), kSeeds[kWords]));
      if (is_name) table.add(id, kNameWords, 1.0f);
      table.add(id, kWords, 1.0f);
    }
  }
  // Other text fields: words and character n-grams.
  for (const auto& value : input.fields) {
    split_words(value, words);
    for (size_t i = 0; i < words.part_count(); ++i) {
      const std::string_view raw = words.part(i);
      if (is_stopword(raw) || (raw.size() == 1 && !is_digit(raw[0]))) continue;
      table.add(feature_id(fnv1a64(stem(raw, scratch), kSeeds[kFieldWords])), kFieldWords, 1.0f);
      padded.assign(1, '<');
      padded += raw;
      padded += '>';
      add_char_grams(table, padded, kFieldChars, gram_min, gram_max);
    }
  }
  for (const auto& link : input.links) table.add(feature_id(fnv1a64(link, kSeeds[kLinks])), kLinks, 1.0f);

  f->items.reserve(table.size());
  table.drain([&](uint32_t id, uint8_t group, float count) {
    // Sublinear term frequency: a word said three times is not three times the topic.
    // The slot keeps 31 bits of bucket (embed() masks them to the width it uses, so the
    // features do not depend on the width) and the sign, from an independent bit, on top.
    const uint64_t h = mix64((static_cast<uint64_t>(group) << 32) | id);
    const uint32_t slot = static_cast<uint32_t>(h & 0x7FFFFFFFu) | (static_cast<uint32_t>(h >> 63) << 31);
    f->items.push_back({id, group, sublinear(count), slot});
  });
}

std::vector<Vector> BuiltinEmbedder::embed(const std::vector<std::string>& texts) {
  std::vector<EmbeddingInput> inputs;
  inputs.reserve(texts.size());
  for (const auto& t : texts) inputs.push_back({t, {}});
  return embed(inputs);
}

std::vector<Vector> BuiltinEmbedder::embed(const std::vector<EmbeddingInput>& inputs) {
  const size_t n_docs = inputs.size();
  const uint32_t dims = options_.dimensions ? options_.dimensions : dimensions_for(n_docs);
  last_dimensions_ = dims;
  featurised_ += n_docs;

  // Each input is featurised twice, once to count document frequencies and once to weigh:
  // keeping every input's features between the two would hold ~4.7 kB per entity (470 MB
  // at 100,000 entities) for ~3 s of CPU saved per pass.
  std::vector<uint32_t> df(size_t{1} << kFeatureBits, 0);
  {
    std::mutex merge;
    in_shares(n_docs, 256, [&](size_t begin, size_t end) {
      std::vector<uint32_t> mine(df.size(), 0);
      Features f;
      for (size_t t = begin; t < end; ++t) {
        features(inputs[t], f);
        for (const Feature& x : f.items) ++mine[x.id];
      }
      std::lock_guard lock(merge);
      for (size_t k = 0; k < df.size(); ++k) df[k] += mine[k];
    });
  }
  // Smoothed IDF, as scikit-learn's: log((N + 1) / (df + 1)) + 1, from a table of logs.
  std::vector<float> log_table(n_docs + 2);
  for (size_t k = 0; k < log_table.size(); ++k) log_table[k] = static_cast<float>(std::log(static_cast<double>(k) + 1.0));
  const float log_n = static_cast<float>(std::log(static_cast<double>(n_docs) + 1.0));
  const float rarest = log_n - log_table[1] + 1.0f;  // The IDF of a feature only one input has.

  // IDF per hashed feature, computed in place of the counts (one random access per feature
  // instead of two in the loop below).
  auto stats = std::make_shared<Statistics>();
  stats->dims = dims;
  stats->rarest = rarest;
  stats->idf.assign(df.size(), 0.0f);
  std::vector<float>& idf = stats->idf;
  for (size_t k = 0; k < df.size(); ++k)
    if (df[k]) idf[k] = log_n - log_table[std::min<size_t>(df[k], n_docs)] + 1.0f;
  df = {};
  std::vector<Vector> out = weigh(inputs, *stats);
  last_ = std::move(stats);
  return out;
}

std::optional<std::vector<Vector>> BuiltinEmbedder::embed_like_last(const std::vector<EmbeddingInput>& inputs) {
  if (!last_) return std::nullopt;
  featurised_ += inputs.size();
  return weigh(inputs, *last_);
}

std::vector<Vector> BuiltinEmbedder::weigh(const std::vector<EmbeddingInput>& inputs, const Statistics& stats) const {
  const size_t n_docs = inputs.size();
  const uint32_t dims = stats.dims;
  const std::vector<float>& idf = stats.idf;
  const float rarest = stats.rarest;
  // What each group adds to a pair's score: its field's weight times its own, so that the
  // score of two entities is the weighted sum of their groups' cosines.
  const float nw = options_.name_weight, tw = 1.0f - options_.name_weight;
  const float weights[kGroups] = {nw * options_.word_weight, nw * options_.bigram_weight, nw * options_.char_weight,
                                  tw * options_.word_weight, tw * options_.bigram_weight, tw * options_.char_weight,
                                  options_.link_weight, options_.field_weight, options_.field_weight};
  std::vector<Vector> out(n_docs);
  const size_t sem_dims = vectors_ ? vectors_->dimensions() : 0;
  in_shares(n_docs, 256, [&](size_t begin, size_t end) {
  Features f;
  std::vector<float> w;
  // Built in a scratch vector that stays in the L1 cache, then copied out in one go.
  std::vector<float> v(dims);
  std::vector<float> sem(sem_dims);
  Words words;
  std::string scratch;
  for (size_t t = begin; t < end; ++t) {
    features(inputs[t], f);
    out[t].assign(dims + sem_dims, 0.0f);
    const auto out_begin = out[t].begin();
    const auto& items = f.items;
    w.resize(items.size());
    float norms[kGroups] = {};
    for (size_t i = 0; i < items.size(); ++i) {
      // A feature the statistics never saw (a word typed since): as rare as can be.
      const float feature_idf = idf[items[i].id];
      w[i] = items[i].tf * (feature_idf > 0 ? feature_idf : rarest);
      norms[items[i].group] += w[i] * w[i];
    }
    // Each group is scaled to its weight, so no group drowns the others; but a group holding
    // only a little information (one feature that half the workspace shares, like a paper's
    // venue) stays shorter: its length is never above what one feature of the rarest kind
    // would give. Without this, every pair sharing a common link would get a fixed floor.
    float scale[kGroups];
    for (int g = 0; g < kGroups; ++g)
      scale[g] = norms[g] > 0 ? std::sqrt(weights[g]) / std::max(std::sqrt(norms[g]), rarest) : 0.0f;
    std::fill(v.begin(), v.end(), 0.0f);
    for (size_t i = 0; i < items.size(); ++i) {
      const float value = w[i] * scale[items[i].group];
      v[items[i].slot & (dims - 1)] += (items[i].slot >> 31) ? -value : value;
    }
    // Not normalised as a whole: a pair's dot product is the weighted sum of its groups'
    // cosines, so a group one entity lacks (no edges yet) adds nothing rather than diluting
    // the others.
    std::copy(v.begin(), v.end(), out_begin);
    if (vectors_) {
      // The semantic part: the IDF-weighted mean of the words' vectors, normalised and
      // scaled to its weight, after the hashed dimensions.
      split_words(inputs[t].text, words);
      std::fill(sem.begin(), sem.end(), 0.0f);
      for (size_t i = 0; i < words.part_count(); ++i) {
        const std::string_view raw = words.part(i);
        if (is_stopword(raw) || raw.size() < 2) continue;
        const float* wv = vectors_->find(raw);
        if (!wv) continue;
        const float weight = idf[feature_id(fnv1a64(stem(raw, scratch), kSeeds[kWords]))];
        for (size_t k = 0; k < sem.size(); ++k) sem[k] += weight * wv[k];
      }
      double sum = 0;
      for (const float x : sem) sum += static_cast<double>(x) * x;
      const float scale_sem = sum > 0 ? static_cast<float>(std::sqrt(options_.semantic_weight) / std::sqrt(sum)) : 0.0f;
      for (size_t k = 0; k < sem.size(); ++k) out[t][dims + k] = sem[k] * scale_sem;
    }
  }
  });
  return out;
}

uint32_t BuiltinEmbedder::dimensions_for(size_t entities) {
  // Quality where it is cheap, speed and memory where they matter: at 1,024 the hashing
  // noise is lowest; past 20,000 entities the all-pairs products (n^2 d) and the matrix
  // (n d floats) are what a workspace feels (docs/similarity.md measures both).
  if (entities <= 20000) return 1024;
  if (entities <= 50000) return 512;
  return 256;
}

}  // namespace kgls
