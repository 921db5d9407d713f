// Embedders: turn entity texts into vectors. One interface, three implementations
// (builtin, http, command), and the cache that keeps an unchanged text from being embedded
// twice. Knows nothing of the model or LSP: it sees texts and returns vectors.
#pragma once
#include <chrono>
#include <filesystem>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kgls {

class Index;
class EmbeddingTable;

using Vector = std::vector<float>;

/// An embedder could not produce vectors (service down, bad reply, timeout). The message is
/// one line a person understands: "http embedder: http://127.0.0.1:9/v1/embeddings: connection refused".
class EmbedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How to embed. `kind` picks the implementation; the other fields configure it.
struct EmbedderSettings {
  std::string kind = "builtin";  // builtin | http | command

  // builtin: the width of the dense vectors, a power of two; 0 = by workspace size
  // (BuiltinEmbedder::dimensions_for; see docs/similarity.md).
  uint32_t dimensions = 0;

  // http: an OpenAI-compatible `POST /v1/embeddings` (Ollama, llama.cpp server, vLLM).
  std::string url;                                  // http://host:port/v1/embeddings
  std::string model;                                // sent as "model"
  std::string api_key_env = "KGLS_EMBEDDINGS_API_KEY";  // read at request time; unset = no key
  uint32_t batch_size = 64;                         // texts per request
  std::chrono::milliseconds timeout{10000};         // per request, connect to last byte
  uint32_t retries = 2;                             // extra attempts after a failure
  std::chrono::milliseconds backoff{200};           // doubled after each failed attempt

  // command: argv of a program that reads JSON lines (one string each) on stdin and writes
  // one JSON array of numbers per line on stdout.
  std::vector<std::string> command;
};

/// What an entity is embedded from. Every embedder reads `text` (its title, aliases and
/// summary: see embedding_text()); the builtin also reads `links`, the entity's typed edges
/// as "relation target", because in a graph what an entity points at is part of what it is
/// (docs/similarity.md measures it).
struct EmbeddingInput {
  std::string text;
  std::vector<std::string> links;
  /// The entity's other text fields (authors, a manufacturer, synonyms), one value each: the
  /// builtin weighs them as a field of their own.
  std::vector<std::string> fields = {};
};

/// One interface for every embedder.
class Embedder {
 public:
  virtual ~Embedder() = default;
  /// Names the model and every setting that changes its vectors ("builtin/v1/d1024/...",
  /// "http http://h/v1/embeddings nomic-embed-text"); the cache's first key.
  virtual std::string identity() const = 0;
  /// True when a text's vector depends on the other texts embedded with it (the builtin's
  /// IDF comes from the workspace), so vectors must not be cached per text.
  virtual bool corpus_dependent() const { return false; }
  /// One vector per text, in order. Throws EmbedError on failure.
  virtual std::vector<Vector> embed(const std::vector<std::string>& texts) = 0;
  /// One vector per input; embedders that read only text embed the texts.
  virtual std::vector<Vector> embed(const std::vector<EmbeddingInput>& inputs);
};

/// The offline embedder: hashed TF-IDF over words, word bigrams, character n-grams and typed
/// edges, with IDF from the inputs embedded together (the workspace), projected to a dense
/// unit vector. Deterministic: the same inputs give the same vectors on every machine.
/// The per-input work (tokens and hashed features) is memoised, so re-embedding a workspace
/// after one edit only tokenises the edited entity. Not thread-safe.
class WordVectors;

class BuiltinEmbedder : public Embedder {
 public:
  /// The method's knobs; the defaults are the measured ones (docs/similarity.md).
  struct Options {
    uint32_t dimensions = 0;     // Width of the dense vector: a power of two, or 0 for dimensions_for().
    float word_weight = 1.0f;    // Relative weights of the feature groups.
    float bigram_weight = 0.5f;
    float char_weight = 1.0f;
    float link_weight = 0.5f;    // Added to a pair's score times the cosine of their typed edges.
    float field_weight = 0.2f;   // Added times the cosine of the other text fields.
    float name_weight = 0.6f;    // The names' share of the text score (the whole text has the rest).
    uint32_t char_min = 3;       // Character n-grams of each word, from char_min to char_max.
    uint32_t char_max = 5;
    /// Added times the cosine of the entities' mean word vectors (IDF-weighted), when the
    /// word-vector file is installed (WordVectors::default_path()); 0 = lexical only.
    float semantic_weight = 0.0f;
  };

  BuiltinEmbedder();
  explicit BuiltinEmbedder(Options options);
  ~BuiltinEmbedder() override;
  std::string identity() const override;
  bool corpus_dependent() const override { return true; }
  std::vector<Vector> embed(const std::vector<std::string>& texts) override;
  std::vector<Vector> embed(const std::vector<EmbeddingInput>& inputs) override;
  /// Vectors comparable with the last embed()'s: weighed with that call's IDF and width
  /// (a feature it never saw counts as the rarest), so that a pass can embed only the
  /// entities an edit changed. Empty when embed() has not run yet.
  std::optional<std::vector<Vector>> embed_like_last(const std::vector<EmbeddingInput>& inputs);

  const Options& options() const { return options_; }
  /// The width used for a workspace of `entities` when `dimensions` is 0: 1,024 up to 20,000
  /// entities, 512 up to 50,000, then 256.
  static uint32_t dimensions_for(size_t entities);
  /// How many inputs were embedded since construction.
  size_t inputs_featurised() const { return featurised_; }
  /// Why the semantic part is off although asked for (the word-vector file is missing or
  /// damaged), once: the next call returns "".
  std::string take_notice();

 private:
  struct Features;
  /// The input's hashed features (thread-safe: scratch space is per thread).
  void features(const EmbeddingInput& input, Features& out) const;
  /// What embed() learnt from its inputs: the IDF of every hashed feature, the width.
  struct Statistics {
    std::vector<float> idf;  // 0 = not seen.
    float rarest = 1;        // The IDF of a feature one input has.
    uint32_t dims = 0;
  };
  std::vector<Vector> weigh(const std::vector<EmbeddingInput>& inputs, const Statistics& stats) const;
  std::shared_ptr<const Statistics> last_;

  Options options_;
  std::shared_ptr<const WordVectors> vectors_;
  std::string notice_;
  uint32_t last_dimensions_ = 1024;  // What the last embed() used (for identity()).
  size_t featurised_ = 0;
};

/// An OpenAI-compatible embeddings endpoint over plain HTTP (Boost.Beast). Batches texts,
/// times out each request, retries with exponential backoff. Thread-compatible.
class HttpEmbedder : public Embedder {
 public:
  explicit HttpEmbedder(EmbedderSettings settings);  // throws std::invalid_argument on a bad URL
  std::string identity() const override;
  using Embedder::embed;
  std::vector<Vector> embed(const std::vector<std::string>& texts) override;

 private:
  std::vector<Vector> request(const std::vector<std::string>& texts, size_t begin, size_t end);
  EmbedderSettings settings_;
  std::string host_, port_, target_;
};

/// A program that embeds: texts go to its stdin as JSON lines (one JSON string per line), and
/// it answers with one JSON array of numbers per line (an object with "embedding" also
/// works). One process per embed() call; killed when it exceeds the timeout.
class CommandEmbedder : public Embedder {
 public:
  explicit CommandEmbedder(EmbedderSettings settings);  // throws std::invalid_argument when empty
  std::string identity() const override;
  using Embedder::embed;
  std::vector<Vector> embed(const std::vector<std::string>& texts) override;

 private:
  EmbedderSettings settings_;
};

/// Builds the embedder the settings name. Throws std::invalid_argument with a one-line reason
/// for an unknown kind or incomplete settings.
std::unique_ptr<Embedder> make_embedder(const EmbedderSettings& settings);

/// A stable hash of a text: SHA-256, lowercase hex. The cache's second key.
std::string text_hash(std::string_view text);

/// Where vectors are kept between runs, keyed by (embedder identity, text hash).
class EmbeddingCache {
 public:
  virtual ~EmbeddingCache() = default;
  virtual std::optional<Vector> get(const std::string& embedder, const std::string& hash) = 0;
  virtual void put(const std::string& embedder, const std::string& hash, const Vector& vector) = 0;
  /// Groups many puts into one transaction where the store has them.
  virtual void begin_batch() {}
  virtual void end_batch() {}
};

/// A cache in memory (tests, or when no index is open).
class MemoryEmbeddingCache : public EmbeddingCache {
 public:
  std::optional<Vector> get(const std::string& embedder, const std::string& hash) override;
  void put(const std::string& embedder, const std::string& hash, const Vector& vector) override;
  size_t size() const { return vectors_.size(); }

 private:
  std::unordered_map<std::string, Vector> vectors_;
};

/// A cache in SQLite: the index's `embeddings` table (`EmbeddingTable`, index layer).
/// Best effort: a read-only or failing database means misses and lost puts (see
/// last_error()), never an exception. Like the connection it uses, it belongs to one thread
/// at a time.
class SqliteEmbeddingCache : public EmbeddingCache {
 public:
  /// Uses the table on an index the caller keeps open.
  explicit SqliteEmbeddingCache(Index& index);
  /// Opens a database file of its own; one that cannot be opened or is not a database is a
  /// cache that misses, the reason in last_error().
  explicit SqliteEmbeddingCache(const std::filesystem::path& path);
  ~SqliteEmbeddingCache() override;
  SqliteEmbeddingCache(const SqliteEmbeddingCache&) = delete;
  SqliteEmbeddingCache& operator=(const SqliteEmbeddingCache&) = delete;

  std::optional<Vector> get(const std::string& embedder, const std::string& hash) override;
  void put(const std::string& embedder, const std::string& hash, const Vector& vector) override;
  void begin_batch() override;
  void end_batch() override;
  /// The last SQLite failure, or "".
  const std::string& last_error() const { return last_error_; }

 private:
  std::unique_ptr<EmbeddingTable> owned_;
  EmbeddingTable* table_ = nullptr;
  std::string last_error_;
};

/// What one embedding run produced.
struct EmbeddingRun {
  std::vector<Vector> vectors;   // One per text.
  std::string embedder;          // Identity of the embedder that produced them.
  /// True when the vectors are already scaled so that a dot product is the pair's score
  /// (the builtin's weighted sum of feature-group cosines); false = normalise them.
  bool scaled = false;
  size_t embedded = 0;           // Texts sent to an embedder (cache misses).
  size_t cached = 0;             // Texts answered by the cache.
  std::optional<std::string> warning;  // Set once, when the configured embedder starts failing.
};

/// The configured embedder behind the cache, with the builtin as a fallback: a failing
/// service is reported once (EmbeddingRun::warning) and then skipped for `cooldown`, so the
/// editor never waits on it twice in a row. Safe to call from several threads (serialised).
class EmbeddingService {
 public:
  explicit EmbeddingService(const EmbedderSettings& settings,
                            std::shared_ptr<EmbeddingCache> cache = nullptr,
                            std::chrono::seconds cooldown = std::chrono::seconds(60));
  /// For tests and custom embedders.
  EmbeddingService(std::unique_ptr<Embedder> primary, std::shared_ptr<EmbeddingCache> cache,
                   std::chrono::seconds cooldown = std::chrono::seconds(60), BuiltinEmbedder::Options builtin = {});

  EmbeddingRun embed(const std::vector<EmbeddingInput>& inputs);
  EmbeddingRun embed(const std::vector<std::string>& texts);
  /// Vectors comparable with the last embed()'s, for the few inputs an edit changed: the
  /// builtin weighs them with the last run's IDF; other embedders embed them (through the
  /// cache) as usual. nullopt when that cannot give comparable vectors (nothing embedded
  /// yet, or a different embedder than last time would answer): embed everything then.
  std::optional<EmbeddingRun> embed_more(const std::vector<EmbeddingInput>& inputs);

 private:
  std::mutex mutex_;
  std::unique_ptr<Embedder> primary_;
  std::unique_ptr<BuiltinEmbedder> builtin_;  // The fallback (or the primary when kind is builtin).
  std::shared_ptr<EmbeddingCache> cache_;
  std::chrono::seconds cooldown_;
  std::optional<std::chrono::steady_clock::time_point> failing_since_;  // Reset by a success.
  std::string last_embedder_;  // EmbeddingRun::embedder of the last embed().
};

}  // namespace kgls
