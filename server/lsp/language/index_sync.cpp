#include "lsp/language/index_sync.hpp"

#include <boost/asio/post.hpp>
#include <chrono>
#include <set>

#include "lsp/language/background.hpp"

namespace kgls::lang {

namespace asio = boost::asio;

struct IndexSync::Folder {
  std::string root;  // Absolute.
  std::mutex mutex;  // Guards everything below; an Index belongs to one thread at a time.
  bool ready = false;  // Opened and refreshed (or failed trying).
  std::unique_ptr<Index> index;
  // The document last written for each path; compared by identity (documents are
  // immutable and shared, so a new pointer is a new parse).
  std::map<std::string, std::shared_ptr<const Document>, std::less<>> synced;
  bool first_sync = true;
  // The diagnostics last written for each closed file, with the document they were for.
  struct Stored {
    const Document* document = nullptr;
    std::vector<Diagnostic> diagnostics;
  };
  std::map<std::string, Stored, std::less<>> stored;

  bool holds(std::string_view path) const {
    return path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
           path[root.size()] == '/';
  }
};

IndexSync::IndexSync(lsp::Logger& log, std::function<void()> yield)
    : log_(log), yield_(std::move(yield)), timer_(indexer_.get_executor()) {
  run_at_low_priority(indexer_);
}

IndexSync::~IndexSync() { stop(); }

void IndexSync::request_stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  timer_.cancel();
  indexer_.stop();
  starter_.stop();
}

void IndexSync::stop() {
  request_stop();
  indexer_.join();
  starter_.join();
}

void IndexSync::wait_idle() {
  // What waits for a pause in the edits runs now (sync_now() takes it or finds it taken).
  asio::post(indexer_, [this] { sync_now(); });
  drain(indexer_);
}

void IndexSync::add_folder(const std::string& path, const Options& options) {
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
  if (on_stored_) {
    asio::post(starter_, [this, index_options] {
      std::vector<std::string> notices;
      const auto started = std::chrono::steady_clock::now();
      DiagnosticsMap stored = Index::fresh_diagnostics(index_options, notices);
      for (const auto& n : notices) log_.warn(n);
      log_.info("index: stored diagnostics of " + std::to_string(stored.size()) +
                (stored.size() == 1 ? " unchanged file" : " unchanged files") + " read in " +
                std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now() - started).count()) + " ms");
      if (!stored.empty()) on_stored_(std::move(stored));
    });
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
        if (yield_) yield_();
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
    lock.unlock();
    // A state that settled while the index was being built is written now.
    sync_now();
  });
}

void IndexSync::remove_folder(const std::string& path) {
  std::lock_guard lock(mutex_);
  std::erase_if(folders_, [&](const auto& f) { return f->root == path; });
}

void IndexSync::sync(Folder& folder, const Snapshot& snapshot) {
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

void IndexSync::on_snapshot(std::shared_ptr<const Snapshot> snapshot) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  wanted_ = std::move(snapshot);
  // After a pause in the edits (see kQuietDelay). Re-arming cancels the earlier wait.
  timer_.expires_after(kQuietDelay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) sync_now();
  });
}

void IndexSync::on_diagnostics(std::shared_ptr<const Snapshot> snapshot,
                               std::shared_ptr<const ComputedDiagnostics> diagnostics) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  diagnosed_ = std::move(snapshot);
  diagnostics_ = std::move(diagnostics);
}

void IndexSync::store_diagnostics(Folder& folder, const Snapshot& snapshot,
                                  const ComputedDiagnostics& diagnostics) {
  std::vector<FileDiagnostics> changed;
  std::vector<std::pair<std::string, Folder::Stored>> written;
  for (const auto& document : snapshot.workspace.documents()) {
    if (!folder.holds(document->path) || snapshot.open_versions.count(document->path)) continue;
    std::vector<Diagnostic> list = diagnostics.of(document->path);
    auto it = folder.stored.find(document->path);
    if (it != folder.stored.end() && it->second.document == document.get() &&
        it->second.diagnostics == list)
      continue;
    // A file with none and nothing stored needs no row.
    if (it == folder.stored.end() && list.empty()) continue;
    changed.push_back({document->path, document->text, list});
    written.push_back({document->path, {document.get(), list}});
  }
  if (changed.empty()) return;
  folder.index->put_diagnostics(changed);
  for (auto& [path, stored] : written) folder.stored[path] = std::move(stored);
}

void IndexSync::sync_now() {
  std::shared_ptr<const Snapshot> next, diagnosed;
  std::shared_ptr<const ComputedDiagnostics> diagnostics;
  std::vector<std::shared_ptr<Folder>> folders;
  {
    std::lock_guard l(mutex_);
    next = std::move(wanted_);
    diagnosed = diagnosed_;
    diagnostics = diagnostics_;
    folders = folders_;
  }
  if (!next) return;
  bool waiting = false;
  for (const auto& folder : folders) {
    std::lock_guard folder_lock(folder->mutex);
    // Not before the folder's refresh (queued ahead of this on the same thread): the
    // snapshot is kept for the sync that follows the refresh.
    if (!folder->ready) waiting = true;
    if (!folder->ready || !folder->index) continue;
    try {
      sync(*folder, *next);
      // The diagnostics of the state just written: those of an older state would not
      // match its documents (the next sync brings the newer ones).
      if (diagnosed == next && diagnostics && !folder->index->in_memory())
        store_diagnostics(*folder, *next, *diagnostics);
    } catch (const std::exception& e) {
      log_.warn(std::string("index: ") + e.what());
    }
  }
  if (waiting) {
    std::lock_guard l(mutex_);
    if (!wanted_) wanted_ = std::move(next);
  }
}

std::optional<std::vector<StoredDuplicate>> IndexSync::stored_duplicates(const std::string& key) {
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

void IndexSync::store_duplicates(const std::string& key, std::vector<StoredDuplicate> stored) {
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

}  // namespace kgls::lang
