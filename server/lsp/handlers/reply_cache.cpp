#include "lsp/handlers/reply_cache.hpp"

#include <algorithm>

namespace kgls::lsp {

std::shared_ptr<const std::string> ReplyCache::find(const std::string& uri,
                                                    const std::shared_ptr<const Document>& document,
                                                    std::optional<int32_t> version) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(uri);
  if (it == entries_.end()) return nullptr;
  Entry& entry = it->second;
  if (entry.version != version || entry.document.lock() != document) return nullptr;
  entry.used = ++clock_;
  return entry.text;
}

void ReplyCache::store(const std::string& uri, const std::shared_ptr<const Document>& document,
                       std::optional<int32_t> version, std::shared_ptr<const std::string> text) {
  if (!text || text->size() > max_bytes_) return;
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(uri); it != entries_.end()) erase(it);
  bytes_ += text->size();
  entries_[uri] = {document, version, std::move(text), ++clock_};
  while (entries_.size() > max_entries_ || bytes_ > max_bytes_) {
    erase(std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.used < b.second.used;
    }));
  }
}

void ReplyCache::erase(std::map<std::string, Entry>::iterator it) {
  bytes_ -= it->second.text->size();
  entries_.erase(it);
}

}  // namespace kgls::lsp
