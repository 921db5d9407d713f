// Replies kept as JSON text per document: a request on the same text of a document (the same
// URI, open version and parsed Document) gets the text sent last time, not a recomputation.
// An editor asks for a document's outline again and again (focus, scrolling, breadcrumbs)
// between edits; for a file of thousands of entities that reply is megabytes.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "kgls/model.hpp"

namespace kgls::lsp {

class ReplyCache {
 public:
  /// Keeps at most `max_entries` documents' replies and `max_bytes` of text, dropping the
  /// least recently used first.
  explicit ReplyCache(size_t max_entries = 32, size_t max_bytes = size_t{64} << 20)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}

  /// The text stored for `uri` when it was made from this very `document` at `version`
  /// (nullopt for a file that is not open), else null.
  std::shared_ptr<const std::string> find(const std::string& uri,
                                          const std::shared_ptr<const Document>& document,
                                          std::optional<int32_t> version);
  void store(const std::string& uri, const std::shared_ptr<const Document>& document,
             std::optional<int32_t> version, std::shared_ptr<const std::string> text);

 private:
  struct Entry {
    // Weak: the cache keeps no document alive, and a document freed and another allocated
    // at its address cannot pass for it.
    std::weak_ptr<const Document> document;
    std::optional<int32_t> version;
    std::shared_ptr<const std::string> text;
    uint64_t used = 0;
  };
  void erase(std::map<std::string, Entry>::iterator it);

  const size_t max_entries_;
  const size_t max_bytes_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // By URI.
  size_t bytes_ = 0;
  uint64_t clock_ = 0;
};

}  // namespace kgls::lsp
