#include "lsp/language/engine.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <thread>

#include <boost/asio/post.hpp>

#include "kgls/files.hpp"
#include "kgls/support/clock.hpp"

namespace kgls::lang {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

// Files parsed per batch handed to the strand during a scan: large enough that the strand
// is not flooded, small enough that an open document's request waits little behind one.
constexpr size_t kScanBatch = 64;
constexpr auto kScanBatchTime = std::chrono::milliseconds(100);

// Diagnostics are republished only when this changes: a hash of every field, folded over
// the diagnostics in order (so the lists of a file's parts hash as their concatenation).
void hash_into(uint64_t& h, uint64_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); }
void hash_into(uint64_t& h, std::string_view text) { hash_into(h, std::hash<std::string_view>{}(text)); }
void hash_into(uint64_t& h, const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    const auto& r = d.range;
    for (uint64_t v : {uint64_t{r.bytes.begin}, uint64_t{r.bytes.end}, uint64_t{r.utf16.start.line},
                       uint64_t{r.utf16.start.character}, uint64_t{r.utf16.end.line},
                       uint64_t{r.utf16.end.character}, static_cast<uint64_t>(d.severity)})
      hash_into(h, v);
    hash_into(h, d.code);
    hash_into(h, d.message);
    hash_into(h, d.data);
    for (const auto& related : d.related) {
      hash_into(h, related.path);
      hash_into(h, uint64_t{related.range.bytes.begin});
      hash_into(h, related.message);
    }
    hash_into(h, uint64_t{0x5eed});  // One diagnostic ends.
  }
}

// Runs every job and returns when all are done: the first on this thread, the others on
// `executor` as soon as one of its threads is free. A job no thread has started by the time
// this thread is done is run here, so this never waits for a job that waits in a queue
// (no deadlock when every thread of the pool is busy, one of them being this one).
template <typename Executor>
void run_together(const Executor& executor, std::vector<std::function<void()>> jobs) {
  struct Shared {
    std::vector<std::function<void()>> jobs;
    std::unique_ptr<std::atomic<int>[]> state;  // 0 waiting, 1 running, 2 done.
    std::mutex mutex;
    std::condition_variable done;
  };
  auto shared = std::make_shared<Shared>();
  shared->jobs = std::move(jobs);
  const size_t n = shared->jobs.size();
  shared->state = std::make_unique<std::atomic<int>[]>(n);
  const auto run = [](Shared& s, size_t i) {
    int waiting = 0;
    if (!s.state[i].compare_exchange_strong(waiting, 1)) return;
    s.jobs[i]();
    {
      std::lock_guard lock(s.mutex);
      s.state[i] = 2;
    }
    s.done.notify_all();
  };
  for (size_t i = 1; i < n; ++i) asio::post(executor, [shared, i, run] { run(*shared, i); });
  for (size_t i = 0; i < n; ++i) run(*shared, i);
  std::unique_lock lock(shared->mutex);
  shared->done.wait(lock, [&] {
    for (size_t i = 0; i < n; ++i)
      if (shared->state[i] != 2) return false;
    return true;
  });
}

std::string files(size_t n) { return std::to_string(n) + (n == 1 ? " file" : " files"); }

bool is_under(std::string_view path, std::string_view folder) {
  if (folder == "/") return !path.empty() && path.front() == '/';
  return path.size() > folder.size() && path.substr(0, folder.size()) == folder &&
         path[folder.size()] == '/';
}

// Applies LSP edits to a document. Each change's range is in the coordinates of the text
// as left by the change before it, so after the first one the positions are converted
// against a running copy of the text.
std::shared_ptr<const Document> apply_edits(const Document& previous,
                                            std::vector<ContentChange>& changes) {
  std::shared_ptr<const Document> current;
  const Document* base = &previous;
  std::vector<TextChange> pending;
  std::string text;  // base->text with `pending` applied, once a second change needs it.
  for (size_t i = 0; i < changes.size(); ++i) {
    ContentChange& c = changes[i];
    if (!c.range) {
      pending.clear();
      current = parse_document(previous.path, std::move(c.text));
      base = current.get();
      continue;
    }
    std::optional<LineIndex> local;
    const LineIndex* lines = &base->lines;
    if (!pending.empty()) lines = &local.emplace(text);
    uint32_t begin = lines->offset(c.range->start);
    uint32_t end = lines->offset(c.range->end);
    if (begin > end) std::swap(begin, end);
    if (i + 1 < changes.size()) {
      if (pending.empty()) text = base->text;
      text.replace(begin, end - begin, c.text);
    }
    pending.push_back({{begin, end}, std::move(c.text)});
  }
  if (!pending.empty()) current = apply_changes(*base, pending);
  return current;
}

// "12.3 ms" from `from` to `to`.
std::string since(std::chrono::steady_clock::time_point from,
                  std::chrono::steady_clock::time_point to = std::chrono::steady_clock::now()) {
  return milliseconds_text(to - from);
}

}  // namespace

// Counts queued work so wait_idle() knows when everything has settled.
struct Engine::Pending {
  std::mutex mutex;
  std::condition_variable idle;
  size_t count = 0;
};

Engine::Engine(Options options, EngineCallbacks callbacks, lsp::Logger& log, unsigned threads)
    : log_(log),
      callbacks_(std::move(callbacks)),
      pending_(std::make_unique<Pending>()),
      workers_(threads),
      // Enough lanes run at once that a big file's parse leaves room for the others.
      parsers_(std::max({2u, threads, std::thread::hardware_concurrency()})),
      strand_(asio::make_strand(workers_.get_executor())),
      debounce_(strand_),
      options_(options) {}

Engine::~Engine() {
  stopping_ = true;
  scanner_.stop();
  scanner_.join();
  parsers_.stop();
  parsers_.join();
  workers_.stop();
  workers_.join();
}

template <class Executor, class F>
void Engine::spawn(const Executor& executor, F&& task) {
  {
    std::lock_guard lock(pending_->mutex);
    ++pending_->count;
  }
  asio::post(executor, [this, task = std::forward<F>(task)]() mutable {
    if (!stopping_) {
      try {
        task();
      } catch (const std::exception& e) {
        log_.error(std::string("background task failed: ") + e.what());
      }
    }
    finished();
  });
}

void Engine::finished() {
  std::lock_guard lock(pending_->mutex);
  if (--pending_->count == 0) pending_->idle.notify_all();
}

void Engine::wait_idle() {
  std::unique_lock lock(pending_->mutex);
  pending_->idle.wait(lock, [&] { return pending_->count == 0; });
}

void Engine::set_options(Options options) {
  spawn(strand_, [this, options] {
    options_ = options;
    changed();
  });
}

void Engine::add_diagnostic_source(DiagnosticSource source) {
  spawn(strand_, [this, source = std::move(source)]() mutable {
    sources_.push_back(std::move(source));
    changed();
  });
}

void Engine::add_observer(SnapshotObserver& observer) {
  // Nothing to recompute: an observer adds no diagnostics.
  spawn(strand_, [this, &observer] { observers_.push_back(&observer); });
}

// ---- Documents -----------------------------------------------------------------------

// An editor's text is parsed on its document's lane; the strand only swaps the result in.

void Engine::on_lane(const std::string& path, std::function<void(Lane&)> task) {
  std::shared_ptr<Lane> lane;
  {
    std::lock_guard lock(lanes_mutex_);
    auto& slot = lanes_[path];
    if (!slot) slot = std::make_shared<Lane>(parsers_);
    lane = slot;
    ++lane->queued;
  }
  spawn(lane->strand, [this, path, lane, task = std::move(task)] {
    // Counted down however the task ends, so that a lane is never left "busy".
    struct Done {
      Engine& engine;
      const std::string& path;
      const std::shared_ptr<Lane>& lane;
      ~Done() {
        std::lock_guard lock(engine.lanes_mutex_);
        // A closed document's idle lane goes; its next task makes a new one.
        if (--lane->queued == 0 && !lane->document) {
          auto it = engine.lanes_.find(path);
          if (it != engine.lanes_.end() && it->second == lane) engine.lanes_.erase(it);
        }
      }
    } done{*this, path, lane};
    task(*lane);
  });
}

void Engine::open(std::string path, std::string text, int32_t version) {
  on_lane(path, [this, path, text = std::move(text), version](Lane& lane) mutable {
    const auto started = std::chrono::steady_clock::now();
    lane.document = parse_document(path, std::move(text));
    if (log_.enabled(lsp::LogLevel::Debug)) log_.debug("didOpen: parsed in " + since(started));
    spawn(strand_, [this, path, document = lane.document, version] {
      workspace_.set_document(document);
      open_[path] = version;
      changed(/*at_once=*/true);
    });
  });
}

void Engine::saved(std::string path) {
  // On the lane: after the edits sent before the save.
  on_lane(path, [this, path](Lane&) {
    spawn(strand_, [this, path] {
      if (!open_.count(path)) return;
      // Nothing changed since the last edit; only the wait for the end of the burst is cut.
      changed(/*at_once=*/true);
    });
  });
}

void Engine::change(std::string path, std::vector<ContentChange> changes, int32_t version) {
  ++changes_in_flight_;
  on_lane(path, [this, path, changes = std::move(changes), version](Lane& lane) mutable {
    if (!lane.document) {
      log_.warn("didChange for a document that is not open: " + path);
      // The diagnostics another change put off are owed by the last one to land.
      spawn(strand_, [this] {
        if (--changes_in_flight_ == 0) schedule_diagnostics();
      });
      return;
    }
    const auto started = std::chrono::steady_clock::now();
    if (auto document = apply_edits(*lane.document, changes)) lane.document = std::move(document);
    if (log_.enabled(lsp::LogLevel::Debug)) log_.debug("didChange: applied in " + since(started));
    spawn(strand_, [this, path, document = lane.document, version] {
      const bool last = --changes_in_flight_ == 0;
      if (!open_.count(path)) return;  // Cannot be: the open's task ran first.
      workspace_.set_document(document);
      open_[path] = version;
      changed(/*at_once=*/false, /*quietly=*/!last);
    });
  });
}

void Engine::close(std::string path) {
  on_lane(path, [this, path](Lane& lane) {
    lane.document.reset();
    spawn(strand_, [this, path] { close_now(path); });
  });
}

void Engine::close_now(const std::string& path) {
  if (!open_.erase(path)) {
    log_.warn("didClose for a document that is not open: " + path);
    return;
  }
  // A workspace file goes back to what is on disk; a file from elsewhere is forgotten.
  const Folder* folder = folder_of(path);
  if (folder && folder->files.count(path)) {
    read_files({path});
  } else {
    drop_document(path);
    changed();
  }
}

void Engine::drop_document(const std::string& path) { workspace_.remove_document(path); }

// ---- Folders and files on disk -------------------------------------------------------

Engine::Folder* Engine::folder_of(std::string_view path) {
  Folder* best = nullptr;
  for (auto& folder : folders_) {
    if (is_under(path, folder.path) && (!best || folder.path.size() > best->path.size()))
      best = &folder;
  }
  return best;
}

void Engine::add_folder(std::string path) {
  spawn(strand_, [this, path = std::move(path)] {
    for (const auto& folder : folders_) {
      if (folder.path == path) return;
    }
    folders_.push_back({path, {}});
    scan_folder(path);
  });
}

void Engine::remove_folder(std::string path) {
  spawn(strand_, [this, path = std::move(path)] {
    const auto it = std::find_if(folders_.begin(), folders_.end(),
                                 [&](const Folder& f) { return f.path == path; });
    if (it == folders_.end()) return;
    folders_.erase(it);
    for (const auto& document : workspace_.documents()) {
      const std::string& p = document->path;
      if (is_under(p, path) && !open_.count(p) && !folder_of(p)) drop_document(p);
    }
    changed();
  });
}

std::shared_ptr<const Document> Engine::load(const std::string& path, uint64_t max_size) const {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) {
    log_.debug("cannot read " + path + ": " + ec.message());
    return nullptr;
  }
  if (size > max_size) {
    log_.warn("skipping " + path + ": " + std::to_string(size) + " bytes is over the limit of " +
              std::to_string(max_size) + " (setting files.maxSize)");
    return nullptr;
  }
  std::string text, error;
  if (!read_file(path, text, error)) {
    log_.warn("cannot read " + path + ": " + error);
    return nullptr;
  }
  return parse_document(path, std::move(text), KeepTree::No);  // Reopened with its tree.
}

void Engine::scan_folder(const std::string& path) {
  const uint64_t scan = ++next_scan_;
  ++scans_running_;
  snapshot_.reset();
  const uint64_t max_size = options_.max_file_size;
  spawn(scanner_.get_executor(), [this, path, scan, max_size] {
    const auto started = std::chrono::steady_clock::now();
    FileScan found = find_kg_files(path);
    for (const auto& error : found.errors) log_.warn("scanning " + path + ": " + error);
    const size_t total = found.files.size();
    if (callbacks_.progress)
      callbacks_.progress({ScanProgress::Kind::Begin, scan, "Indexing .kg files",
                           "0/" + files(total), 0});
    // Files are read and parsed on every core (parsing bounds the start of a large
    // workspace); batches go to the strand as they fill.
    std::vector<DocumentRead> batch;
    std::set<std::string> listed;
    for (const auto& file : found.files) listed.insert(file.lexically_normal().string());
    std::mutex mutex;  // Guards batch, done and last_batch.
    size_t done = 0;
    auto last_batch = std::chrono::steady_clock::now();
    std::atomic<size_t> next{0};
    const auto parse = [&] {
      for (size_t i; (i = next++) < total && !stopping_;) {
        std::string file = found.files[i].lexically_normal().string();
        auto document = load(file, max_size);
        std::lock_guard lock(mutex);
        batch.push_back({std::move(file), std::move(document), 0});
        ++done;
        const auto now = std::chrono::steady_clock::now();
        if (batch.size() >= kScanBatch || now - last_batch >= kScanBatchTime) {
          last_batch = now;
          spawn(strand_, [this, path, batch = std::move(batch)]() mutable {
            apply_reads(path, std::move(batch), /*scan=*/true);
          });
          batch.clear();
          const auto percentage = static_cast<uint32_t>(done * 100 / total);
          if (callbacks_.progress)
            callbacks_.progress({ScanProgress::Kind::Report, scan, {},
                                 std::to_string(done) + "/" + files(total), percentage});
        }
      }
    };
    {
      const size_t helpers = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()) - 1,
                                              total / kScanBatch);
      std::vector<std::thread> threads;
      for (size_t t = 0; t < helpers; ++t) threads.emplace_back(parse);
      parse();
      for (auto& t : threads) t.join();
    }
    spawn(strand_, [this, path, batch = std::move(batch), listed = std::move(listed)]() mutable {
      apply_reads(path, std::move(batch), /*scan=*/true);
      for (auto& folder : folders_) {
        if (folder.path == path) folder.files = std::move(listed);
      }
      --scans_running_;
      changed();
    });
    const auto millis = whole_milliseconds_since(started);
    log_.info("read " + files(total) + " of " + path + " in " +
              std::to_string(millis) + " ms");
    if (callbacks_.progress)
      callbacks_.progress({ScanProgress::Kind::End, scan, {}, files(total), 100});
  });
}

void Engine::relist_folder(const std::string& path) {
  spawn(scanner_.get_executor(), [this, path] {
    FileScan found = find_kg_files(path);
    std::set<std::string> listed;
    for (const auto& file : found.files) listed.insert(file.lexically_normal().string());
    spawn(strand_, [this, path, listed = std::move(listed)]() mutable {
      auto it = std::find_if(folders_.begin(), folders_.end(),
                             [&](const Folder& f) { return f.path == path; });
      if (it == folders_.end()) return;
      std::vector<std::string> added;
      for (const auto& file : listed) {
        if (!it->files.count(file) && !open_.count(file)) added.push_back(file);
      }
      for (const auto& file : it->files) {
        if (!listed.count(file) && !open_.count(file)) drop_document(file);
      }
      it->files = std::move(listed);
      read_files(std::move(added));
      changed();
    });
  });
}

void Engine::read_files(std::vector<std::string> paths) {
  if (paths.empty()) return;
  std::vector<DocumentRead> reads;
  for (auto& path : paths) {
    const uint64_t sequence = ++next_read_;
    read_sequence_[path] = sequence;
    reads.push_back({std::move(path), nullptr, sequence});
  }
  const uint64_t max_size = options_.max_file_size;
  spawn(scanner_.get_executor(), [this, reads = std::move(reads), max_size]() mutable {
    for (auto& read : reads) read.document = load(read.path, max_size);
    spawn(strand_, [this, reads = std::move(reads)]() mutable {
      apply_reads({}, std::move(reads), /*scan=*/false);
    });
  });
}

void Engine::apply_reads(const std::string& scan_folder, std::vector<DocumentRead> reads,
                         bool scan) {
  if (scan) {
    // The folder may have been removed while it was being read.
    const bool present = std::any_of(folders_.begin(), folders_.end(),
                                     [&](const Folder& f) { return f.path == scan_folder; });
    if (!present) return;
  }
  bool any = false;
  for (auto& read : reads) {
    if (!scan) {
      // Only the newest read of a path counts; an older one raced with it.
      auto it = read_sequence_.find(read.path);
      if (it == read_sequence_.end() || it->second != read.sequence) continue;
      read_sequence_.erase(it);
    }
    // The editor's text wins over the disk while a document is open.
    if (open_.count(read.path) || !folder_of(read.path)) continue;
    if (read.document) {
      workspace_.set_document(std::move(read.document));
    } else {
      drop_document(read.path);
    }
    any = true;
  }
  if (scan) {
    snapshot_.reset();  // The scan's end recomputes diagnostics once, not every batch.
  } else if (any) {
    changed();
  }
}

void Engine::files_changed(std::vector<std::pair<std::string, FileChange>> events) {
  spawn(strand_, [this, events = std::move(events)] {
    std::vector<std::string> to_read;
    std::set<std::string> relist;
    bool any = false;
    for (const auto& [path, type] : events) {
      Folder* folder = folder_of(path);
      if (!folder) continue;
      const fs::path p(path);
      if (p.filename() == ".kgignore" || p.extension() != ".kg") {
        // Ignore rules changed, or a folder was deleted or created: list again.
        if (p.filename() == ".kgignore" || type != FileChange::Changed)
          relist.insert(folder->path);
        continue;
      }
      if (open_.count(path)) continue;  // The editor owns it until it is closed.
      if (type == FileChange::Deleted) {
        folder->files.erase(path);
        if (workspace_.document(path)) {
          drop_document(path);
          any = true;
        }
      } else if (folder->files.count(path)) {
        to_read.push_back(path);
      } else {
        relist.insert(folder->path);  // New: is it ignored? Listing the folder decides.
      }
    }
    read_files(std::move(to_read));
    for (const auto& folder : relist) relist_folder(folder);
    if (any) changed();
  });
}

// ---- Snapshots, reads and diagnostics ------------------------------------------------

void Engine::changed(bool at_once, bool quietly) {
  ++generation_;
  latest_generation_ = generation_;
  snapshot_.reset();
  if (!quietly) schedule_diagnostics(at_once);
}

std::shared_ptr<const Snapshot> Engine::snapshot() {
  if (!snapshot_) {
    workspace_.schema();  // Builds the lookup tables once; the copy shares them.
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->workspace = workspace_;
    snapshot->open_versions = open_;
    snapshot->options = options_;
    snapshot->scanning = scans_running_ > 0;
    snapshot_ = std::move(snapshot);
  }
  return snapshot_;
}

void Engine::recheck() {
  spawn(strand_, [this] { changed(); });
}

void Engine::read_now(std::function<void(std::shared_ptr<const Snapshot>)> work) {
  spawn(strand_, [this, work = std::move(work)]() mutable {
    spawn(workers_.get_executor(), [work = std::move(work), snapshot = snapshot()] { work(snapshot); });
  });
}

void Engine::read(std::function<void(std::shared_ptr<const Snapshot>)> work) {
  // After every document's earlier edits: a marker on each busy lane, and the last one to
  // run goes on to the strand (each lane posted its parsed documents there before).
  std::vector<std::string> busy;
  {
    std::lock_guard lock(lanes_mutex_);
    for (const auto& [path, lane] : lanes_) {
      if (lane->queued > 0) busy.push_back(path);
    }
  }
  if (busy.empty()) return read_now(std::move(work));
  struct Barrier {
    std::atomic<size_t> remaining;
    std::function<void(std::shared_ptr<const Snapshot>)> work;
  };
  auto barrier = std::make_shared<Barrier>();
  barrier->remaining = busy.size();
  barrier->work = std::move(work);
  for (const auto& path : busy) {
    on_lane(path, [this, barrier](Lane&) {
      if (--barrier->remaining == 0) read_now(std::move(barrier->work));
    });
  }
}

void Engine::read(const std::string& path, std::function<void(std::shared_ptr<const Snapshot>)> work) {
  {
    // An idle lane has posted all it had to the strand: no need to pass through it (and
    // wait for a free parser thread).
    std::lock_guard lock(lanes_mutex_);
    auto it = lanes_.find(path);
    if (it == lanes_.end() || it->second->queued == 0) {
      read_now(std::move(work));
      return;
    }
  }
  on_lane(path, [this, work = std::move(work)](Lane&) mutable { read_now(std::move(work)); });
}

void Engine::schedule_diagnostics(bool at_once) {
  {
    std::lock_guard lock(pending_->mutex);
    ++pending_->count;
  }
  // Re-arming cancels the previous wait: only the last change of a burst computes.
  debounce_.expires_after(at_once ? std::chrono::milliseconds(0) : options_.diagnostics_delay);
  debounce_.async_wait([this, generation = generation_](const boost::system::error_code& ec) {
    if (!ec && !stopping_) {
      try {
        compute_diagnostics(generation);
      } catch (const std::exception& e) {
        log_.error(std::string("diagnostics failed: ") + e.what());
      }
    }
    finished();
  });
}

void Engine::compute_diagnostics(uint64_t generation) {
  spawn(workers_.get_executor(), [this, generation, snapshot = snapshot(), sources = sources_,
                                  observers = observers_] {
    if (latest_generation_ != generation) return;  // Stale before it started.
    auto result = std::make_shared<ComputedDiagnostics>();
    if (snapshot->scanning) {
      // Until every file is read, a missing target may only be unread: report what the
      // open documents' own text proves (syntax), nothing workspace-wide.
      for (const auto& [path, version] : snapshot->open_versions) {
        if (const Document* d = snapshot->workspace.document(path)) result->checks[path] = d->diagnostics;
      }
    } else {
      // From the last full result when there is one: a keystroke re-checks the edited file
      // and the files that depend on the IDs it changed, not the whole workspace.
      std::shared_ptr<const Checked> last;
      {
        std::lock_guard lock(checked_mutex_);
        last = checked_;
      }
      // The checks and each source side by side: on a keystroke they take a few ms each
      // (the debug log prints each one's time), and the machine has more than one core.
      const auto started = std::chrono::steady_clock::now();
      const bool debug = log_.enabled(lsp::LogLevel::Debug);
      std::vector<std::chrono::steady_clock::duration> took(sources.size() + 1);
      result->layers.resize(sources.size());
      std::vector<std::function<void()>> jobs;
      jobs.push_back([&] {
        auto checked = std::make_shared<Checked>();
        checked->snapshot = snapshot;
        checked->generation = generation;
        checked->result = last ? snapshot->workspace.diagnostics(last->snapshot->workspace, last->result)
                               : snapshot->workspace.diagnostics();
        result->checks = checked->result;
        std::lock_guard lock(checked_mutex_);
        if (!checked_ || checked_->generation < generation) checked_ = std::move(checked);
      });
      for (size_t i = 0; i < sources.size(); ++i)
        jobs.push_back([&, i] { sources[i](*snapshot, result->layers[i]); });
      for (size_t i = 0; i < jobs.size(); ++i) {
        jobs[i] = [&took, i, job = std::move(jobs[i])] {
          const auto job_started = std::chrono::steady_clock::now();
          job();
          took[i] = std::chrono::steady_clock::now() - job_started;
        };
      }
      run_together(workers_.get_executor(), std::move(jobs));
      const auto sources_done = std::chrono::steady_clock::now();
      if (debug) {
        std::string each;
        for (size_t i = 1; i < took.size(); ++i) each += (i > 1 ? " + " : "") + milliseconds_text(took[i]);
        log_.debug("diagnostics: checks and sources side by side " + since(started, sources_done) + " (checks " +
                   milliseconds_text(took[0]) + ", sources " + each + ")");
      }
      for (SnapshotObserver* observer : observers) observer->on_snapshot(snapshot);
      if (debug) log_.debug("diagnostics: observers " + since(sources_done));
    }
    std::shared_ptr<const ComputedDiagnostics> shared = std::move(result);
    const bool only_open = !snapshot->scanning && !snapshot->options.workspace_diagnostics;
    spawn(strand_, [this, generation, shared, versions = snapshot->open_versions,
                    partial = snapshot->scanning, only_open]() mutable {
      publish(generation, std::move(shared), std::move(versions), partial, only_open);
    });
    if (!snapshot->scanning) {
      for (SnapshotObserver* observer : observers) observer->on_diagnostics(snapshot, shared);
    }
  });
}

void Engine::publish_stored(DiagnosticsMap stored) {
  spawn(strand_, [this, stored = std::move(stored)]() mutable {
    if (published_full_ || !callbacks_.publish_diagnostics || stopping_) return;
    if (!options_.workspace_diagnostics) return;  // Only open documents' are published.
    size_t count = 0;
    for (auto& [path, diagnostics] : stored) {
      if (diagnostics.empty() || published_.count(path) || open_.count(path)) continue;
      Published& p = published_[path];
      hash_into(p.checks, diagnostics);
      p.stored = true;
      callbacks_.publish_diagnostics({path, std::nullopt, std::move(diagnostics)});
      ++count;
    }
    log_.info("published the stored diagnostics of " + files(count) + " (unchanged since the index kept them)");
  });
}

void Engine::publish(uint64_t generation, std::shared_ptr<const ComputedDiagnostics> result,
                     std::map<std::string, int32_t, std::less<>> versions, bool partial,
                     bool only_open) {
  if (generation != generation_) return;  // A newer computation is on its way.
  if (!callbacks_.publish_diagnostics) return;
  const auto started = std::chrono::steady_clock::now();
  struct Report {
    lsp::Logger& log;
    std::chrono::steady_clock::time_point started;
    ~Report() {
      if (log.enabled(lsp::LogLevel::Debug)) log.debug("diagnostics: published in " + since(started));
    }
  } report{log_, started};
  for (const std::string_view path : result->paths()) {
    auto version = versions.find(path);
    const bool is_open = version != versions.end();
    if (only_open && !is_open) continue;  // Cleared below if it was published before.
    // What this file's diagnostics are made of: an open document hears about every new
    // version, so the client can tell its diagnostics are current; a closed file only
    // when they change. A layer's list that is the same object as last time is unchanged.
    Published now;
    size_t count = 0;
    if (auto c = result->checks.find(std::string(path)); c != result->checks.end()) {
      hash_into(now.checks, c->second);
      count += c->second.size();
    }
    for (const DiagnosticLayer& layer : result->layers) {
      auto l = layer.find(path);
      now.layers.push_back(l == layer.end() ? nullptr : l->second);
      if (now.layers.back()) count += now.layers.back()->size();
    }
    if (is_open) now.version = version->second;
    auto old = published_.find(path);
    if (old == published_.end()) {
      // Nothing to clear: a clean closed file needs no message; an open one gets one.
      if (count == 0 && !is_open) continue;
    } else if (old->second.stored) {
      // Published from the index at a warm start: compared by what the lists hold.
      uint64_t whole = now.checks;
      for (const SharedDiagnostics& list : now.layers)
        if (list) hash_into(whole, *list);
      if (whole == old->second.checks && !is_open) {
        old->second = std::move(now);
        continue;
      }
    } else if (old->second.checks == now.checks && old->second.layers == now.layers &&
               old->second.version == now.version) {
      continue;
    }
    std::string key(path);
    published_[key] = std::move(now);
    callbacks_.publish_diagnostics(
        {std::move(key), is_open ? std::optional<int32_t>(version->second) : std::nullopt, result->of(path)});
  }
  // A partial result (during a scan) says nothing about the files it leaves out.
  if (partial) return;
  published_full_ = true;
  for (auto it = published_.begin(); it != published_.end();) {
    if (result->has(it->first) && (!only_open || versions.count(it->first))) {
      ++it;
      continue;
    }
    callbacks_.publish_diagnostics({it->first, std::nullopt, {}});
    it = published_.erase(it);
  }
}

// ---- ComputedDiagnostics ------------------------------------------------------------------

std::vector<Diagnostic> ComputedDiagnostics::of(std::string_view path) const {
  std::vector<Diagnostic> out;
  if (auto c = checks.find(std::string(path)); c != checks.end()) out = c->second;
  for (const DiagnosticLayer& layer : layers) {
    auto l = layer.find(path);
    if (l != layer.end() && l->second) out.insert(out.end(), l->second->begin(), l->second->end());
  }
  return out;
}

bool ComputedDiagnostics::has(std::string_view path) const {
  if (checks.count(std::string(path))) return true;
  for (const DiagnosticLayer& layer : layers)
    if (layer.find(path) != layer.end()) return true;
  return false;
}

std::vector<std::string_view> ComputedDiagnostics::paths() const {
  std::vector<std::string_view> out;
  for (const auto& [path, list] : checks) out.push_back(path);
  for (const DiagnosticLayer& layer : layers)
    for (const auto& [path, list] : layer) out.push_back(path);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace kgls::lang
