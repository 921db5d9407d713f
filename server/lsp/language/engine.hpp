// The language side of the server: the workspace state, the threads that change it, and
// a path + position world for the features. Knows nothing of JSON or LSP messages (like
// clangd's ClangdServer beside ClangdLSPServer).
//
// Threading: every state change (open, change, close, folders, file events, options) is
// applied on one strand of a small worker pool, never on the caller's (I/O) thread. An
// editor's text is parsed first, on the document's own lane (a strand of a pool of its
// own), so one document's edits stay in call order while a big file's parse holds up no
// other document: the strand applies the parsed document when it is ready. Readers get an
// immutable Snapshot and run on the pool in parallel with later edits; the snapshot
// includes every earlier call, except that a read about one document (`read(path, ...)`)
// waits only for that document's earlier edits and sees the others as far as they are
// parsed (each at one version the editor sent, never half-applied). Workspace folders are read
// and parsed on a separate scanner thread, in batches, so requests on open files are
// answered while the initial scan is still running. Diagnostics are debounced: each
// change restarts a timer, and a result computed for an older state than the latest
// change is dropped.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "kgls/workspace.hpp"
#include "lsp/language/cancel.hpp"
#include "lsp/language/options.hpp"
#include "lsp/logger.hpp"

namespace kgls::lang {

/// An immutable view of the workspace at one moment: share it, never change it.
struct Snapshot {
  Workspace workspace;  // Its lookup tables are built before it is shared.
  std::map<std::string, int32_t, std::less<>> open_versions;  // Open documents.
  Options options;
  bool scanning = false;  // A workspace folder is still being read.
};

/// Diagnostics of one file; an empty list clears what was published before.
struct DiagnosticsUpdate {
  std::string path;
  std::optional<int32_t> version;  // For open documents.
  std::vector<Diagnostic> diagnostics;
};

/// Progress of reading a workspace folder.
struct ScanProgress {
  enum class Kind { Begin, Report, End };
  Kind kind = Kind::Report;
  uint64_t scan = 0;  // Identifies one scan.
  std::string title;  // Begin.
  std::string message;
  uint32_t percentage = 0;
};

/// An incremental edit in LSP coordinates; a whole-text replacement when `range` is empty.
struct ContentChange {
  std::optional<Range> range;
  std::string text;
};

enum class FileChange { Created, Changed, Deleted };

struct EngineCallbacks {
  /// Called on a pool thread, in order for any one path.
  std::function<void(DiagnosticsUpdate)> publish_diagnostics;
  std::function<void(ScanProgress)> progress;
};

/// Diagnostics by path.
using DiagnosticsMap = std::map<std::string, std::vector<Diagnostic>>;

/// One source's diagnostics of one file, shared from one computation to the next while
/// they stay the same: a keystroke then neither copies nor compares the other files' lists
/// (at 100,000 entities the unlinked-mention hints alone are ~90,000 diagnostics).
using SharedDiagnostics = std::shared_ptr<const std::vector<Diagnostic>>;
/// `before` itself when it holds the same diagnostics as `list` (so the file is not
/// published again), else a new shared list of `list`.
inline SharedDiagnostics keep_if_same(const SharedDiagnostics& before, std::vector<Diagnostic>&& list) {
  if (before && *before == list) return before;
  return std::make_shared<const std::vector<Diagnostic>>(std::move(list));
}
/// A diagnostic source's diagnostics by path.
using DiagnosticLayer = std::map<std::string, SharedDiagnostics, std::less<>>;

/// Adds diagnostics of its own (likely-duplicate, unlinked-mention) to its layer.
using DiagnosticSource = std::function<void(const Snapshot&, DiagnosticLayer&)>;

/// The diagnostics of one state of the documents: the workspace's checks and one layer per
/// diagnostic source, in the order the sources were added.
struct ComputedDiagnostics {
  DiagnosticsMap checks;
  std::vector<DiagnosticLayer> layers;

  /// Every diagnostic of `path`: its checks', then each layer's.
  std::vector<Diagnostic> of(std::string_view path) const;
  /// Whether any list (even an empty one) is kept for `path`.
  bool has(std::string_view path) const;
  /// The paths with a list, each once, sorted.
  std::vector<std::string_view> paths() const;
};

/// Hears of each new state of the documents the engine settles on: after the debounce,
/// once every workspace folder has been read, right after that state's diagnostics were
/// computed (a state overtaken by a later edit before its computation started is
/// skipped). Called on an engine pool thread, beside requests and perhaps beside the call
/// for an older state: an observer takes a lock, hands the snapshot to a thread of its own
/// and returns (IndexSync, HubCards). The language layer's wiring is Services::attach().
class SnapshotObserver {
 public:
  virtual ~SnapshotObserver() = default;
  virtual void on_snapshot(std::shared_ptr<const Snapshot> snapshot) = 0;
  /// Right after on_snapshot(): that state's diagnostics, every file's (the workspace's
  /// checks and the diagnostic sources), whether or not the settings publish them all.
  virtual void on_diagnostics(std::shared_ptr<const Snapshot> /*snapshot*/,
                              std::shared_ptr<const ComputedDiagnostics> /*diagnostics*/) {}
};

class Engine {
 public:
  Engine(Options options, EngineCallbacks callbacks, lsp::Logger& log, unsigned threads = 2);
  /// Abandons queued work and joins the threads.
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void set_options(Options options);
  /// Call before any folder is added.
  void add_diagnostic_source(DiagnosticSource source);
  /// Call before any folder is added; `observer` outlives the engine.
  void add_observer(SnapshotObserver& observer);

  /// Paths are absolute and lexically normal (or, for buffers without a file, any key
  /// that does not start with '/').
  void add_folder(std::string path);
  void remove_folder(std::string path);

  void open(std::string path, std::string text, int32_t version);
  void change(std::string path, std::vector<ContentChange> changes, int32_t version);
  void close(std::string path);
  /// The editor saved a document: what is pending for the debounce is computed now.
  void saved(std::string path);
  void files_changed(std::vector<std::pair<std::string, FileChange>> events);

  /// Recomputes and republishes diagnostics (a diagnostic source has news).
  void recheck();

  /// Diagnostics kept from an earlier session for files whose text is unchanged (the
  /// index's), published at once for the files the engine has not published yet, so a
  /// warm start shows them before the workspace is parsed. The first full computation
  /// replaces them: what differs is published again, what is gone is cleared. Ignored
  /// once a full computation was published, and for open documents.
  void publish_stored(DiagnosticsMap stored);

  /// Runs `work` on a pool thread with a snapshot that includes every earlier call (a
  /// request about the workspace: it waits for every document being parsed).
  void read(std::function<void(std::shared_ptr<const Snapshot>)> work);
  /// The same for a request about one document: the snapshot includes every earlier call
  /// about `path` and every earlier change that is not a document's text; another
  /// document's text is there as far as its parse has ended.
  void read(const std::string& path, std::function<void(std::shared_ptr<const Snapshot>)> work);

  /// Blocks until everything queued so far (edits, scans, diagnostics) is done.
  /// For tests and for an orderly shutdown.
  void wait_idle();

 private:
  struct Folder {
    std::string path;
    std::set<std::string> files;  // As of the last scan.
  };
  struct DocumentRead {
    std::string path;
    std::shared_ptr<const Document> document;  // Null: the file is gone or unreadable.
    uint64_t sequence = 0;
  };

  struct Pending;
  /// One document's edits in call order, parsed off the strand. The strand runs tasks in
  /// the order they were posted, and a lane posts each parsed document to the strand before
  /// its next task starts.
  struct Lane {
    explicit Lane(boost::asio::thread_pool& pool) : strand(boost::asio::make_strand(pool.get_executor())) {}
    boost::asio::strand<boost::asio::thread_pool::executor_type> strand;
    std::shared_ptr<const Document> document;  // The editor's text; null when not open. Lane only.
    size_t queued = 0;  // Tasks posted and not yet run; guarded by lanes_mutex_.
  };

  /// Runs `task` on `path`'s lane, after the tasks posted there before.
  void on_lane(const std::string& path, std::function<void(Lane&)> task);
  /// Runs `work` on the pool with the snapshot of the strand's state once it gets there.
  void read_now(std::function<void(std::shared_ptr<const Snapshot>)> work);

  // Posts a task and counts it until it has run (see wait_idle()).
  template <class Executor, class F>
  void spawn(const Executor& executor, F&& task);
  void finished();

  // All below run on the strand.
  /// The documents changed: diagnostics after the debounce, or at once (`at_once`: an open
  /// or a save, which are single events, not a burst of keystrokes).
  /// `quietly`: the snapshot moves on, but the diagnostics wait for the next change (an
  /// edit of another document is still being applied: a workspace edit such as a rename
  /// arrives as several didChange, and the state between them is not worth publishing).
  void changed(bool at_once = false, bool quietly = false);
  std::shared_ptr<const Snapshot> snapshot();
  void schedule_diagnostics(bool at_once = false);
  void compute_diagnostics(uint64_t generation);
  void publish(uint64_t generation, std::shared_ptr<const ComputedDiagnostics> result,
               std::map<std::string, int32_t, std::less<>> versions, bool partial, bool only_open);
  Folder* folder_of(std::string_view path);
  void scan_folder(const std::string& path);
  void relist_folder(const std::string& path);
  void read_files(std::vector<std::string> paths);
  /// `scan`: a batch of `folder`'s initial scan, else re-reads of single files.
  void apply_reads(const std::string& folder, std::vector<DocumentRead> reads, bool scan);
  void drop_document(const std::string& path);
  /// The editor closed `path` (its lane has run everything before).
  void close_now(const std::string& path);

  // Runs on the scanner thread.
  std::shared_ptr<const Document> load(const std::string& path, uint64_t max_size) const;

  lsp::Logger& log_;
  EngineCallbacks callbacks_;
  std::unique_ptr<Pending> pending_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> latest_generation_{0};  // generation_, readable off the strand.
  // didChange notifications received and not yet applied on the strand.
  std::atomic<size_t> changes_in_flight_{0};

  boost::asio::thread_pool workers_;
  boost::asio::thread_pool scanner_{1};
  boost::asio::thread_pool parsers_;  // The lanes run here.
  std::mutex lanes_mutex_;
  std::map<std::string, std::shared_ptr<Lane>, std::less<>> lanes_;  // Paths with an open document or a task.
  boost::asio::strand<boost::asio::thread_pool::executor_type> strand_;
  boost::asio::steady_timer debounce_;

  // Strand state.
  std::vector<DiagnosticSource> sources_;
  std::vector<SnapshotObserver*> observers_;
  Options options_;
  Workspace workspace_;
  std::map<std::string, int32_t, std::less<>> open_;
  std::vector<Folder> folders_;
  std::map<std::string, uint64_t, std::less<>> read_sequence_;  // Latest read per path.
  uint64_t next_read_ = 0;
  uint64_t next_scan_ = 0;
  int scans_running_ = 0;
  uint64_t generation_ = 0;  // Bumped by every change that diagnostics depend on.
  std::shared_ptr<const Snapshot> snapshot_;
  // What each path's last publication was made of: the checks' hash and the layers' lists
  // (held, so that an address is not reused while compared), and the version it carried.
  struct Published {
    uint64_t checks = 0;
    std::vector<SharedDiagnostics> layers;
    std::optional<int32_t> version;
    bool stored = false;  // From the index at a warm start.
  };
  std::map<std::string, Published, std::less<>> published_;
  bool published_full_ = false;  // A full (not partial) computation was published.

  // The latest workspace diagnostics computed (before the diagnostic sources), which the
  // next computation starts from. Written by pool threads.
  struct Checked {
    std::shared_ptr<const Snapshot> snapshot;
    uint64_t generation = 0;
    std::map<std::string, std::vector<Diagnostic>> result;
  };
  std::mutex checked_mutex_;
  std::shared_ptr<const Checked> checked_;
};

}  // namespace kgls::lang
