#include "lsp/language/services.hpp"

#include <pthread.h>
#include <sched.h>

#include <boost/asio/post.hpp>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <set>

namespace kgls::lang {

namespace asio = boost::asio;

struct Services::Folder {
  std::string root;  // Absolute.
  std::mutex mutex;  // Guards everything below; an Index belongs to one thread at a time.
  bool ready = false;  // Opened and refreshed (or failed trying).
  std::unique_ptr<Index> index;
  // The document last written for each path; compared by identity (documents are
  // immutable and shared, so a new pointer is a new parse).
  std::map<std::string, std::shared_ptr<const Document>, std::less<>> synced;
  bool first_sync = true;

  bool holds(std::string_view path) const {
    return path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
           path[root.size()] == '/';
  }
};

struct Services::Pass {
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
  // 64-bit FNV-1a over everything the pass's result depends on: the documents' paths and
  // similarity fingerprints, the embedder's settings, the threshold and the model's weights.
  uint64_t h = 14695981039346656037ull;
  const auto mix = [&](std::string_view bytes) {
    for (const char c : bytes) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  for (const auto& [path, hash] : fingerprint) {
    mix(path);
    mix(std::to_string(hash));
  }
  mix(embedder);
  mix(std::to_string(threshold));
  for (const double w : DuplicateModel::defaults().weights) mix(std::to_string(w));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx-%zu", static_cast<unsigned long long>(h), fingerprint.size());
  return buf;
}

std::vector<std::pair<std::string, uint64_t>> Services::fingerprint(const Workspace& workspace) {
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

// Background work yields the CPU to anything else: the editor's requests, the scan and the
// diagnostics must not wait behind a similarity pass or an index build over 100,000
// entities. The threads it starts (the embedder's, the candidates', the index's parsers)
// inherit the policy. Like clangd's background index. No request waits for either thread:
// cards come from the snapshot, hub cards are a shortcut taken when ready.
void lower_priority() {
  sched_param param{};
  param.sched_priority = 0;
  pthread_setschedparam(pthread_self(), SCHED_IDLE, &param);
}

}  // namespace

Services::Services(lsp::Logger& log)
    : log_(log), sync_timer_(indexer_.get_executor()), hubs_timer_(cards_.get_executor()) {
  asio::post(similarity_, lower_priority);
  asio::post(indexer_, lower_priority);
  asio::post(cards_, lower_priority);
  embeddings_ = std::make_unique<EmbeddingService>(EmbedderSettings{},
                                                   std::make_shared<MemoryEmbeddingCache>());
  embeddings_key_ = embedder_key(EmbedderSettings{});
}

Services::~Services() { stop(); }

void Services::set_on_result(std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  on_result_ = std::move(callback);
}

void Services::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    on_result_ = nullptr;
    sync_timer_.cancel();
    hubs_timer_.cancel();
  }
  {
    std::lock_guard lock(pass_mutex_);
    pass_running_ = false;  // An index build waiting for a pass goes on (and then ends).
  }
  pass_done_.notify_all();
  indexer_.stop();
  similarity_.stop();
  cards_.stop();
  indexer_.join();
  similarity_.join();
  cards_.join();
}

void Services::wait_idle() {
  // What waits for a pause in the edits runs now (sync_now() takes it or finds it taken).
  asio::post(indexer_, [this] { sync_now(); });
  asio::post(cards_, [this] { gather_now(); });
  // Each pool runs one task at a time in order: a task posted now runs after the others.
  for (auto* pool : {&indexer_, &similarity_, &cards_}) {
    std::mutex m;
    std::condition_variable done_changed;
    bool done = false;
    asio::post(*pool, [&] {
      std::lock_guard lock(m);
      done = true;
      done_changed.notify_all();
    });
    std::unique_lock lock(m);
    if (!done_changed.wait_for(lock, std::chrono::seconds(60), [&] { return done; })) return;
  }
}

// ---- The index -------------------------------------------------------------------------

void Services::add_folder(const std::string& path, const Options& options) {
  auto folder = std::make_shared<Folder>();
  folder->root = path;
  IndexOptions index_options;
  index_options.root = path;
  index_options.in_memory = !options.index_enabled;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    // `index.path` names one file: it serves the first folder only.
    if (!options.index_path.empty() && folders_.empty()) index_options.file = options.index_path;
    folders_.push_back(folder);
  }
  asio::post(indexer_, [this, folder, index_options] {
    std::unique_lock lock(folder->mutex);
    try {
      std::vector<std::string> notices;
      folder->index = Index::open(index_options, notices);
      for (const auto& n : notices) log_.info("index: " + n);
      // Both are idle work: the warnings the pass brings are what the editor shows, the
      // index is for the next start and the CLI, so the build waits (between files)
      // while a pass runs.
      const IndexStats stats = folder->index->refresh([this](size_t, size_t) {
        std::unique_lock wait(pass_mutex_);
        pass_done_.wait(wait, [this] { return !pass_running_; });
      });
      for (const auto& e : stats.errors) log_.warn("index: " + e);
      for (const auto& n : folder->index->take_notices()) log_.info("index: " + n);
      log_.info("index of " + folder->root + " (" +
                (folder->index->in_memory() ? std::string("in memory")
                                            : folder->index->location().string()) +
                "): " + std::to_string(stats.entities) + " entities, " +
                std::to_string(stats.parsed) + " files parsed, " +
                std::to_string(stats.unchanged) + " unchanged, " +
                std::to_string(static_cast<int64_t>(stats.milliseconds)) + " ms");
    } catch (const std::exception& e) {
      log_.error("index of " + folder->root + " failed: " + e.what());
      folder->index.reset();
    }
    folder->ready = true;
  });
}

void Services::remove_folder(const std::string& path) {
  std::lock_guard lock(mutex_);
  std::erase_if(folders_, [&](const auto& f) { return f->root == path; });
}

void Services::sync(Folder& folder, const Snapshot& snapshot) {
  std::set<std::string, std::less<>> present;
  for (const auto& document : snapshot.workspace.documents()) {
    if (!folder.holds(document->path)) continue;
    present.insert(document->path);
    auto it = folder.synced.find(document->path);
    if (it != folder.synced.end() && it->second == document) continue;
    // Opening a file parses it again: the same text needs no writing.
    if (it != folder.synced.end() && it->second->text == document->text) {
      it->second = document;
      continue;
    }
    // After the refresh, a closed file as the scan read it is what the index read from
    // disk: record it without writing it again.
    const bool as_on_disk = folder.first_sync &&
                            !snapshot.open_versions.count(document->path);
    if (!as_on_disk) folder.index->put_document(*document);
    folder.synced[document->path] = document;
  }
  if (!snapshot.scanning) {
    for (auto it = folder.synced.begin(); it != folder.synced.end();) {
      if (present.count(it->first)) {
        ++it;
        continue;
      }
      folder.index->remove_file(it->first);
      it = folder.synced.erase(it);
    }
    folder.first_sync = false;
  }
}

void Services::sync_later(const Snapshot& snapshot) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  sync_wanted_ = std::make_shared<const Snapshot>(snapshot);
  // After a pause in the edits: writing a 1,000-entity file on every keystroke would take a
  // core from the diagnostics of the next one. Re-arming cancels the earlier wait.
  sync_timer_.expires_after(kSyncDelay);
  sync_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) sync_now();
  });
  // The hubs' cards, after the same pause, on a thread of their own: not behind an index
  // build (which waits for the similarity pass at a first start).
  if (!snapshot.scanning) {
    hubs_wanted_ = sync_wanted_;
    hubs_timer_.expires_after(kSyncDelay);
    hubs_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) gather_now();
    });
  }
}

void Services::gather_now() {
  std::shared_ptr<const Snapshot> next;
  {
    std::lock_guard l(mutex_);
    next = std::move(hubs_wanted_);
  }
  if (next) gather_hub_cards(*next);
}

void Services::sync_now() {
  std::shared_ptr<const Snapshot> next;
  std::vector<std::shared_ptr<Folder>> folders;
  {
    std::lock_guard l(mutex_);
    next = std::move(sync_wanted_);
    folders = folders_;
  }
  if (!next) return;
  for (const auto& folder : folders) {
    std::lock_guard folder_lock(folder->mutex);
    // Not before the folder's refresh (queued ahead of this on the same thread).
    if (!folder->ready || !folder->index) continue;
    try {
      sync(*folder, *next);
    } catch (const std::exception& e) {
      log_.warn(std::string("index: ") + e.what());
    }
  }
}

void Services::gather_hub_cards(const Snapshot& snapshot) {
  const auto started = std::chrono::steady_clock::now();
  auto hubs = std::make_shared<HubCards>();
  hubs->revision = snapshot.workspace.revision();
  hubs->per_group = MarkdownOptions{}.max_per_group;  // As hover asks.
  {
    std::lock_guard lock(mutex_);
    if (hubs_ && hubs_->revision == hubs->revision) return;
  }
  for (const EntityRef& ref : snapshot.workspace.entities()) {
    const std::string& id = ref.entity->id;
    if (hubs->cards.count(id) || snapshot.workspace.about(id).edge_count < kHubEdges) continue;
    if (auto card = card_data(snapshot.workspace, id, hubs->per_group)) hubs->cards.emplace(id, std::move(*card));
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log_.debug("hub cards: " + std::to_string(hubs->cards.size()) + " gathered in " + std::to_string(ms.count()) + " ms");
  std::lock_guard lock(mutex_);
  hubs_ = std::move(hubs);
}

std::optional<CardData> Services::card(const Snapshot& snapshot, const std::string& id, size_t per_group) {
  const auto definitions = snapshot.workspace.definitions(id);
  if (definitions.empty()) return std::nullopt;
  // From the snapshot in memory: a hover neither waits for the index thread nor reads the
  // disk, and shows the graph as the editor has it now. A hub's card was gathered ahead
  // for this very state of the documents, or is gathered now.
  std::optional<CardData> card;
  std::shared_ptr<const HubCards> hubs;
  {
    std::lock_guard lock(mutex_);
    hubs = hubs_;
  }
  if (hubs && hubs->revision == snapshot.workspace.revision() && hubs->per_group == per_group) {
    if (auto it = hubs->cards.find(id); it != hubs->cards.end()) card = it->second;
  }
  if (!card) card = card_data(snapshot.workspace, id, per_group);
  if (!card) return card;
  // Declarations have no embedding (SimilarityIndex leaves them out): no section.
  if (snapshot.options.similarity.duplicates && card->kind != "kind" &&
      card->kind != "relation") {
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
      card->similar = std::move(similar);
      card->similarity_threshold = settings.similarity_threshold;
    }
  }
  return card;
}

// ---- Similarity ------------------------------------------------------------------------

std::shared_ptr<const Services::Pass> Services::latest_pass(const Snapshot& snapshot) {
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

void Services::run_pass(std::shared_ptr<const Snapshot> snapshot) {
  const auto start = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(pass_mutex_);
    pass_running_ = true;
  }
  struct Running {
    Services& self;
    ~Running() {
      {
        std::lock_guard lock(self.pass_mutex_);
        self.pass_running_ = false;
      }
      self.pass_done_.notify_all();
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
    if (auto stored = stored_duplicates(key)) {
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
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  log_.info("similarity pass, " + kind + ": " + std::to_string(pass->pairs.size()) + " likely duplicates, " +
            std::to_string(ms) + " ms");
  if (pass->index) store_duplicates(key, pass->pairs);
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    pass_ = std::move(pass);
    // Stale: a newer snapshot is already queued; its pass will notify.
    if (!pass_queued_) notify = on_result_;
  }
  if (notify) notify();
}

std::optional<std::vector<StoredDuplicate>> Services::stored_duplicates(const std::string& key) {
  std::vector<std::shared_ptr<Folder>> folders;
  {
    std::lock_guard lock(mutex_);
    folders = folders_;
  }
  for (const auto& folder : folders) {
    // Only an index that is ready now: at a first start the index is being written for
    // seconds and holds nothing to read, and the pass must not wait behind it.
    std::unique_lock lock(folder->mutex, std::try_to_lock);
    if (!lock || !folder->ready || !folder->index) continue;
    try {
      if (auto stored = folder->index->duplicates(key)) return stored;
    } catch (const std::exception& e) {
      log_.warn(std::string("index: ") + e.what());
    }
  }
  return std::nullopt;
}

void Services::store_duplicates(const std::string& key, const std::vector<DuplicatePair>& pairs) {
  std::vector<StoredDuplicate> stored;
  stored.reserve(pairs.size());
  for (const DuplicatePair& p : pairs)
    stored.push_back({p.a.entity->id, p.b.entity->id, p.score, p.cosine, p.reason, p.disagreements});
  // On the index thread, which owns the indexes; every folder keeps the whole result (the
  // pass is over the whole workspace, and any folder may be the first one next time).
  asio::post(indexer_, [this, key, stored = std::move(stored)] {
    std::vector<std::shared_ptr<Folder>> folders;
    {
      std::lock_guard lock(mutex_);
      folders = folders_;
    }
    for (const auto& folder : folders) {
      std::lock_guard lock(folder->mutex);
      if (!folder->ready || !folder->index) continue;
      try {
        folder->index->put_duplicates(key, stored);
      } catch (const std::exception& e) {
        log_.warn(std::string("index: cannot store the likely duplicates: ") + e.what());
      }
    }
  });
}

std::vector<DuplicatePair> Services::duplicates(const Snapshot& snapshot) {
  std::vector<DuplicatePair> out;
  auto pass = latest_pass(snapshot);
  if (!pass) return out;
  const Workspace& ws = snapshot.workspace;
  for (const DuplicatePair& p : pass->pairs) {
    // A pass for a lower threshold may still be the latest: a raised one applies at once.
    if (p.score < snapshot.options.similarity.duplicate_threshold) continue;
    const auto& a = ws.definitions(p.a.entity->id);
    const auto& b = ws.definitions(p.b.entity->id);
    // Both must still be defined once; a typed edge added since settles the pair.
    if (a.size() != 1 || b.size() != 1) continue;
    if (joins(*a.front().entity, b.front().entity->id) ||
        joins(*b.front().entity, a.front().entity->id)) {
      continue;
    }
    DuplicatePair pair = p;
    pair.a = a.front();
    pair.b = b.front();
    out.push_back(std::move(pair));
  }
  return out;
}

void Services::add_duplicate_diagnostics(const Snapshot& snapshot,
                                         std::map<std::string, std::vector<Diagnostic>>& out) {
  if (!snapshot.options.similarity.duplicates) return;
  std::vector<DuplicatePair> pairs = duplicates(snapshot);
  // A keystroke mostly leaves every pair where it was: the same entities of the same
  // documents give the same warnings, so they are built again only when a pair moved.
  std::shared_ptr<const Warned> warned;
  {
    std::lock_guard lock(mutex_);
    warned = warned_;
  }
  const auto same = [](const DuplicatePair& x, const DuplicatePair& y) {
    return x.a.entity == y.a.entity && x.a.document == y.a.document && x.b.entity == y.b.entity &&
           x.b.document == y.b.document && x.score == y.score && x.reason == y.reason;
  };
  if (!warned || !std::equal(pairs.begin(), pairs.end(), warned->pairs.begin(), warned->pairs.end(), same)) {
    auto fresh = std::make_shared<Warned>();
    fresh->held = snapshot.workspace;  // Its documents stay alive, so no address is reused.
    fresh->diagnostics = duplicate_diagnostics(pairs);
    fresh->pairs = std::move(pairs);
    warned = fresh;
    std::lock_guard lock(mutex_);
    warned_ = std::move(fresh);
  }
  for (const auto& [path, diagnostics] : warned->diagnostics) {
    auto& list = out[path];
    list.insert(list.end(), diagnostics.begin(), diagnostics.end());
  }
}

}  // namespace kgls::lang
