#include "lsp/language/similarity_passes.hpp"

#include <boost/asio/post.hpp>
#include <chrono>
#include <map>
#include <set>
#include <string_view>
#include <unordered_set>
#include <cstdio>

#include "lsp/language/background.hpp"
#include "kgls/support/clock.hpp"
#include "kgls/support/hash.hpp"

namespace kgls::lang {

namespace asio = boost::asio;

struct SimilarityPasses::Pass {
  std::vector<std::shared_ptr<const Document>> documents;  // Keeps the refs below alive.
  std::vector<std::pair<std::string, uint64_t>> fingerprint;
  double threshold = 0;
  std::string embedder;  // embedder_key() of the settings it ran with.
  std::shared_ptr<const SimilarityIndex> index;
  std::vector<DuplicatePair> pairs;
  /// Entities embedded again by the updates since the last whole pass (see run_pass()).
  size_t changed_since_whole = 0;
};

std::string embedder_key(const EmbedderSettings& e) {
  std::string key = e.kind + '\n' + std::to_string(e.dimensions) + '\n' + e.url + '\n' + e.model +
                    '\n' + e.api_key_env + '\n' + std::to_string(e.batch_size) + '\n' +
                    std::to_string(e.timeout.count()) + '\n' + std::to_string(e.retries) + '\n' +
                    std::to_string(e.backoff.count());
  for (const auto& arg : e.command) key += '\n' + arg;
  return key;
}

uint64_t similarity_fingerprint(const Document& document) {
  // Not FNV-1a (fnv1a64): this runs for the edited document on every keystroke's
  // diagnostics, and std::hash (8 bytes a step in libstdc++) beats FNV's byte a step. The
  // seed is only a seed.
  uint64_t h = 1469598103934665603ull;
  const auto mix = [&](std::string_view s) {
    h ^= std::hash<std::string_view>{}(s) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  };
  // The fields' source text rather than their values: no strings built for the 1,000
  // entities of a file on every keystroke (a pass for a whitespace change is rare and harmless).
  const std::string_view text = document.text;
  for (const Entity& e : document.entities) {
    mix(e.id);
    mix(e.kind);
    for (const Field& f : e.fields) {
      const auto& span = f.range.bytes;
      if (span.begin <= span.end && span.end <= text.size())
        mix(text.substr(span.begin, span.end - span.begin));
    }
    mix("\x1e");
  }
  return h;
}

std::string stored_pass_key(const std::vector<std::pair<std::string, uint64_t>>& fingerprint,
                            const std::string& embedder, double threshold) {
  // The support library's 64-bit FNV-1a (fnv1a64) over everything the pass's result
  // depends on, each piece closed by a 0xff byte: the documents' paths and similarity
  // fingerprints, the embedder's settings, the threshold and the model's weights.
  std::string bytes;
  const auto add = [&](std::string_view piece) {
    bytes += piece;
    bytes += '\xff';
  };
  for (const auto& [path, hash] : fingerprint) {
    add(path);
    add(std::to_string(hash));
  }
  add(embedder);
  add(std::to_string(threshold));
  for (const double w : DuplicateModel::defaults().weights) add(std::to_string(w));
  const uint64_t h = fnv1a64(bytes, 0);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx-%zu", static_cast<unsigned long long>(h), fingerprint.size());
  return buf;
}

std::vector<std::pair<std::string, uint64_t>> SimilarityPasses::fingerprint(const Workspace& workspace) {
  // Called with mutex_ held.
  const auto documents = workspace.documents();
  std::vector<std::pair<std::string, uint64_t>> out;
  out.reserve(documents.size());
  for (const auto& d : documents) {
    auto it = hashes_.find(d.get());
    if (it == hashes_.end() || it->second.first.lock() != d) {
      it = hashes_.insert_or_assign(d.get(), std::make_pair(std::weak_ptr<const Document>(d),
                                                            similarity_fingerprint(*d)))
               .first;
    }
    out.emplace_back(d->path, it->second.second);
  }
  if (hashes_.size() > 2 * documents.size() + 64)
    std::erase_if(hashes_, [](const auto& entry) { return entry.second.first.expired(); });
  return out;
}

namespace {

// True when `from` has a typed edge to `to`.
bool joins(const Entity& from, const std::string& to) {
  return std::any_of(from.edges.begin(), from.edges.end(),
                     [&](const Edge& e) { return e.target == to; });
}

// The same pair between the same entities of the same documents, with the same score: its
// warnings read as before.
bool same_pair(const DuplicatePair& x, const DuplicatePair& y) {
  return x.a.entity == y.a.entity && x.a.document == y.a.document && x.b.entity == y.b.entity &&
         x.b.document == y.b.document && x.score == y.score && x.reason == y.reason;
}

}  // namespace

SimilarityPasses::SimilarityPasses(lsp::Logger& log, IndexSync& store) : log_(log), store_(store) {
  run_at_low_priority(similarity_);
  embeddings_ = std::make_unique<EmbeddingService>(EmbedderSettings{},
                                                   std::make_shared<MemoryEmbeddingCache>());
  embeddings_key_ = embedder_key(EmbedderSettings{});
}

SimilarityPasses::~SimilarityPasses() { stop(); }

void SimilarityPasses::set_on_result(std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  on_result_ = std::move(callback);
}

void SimilarityPasses::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    on_result_ = nullptr;
  }
  {
    std::lock_guard lock(running_mutex_);
    running_ = false;  // An index build waiting for a pass goes on (and then ends).
  }
  running_changed_.notify_all();
  similarity_.stop();
}

void SimilarityPasses::stop() {
  request_stop();
  similarity_.join();
}

void SimilarityPasses::wait_while_running() {
  std::unique_lock wait(running_mutex_);
  running_changed_.wait(wait, [this] { return !running_; });
}

void SimilarityPasses::wait_idle() { drain(similarity_); }

void SimilarityPasses::add_similar(const Snapshot& snapshot, const std::string& id, CardData& card) {
  const auto definitions = snapshot.workspace.definitions(id);
  if (definitions.empty()) return;
  // Declarations have no embedding (SimilarityIndex leaves them out): no section.
  if (snapshot.options.similarity.duplicates && schema_kind_of(card.kind) != SchemaKind::Kind &&
      schema_kind_of(card.kind) != SchemaKind::Relation) {
    if (auto pass = latest_pass(snapshot); pass && pass->index) {
      const SimilaritySettings& settings = snapshot.options.similarity;
      std::vector<CardSimilar> similar;
      for (const SimilarEntity& s : related_by_similarity(*pass->index, id, settings)) {
        // The pass may be older than the snapshot: leave out what is gone since.
        const auto now = snapshot.workspace.definitions(s.id);
        if (now.empty()) continue;
        // Joined by a typed edge since the pass: a neighbour now, not merely similar.
        if (joins(*definitions.front().entity, s.id) || joins(*now.front().entity, id)) continue;
        similar.push_back({s.id, s.title, s.kind, s.score, s.summary});
      }
      card.similar = std::move(similar);
      card.similarity_threshold = settings.similarity_threshold;
    }
  }
}

std::shared_ptr<const SimilarityPasses::Pass> SimilarityPasses::latest_pass(const Snapshot& snapshot) {
  if (snapshot.scanning) {
    std::lock_guard lock(mutex_);
    return pass_;  // Half a workspace would only give half the pairs: wait for the scan.
  }
  const SimilaritySettings& settings = snapshot.options.similarity;
  const std::string embedder = embedder_key(settings.embedder);
  std::lock_guard lock(mutex_);
  // Edits that change no entity's text (an edge, a comment, whitespace) keep the pass.
  auto fingerprint = this->fingerprint(snapshot.workspace);
  const auto same = [&](const Snapshot* s) {
    return s && s->options.similarity.duplicate_threshold == settings.duplicate_threshold &&
           embedder_key(s->options.similarity.embedder) == embedder &&
           wanted_fingerprint_ == fingerprint;
  };
  const bool current = pass_ && pass_->fingerprint == fingerprint &&
                       pass_->threshold == settings.duplicate_threshold &&
                       pass_->embedder == embedder;
  if (!current && !stopped_ && !same(wanted_.get())) {
    // A copy: the pass outlives this request. Documents are shared, so it is cheap.
    wanted_ = std::make_shared<const Snapshot>(snapshot);
    wanted_fingerprint_ = fingerprint;
    if (!pass_queued_) {
      pass_queued_ = true;
      asio::post(similarity_, [this] {
        std::shared_ptr<const Snapshot> next;
        {
          std::lock_guard l(mutex_);
          next = wanted_;
          pass_queued_ = false;
        }
        if (next) run_pass(next);
      });
    }
  }
  return pass_;
}

void SimilarityPasses::run_pass(std::shared_ptr<const Snapshot> snapshot) {
  const auto start = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(running_mutex_);
    running_ = true;
  }
  struct Running {
    SimilarityPasses& self;
    ~Running() {
      {
        std::lock_guard lock(self.running_mutex_);
        self.running_ = false;
      }
      self.running_changed_.notify_all();
    }
  } running{*this};
  auto pass = std::make_shared<Pass>();
  pass->documents = snapshot->workspace.documents();
  {
    std::lock_guard lock(mutex_);
    pass->fingerprint = fingerprint(snapshot->workspace);
  }
  pass->threshold = snapshot->options.similarity.duplicate_threshold;
  pass->embedder = embedder_key(snapshot->options.similarity.embedder);
  // A changed embedder setting: a new service (its cache is per embedder identity anyway).
  // Only this thread uses embeddings_.
  if (pass->embedder != embeddings_key_) {
    const EmbedderSettings& settings = snapshot->options.similarity.embedder;
    try {
      embeddings_ = std::make_unique<EmbeddingService>(settings,
                                                       std::make_shared<MemoryEmbeddingCache>());
      log_.info("similarity: embedder " + settings.kind +
                (settings.kind == "http" ? " " + settings.url : std::string()));
    } catch (const std::exception& e) {
      log_.warn(std::string("similarity: the embedder settings are unusable (") + e.what() +
                "); using the builtin embedder");
      embeddings_ = std::make_unique<EmbeddingService>(EmbedderSettings{},
                                                       std::make_shared<MemoryEmbeddingCache>());
    }
    embeddings_key_ = pass->embedder;
  }
  const std::string key = stored_pass_key(pass->fingerprint, pass->embedder, pass->threshold);
  bool first;
  {
    std::lock_guard lock(mutex_);
    first = !pass_;
  }
  // The first pass of a session: when no text changed since the last pass (of this or an
  // earlier session), its warnings are in the index and are published at once; the pass
  // still runs, for the card's related entities, and replaces them.
  if (first) {
    if (auto stored = store_.stored_duplicates(key)) {
      auto early = std::make_shared<Pass>(*pass);
      for (const StoredDuplicate& d : *stored) {
        const auto& a = snapshot->workspace.definitions(d.a);
        const auto& b = snapshot->workspace.definitions(d.b);
        if (a.empty() || b.empty()) continue;
        DuplicatePair pair;
        pair.a = a.front();
        pair.b = b.front();
        pair.score = d.score;
        pair.cosine = d.cosine;
        pair.reason = d.reason;
        pair.disagreements = d.disagreements;
        early->pairs.push_back(std::move(pair));
      }
      log_.info("similarity: " + std::to_string(early->pairs.size()) +
                " likely duplicates from the index (no text changed since they were found)");
      std::function<void()> notify;
      {
        std::lock_guard lock(mutex_);
        if (!pass_) {
          pass_ = std::move(early);
          if (!pass_queued_) notify = on_result_;
        }
      }
      if (notify) notify();
    }
  }
  // After an edit in a large workspace, the previous pass is updated: only the entities
  // whose text, fields or edges changed are embedded again (with the previous IDF) and
  // compared with every entity, and only the pairs their arrival or departure touches are
  // scored again. Once the updates have re-embedded a fiftieth of the workspace, the whole
  // pass runs again, so that the IDF and the shortened lists do not drift. Up to the size
  // where the whole pass compares all pairs (under a second), it always runs whole: exact,
  // and the same warnings as `kgls check`.
  std::shared_ptr<const Pass> previous;
  {
    std::lock_guard lock(mutex_);
    previous = pass_;
  }
  const SimilaritySettings& similarity = snapshot->options.similarity;
  std::string kind = "whole";
  try {
    if (previous && previous->index && previous->index->entities().size() > DuplicateScoring{}.all_pairs_up_to &&
        previous->embedder == pass->embedder &&
        previous->threshold == pass->threshold &&
        previous->index->nearest().min_score == static_cast<float>(similarity.similarity_threshold)) {
      const size_t budget = previous->index->entities().size() / 50;
      SimilarityIndex::Update update;
      if (previous->changed_since_whole < budget) {
        if (auto updated = SimilarityIndex::update(*previous->index, snapshot->workspace, *embeddings_,
                                                   budget - previous->changed_since_whole, update)) {
          auto index = std::make_shared<SimilarityIndex>(std::move(*updated));
          NearestRows nearest;
          if (auto pairs = update_duplicates(*index, update, *previous->index, previous->pairs, pass->threshold, {},
                                             /*keep_linked=*/true, nearest)) {
            index->set_nearest(std::move(nearest));
            pass->index = std::move(index);
            pass->pairs = std::move(*pairs);
            pass->changed_since_whole = previous->changed_since_whole + update.changed.size();
            kind = "update (" + std::to_string(update.changed.size()) + " entities embedded again)";
          }
        }
      }
    }
    if (!pass->index) {
      auto index = std::make_shared<SimilarityIndex>(SimilarityIndex::build(snapshot->workspace, *embeddings_));
      if (index->warning()) log_.warn(*index->warning());
      NearestRows nearest;
      nearest.min_score = static_cast<float>(similarity.similarity_threshold);
      nearest.k = std::max<size_t>(32, 4 * similarity.related_limit);
      pass->pairs = find_duplicates(*index, pass->threshold, {}, /*keep_linked=*/true, &nearest);
      index->set_nearest(std::move(nearest));
      pass->index = std::move(index);
    }
  } catch (const std::exception& e) {
    log_.error(std::string("similarity pass failed: ") + e.what());
  }
  const auto ms = whole_milliseconds_since(start);
  log_.info("similarity pass, " + kind + ": " + std::to_string(pass->pairs.size()) + " likely duplicates, " +
            std::to_string(ms) + " ms");
  if (pass->index) {
    std::vector<StoredDuplicate> stored;
    stored.reserve(pass->pairs.size());
    for (const DuplicatePair& p : pass->pairs)
      stored.push_back({p.a.entity->id, p.b.entity->id, p.score, p.cosine, p.reason, p.disagreements});
    store_.store_duplicates(key, std::move(stored));
  }
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    pass_ = std::move(pass);
    // Stale: a newer snapshot is already queued; its pass will notify.
    if (!pass_queued_) notify = on_result_;
  }
  if (notify) notify();
}

std::vector<DuplicatePair> SimilarityPasses::duplicates(const Snapshot& snapshot) {
  std::vector<DuplicatePair> out;
  auto pass = latest_pass(snapshot);
  if (!pass) return out;
  const Workspace& ws = snapshot.workspace;
  std::shared_ptr<const Mapped> last;
  {
    std::lock_guard lock(mutex_);
    last = mapped_;
  }
  // The IDs defined in a document that differs from the one last mapped onto (before or
  // after): only their pairs are mapped again; the others' ends are where they were.
  std::unordered_set<std::string_view> touched;
  const bool incremental = last && last->pass == pass;
  if (incremental) {
    const auto was = last->held.documents(), now = ws.documents();
    auto a = was.begin(), b = now.begin();
    const auto note = [&](const Document& d) {
      for (const Entity& e : d.entities) touched.insert(e.id);
    };
    while (a != was.end() || b != now.end()) {
      if (b == now.end() || (a != was.end() && (*a)->path < (*b)->path)) {
        note(**a++);
      } else if (a == was.end() || (*b)->path < (*a)->path) {
        note(**b++);
      } else {
        if (*a != *b) note(**a), note(**b);
        ++a, ++b;
      }
    }
  }
  auto mapped = std::make_shared<Mapped>();
  mapped->pass = pass;
  mapped->held = ws;
  mapped->ends.reserve(pass->pairs.size());
  for (size_t i = 0; i < pass->pairs.size(); ++i) {
    const DuplicatePair& p = pass->pairs[i];
    if (incremental && !touched.count(p.a.entity->id) && !touched.count(p.b.entity->id)) {
      mapped->ends.push_back(last->ends[i]);
      continue;
    }
    EntityRef a = ws.sole_definition(p.a.entity->id);
    EntityRef b = ws.sole_definition(p.b.entity->id);
    // Both must still be defined once; a typed edge added since settles the pair.
    if (!a.entity || !b.entity || joins(*a.entity, b.entity->id) || joins(*b.entity, a.entity->id)) a = b = {};
    mapped->ends.emplace_back(a, b);
  }
  for (size_t i = 0; i < pass->pairs.size(); ++i) {
    const DuplicatePair& p = pass->pairs[i];
    const auto& [a, b] = mapped->ends[i];
    // A pass for a lower threshold may still be the latest: a raised one applies at once.
    if (!a.entity || p.score < snapshot.options.similarity.duplicate_threshold) continue;
    DuplicatePair pair = p;
    pair.a = a;
    pair.b = b;
    out.push_back(std::move(pair));
  }
  std::lock_guard lock(mutex_);
  mapped_ = std::move(mapped);
  return out;
}

DiagnosticLayer duplicate_warnings(const std::vector<DuplicatePair>& pairs,
                                 const std::vector<DuplicatePair>* before_pairs,
                                 const DiagnosticLayer* before_warnings) {
  DiagnosticLayer out;
  // Only the files whose pairs moved are warned again (a keystroke re-parses one file: its
  // pairs, and the files of their other ends); the others keep their lists (the same
  // objects: not republished), as does a file whose new warnings read as before.
  using ByFile = std::map<std::string_view, std::vector<const DuplicatePair*>>;
  const auto by_file = [](const std::vector<DuplicatePair>& list) {
    ByFile out;
    for (const DuplicatePair& p : list) {
      out[p.a.document->path].push_back(&p);
      if (p.b.document != p.a.document) out[p.b.document->path].push_back(&p);
    }
    return out;
  };
  const ByFile now = by_file(pairs);
  const ByFile before = before_pairs ? by_file(*before_pairs) : ByFile{};
  std::set<std::string_view> moved;
  for (const auto& [path, list] : now) {
    auto b = before.find(path);
    if (b == before.end() || !std::equal(list.begin(), list.end(), b->second.begin(), b->second.end(),
                                         [](const auto* x, const auto* y) { return same_pair(*x, *y); }))
      moved.insert(path);
  }
  std::vector<DuplicatePair> touching;
  for (const DuplicatePair& p : pairs)
    if (moved.count(p.a.document->path) || moved.count(p.b.document->path)) touching.push_back(p);
  auto rebuilt = duplicate_diagnostics(touching);
  for (const auto& [path, list] : now) {
    SharedDiagnostics kept;
    if (before_warnings) {
      auto it = before_warnings->find(path);
      if (it != before_warnings->end()) kept = it->second;
    }
    if (kept && !moved.count(path)) {
      out.emplace(std::string(path), kept);
    } else {
      out.emplace(std::string(path), keep_if_same(kept, std::move(rebuilt[std::string(path)])));
    }
  }
  return out;
}

void SimilarityPasses::add_duplicate_diagnostics(const Snapshot& snapshot, DiagnosticLayer& out) {
  if (!snapshot.options.similarity.duplicates) return;
  std::vector<DuplicatePair> pairs = duplicates(snapshot);
  // A keystroke mostly leaves every pair where it was: the same entities of the same
  // documents give the same warnings, so they are built again only when a pair moved.
  std::shared_ptr<const Warned> warned;
  {
    std::lock_guard lock(mutex_);
    warned = warned_;
  }
  if (!warned || !std::equal(pairs.begin(), pairs.end(), warned->pairs.begin(), warned->pairs.end(), same_pair)) {
    auto fresh = std::make_shared<Warned>();
    fresh->held = snapshot.workspace;  // Its documents stay alive, so no address is reused.
    fresh->diagnostics = duplicate_warnings(pairs, warned ? &warned->pairs : nullptr,
                                            warned ? &warned->diagnostics : nullptr);
    fresh->pairs = std::move(pairs);
    warned = fresh;
    std::lock_guard lock(mutex_);
    warned_ = std::move(fresh);
  }
  out = warned->diagnostics;  // Shared lists: the same objects while no pair moves.
}

}  // namespace kgls::lang
