// Unlinked mentions: an entity's text names another entity (its title or an alias, whole
// words, kgls/mentions.hpp) and no typed edge joins the two. A diagnostic source
// (`unlinked-mention`, a hint on the words, data: the target ID, for the quick fixes "add edge")
// and the card's "Mentioned in" section.
//
// Kept across snapshots so that a keystroke costs the edited file: one NameMatcher over
// every name of the workspace (built once, then each changed document's names taken out and
// put back), each document's mentions and the hashes of its words. After an edit only these
// are read again: the changed documents (with no name changed, only their entities whose
// texts changed: rescan_from()); when a name changed, the documents that mentioned
// its entity and those whose words may hold the new name (text_word_filter()); when an edge
// changed, the documents of its two ends (their mentions are linked or unlinked now).
//
// The first build over a workspace of more than kBuildAtOnceUpTo entities (at 100,000
// entities, seconds: every text read against every name) runs on a thread of its own at the lowest
// priority, so that the other diagnostics are published without waiting for it; its hints
// come with the computation that follows (set_on_built()). Later states update what it built.
//
// Threads: add_diagnostics() runs on an engine pool thread (the engine's diagnostic
// source), add_mentioned_in() on request threads, the first build on builder_; mutex_
// guards everything; while the first build runs, neither waits for it (no hints, no section).
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "kgls/card.hpp"
#include "kgls/mentions.hpp"
#include "lsp/language/background.hpp"
#include "lsp/language/engine.hpp"

namespace kgls::lang {

class Mentions {
 public:
  /// Workspaces up to this size are built at once, on the caller's thread (~15 ms).
  static constexpr size_t kBuildAtOnceUpTo = 2000;

  Mentions();
  ~Mentions();
  Mentions(const Mentions&) = delete;
  Mentions& operator=(const Mentions&) = delete;

  /// Called (on the builder thread) when a first build in the background is done; without
  /// it every build runs at once. Set before the first add_diagnostics().
  void set_on_built(std::function<void()> on_built) { on_built_ = std::move(on_built); }
  /// Abandons a first build under way and joins its thread.
  void stop();
  /// Blocks until a first build under way is done (tests).
  void wait_idle();

  /// The diagnostic source: the `unlinked-mention` hints of every document (nothing when
  /// the `diagnostics.mentions` setting is off, or while the first build runs).
  void add_diagnostics(const Snapshot& snapshot, DiagnosticLayer& out);

  /// Fills the card's "Mentioned in" section: the entities whose text names `id` with no
  /// edge between them, checked against `snapshot` (the mentions are those of the latest
  /// diagnostics). Leaves the card alone when the setting is off or nothing was found yet.
  void add_mentioned_in(const Snapshot& snapshot, const std::string& id, CardData& card);

 private:
  struct Doc {
    std::shared_ptr<const Document> document;
    std::vector<Mention> mentions;     // Linked or not.
    /// Beside each mention: whether an edge joins its two ends (1), not (0), or unknown (-1):
    /// a keystroke re-asks only the mentions it could have changed.
    std::vector<int8_t> linked;
    std::vector<uint64_t> words;       // text_word_filter(), made when first asked (words_of()).
    bool words_made = false;
    SharedDiagnostics unlinked;        // The mentions no edge joins.
  };
  static const std::vector<uint64_t>& words_of(Doc& doc);
  /// Brings the state kept in step with the snapshot.
  void update(const Snapshot& snapshot);
  void reset();
  void forget(const std::string& path, Doc& doc);  // Its mentions leave mentioned_by_.
  /// mentioned_by_ told that `path`'s mentions are now `now` instead of `before`: only the
  /// targets that come or go are touched.
  void retarget(const std::string& path, const std::vector<Mention>& before, const std::vector<Mention>& now);
  void scan(Doc& doc);
  /// scan() for a new text of a document whose old mentions were found with the same names:
  /// an entity whose texts are as they were keeps its mentions (moved with its texts) and
  /// what was known of their link.
  void rescan_from(Doc& doc, const Document& old, const std::vector<Mention>& old_mentions,
                   const std::vector<int8_t>& old_linked);

  std::mutex mutex_;
  std::atomic<bool> building_{false};  // The first build runs on builder_.
  std::atomic<bool> stopping_{false};
  std::function<void()> on_built_;
  boost::asio::thread_pool builder_{1};
  bool built_ = false;
  NameMatcher matcher_;
  std::map<std::string, Doc, std::less<>> docs_;
  std::unordered_map<std::string, std::set<std::string, std::less<>>> mentioned_by_;  // Target -> paths.
};

}  // namespace kgls::lang
