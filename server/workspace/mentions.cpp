#include "kgls/mentions.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_set>

namespace kgls {

namespace {

bool is_text(const Value& v) { return v.type == Value::Type::String || v.type == Value::Type::TextBlock; }

// Calls `text(span)` for the source of each text value of an entity's fields (title and
// aliases left out): the raw slice, escapes and indentation included, whose words are the
// value's words and whose offsets are the document's.
template <class F>
void for_each_text(const Entity& entity, F&& text) {
  for (const Field& f : entity.fields) {
    if (f.key == "title" || f.key == "aliases") continue;
    if (is_text(f.value)) {
      text(f.value.range.bytes);
    } else if (f.value.type == Value::Type::List) {
      for (const Value& item : f.value.items)
        if (is_text(item)) text(item.range.bytes);
    }
  }
}

std::string_view slice(const Document& doc, Span span) {
  if (span.begin >= span.end || span.end > doc.text.size()) return {};
  return std::string_view(doc.text).substr(span.begin, span.end - span.begin);
}

uint32_t hash_word(std::string_view w) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : w) h = (h ^ c) * 16777619u;
  return h;
}

}  // namespace

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> out;
  for_each_word(name, [&](size_t, size_t, std::string_view w) { out.emplace_back(w); });
  return out;
}

bool distinctive(const std::vector<std::string>& words) {
  if (words.empty() || words.size() > kMaxNameWords) return false;
  if (words.size() > 1) return true;
  size_t letters = 0;  // Code points: continuation bytes do not count.
  for (unsigned char c : words.front())
    if ((c & 0xC0) != 0x80) ++letters;
  return letters >= 6;
}

std::vector<std::string> mention_names(const Entity& entity) {
  std::vector<std::string> out;
  if (is_schema_kind(entity.kind)) return out;
  std::unordered_set<std::string_view> seen;  // A long alias list is said once each, not compared pairwise.
  auto add = [&](const std::string& name) {
    if (distinctive(name_words(name)) && seen.insert(name).second) out.push_back(name);
  };
  if (const Field* title = entity.field("title"); title && is_text(title->value)) add(title->value.text);
  for (const std::string& alias : entity.aliases()) add(alias);
  return out;
}

std::string NameMatcher::key(uint32_t parent, std::string_view word) {
  std::string k(sizeof parent, '\0');
  std::memcpy(k.data(), &parent, sizeof parent);
  k.append(word);
  return k;
}

uint32_t NameMatcher::child(uint32_t parent, std::string_view word) const {
  auto it = children_.find(key(parent, word));
  return it == children_.end() ? UINT32_MAX : it->second;
}

void NameMatcher::add(const std::vector<std::string>& words, const Owner& owner) {
  if (!distinctive(words)) return;
  uint32_t node = 0;
  for (const std::string& w : words) {
    auto [it, inserted] = children_.try_emplace(key(node, w), static_cast<uint32_t>(nodes_.size()));
    if (inserted) nodes_.emplace_back();
    node = it->second;
  }
  auto& owners = nodes_[node].owners;
  if (std::find(owners.begin(), owners.end(), owner) != owners.end()) return;  // Said twice.
  owners.push_back(owner);
  ++names_;
}

void NameMatcher::remove(const std::vector<std::string>& words, const Owner& owner) {
  if (!distinctive(words)) return;
  uint32_t node = 0;
  for (const std::string& w : words) {
    node = child(node, w);
    if (node == UINT32_MAX) return;
  }
  auto& owners = nodes_[node].owners;
  auto it = std::find(owners.begin(), owners.end(), owner);
  if (it == owners.end()) return;
  owners.erase(it);
  --names_;
}

void NameMatcher::add_document(const Document& document) {
  for (const Entity& e : document.entities)
    for (const std::string& name : mention_names(e)) add(name_words(name), {e.id, document.path});
}

void NameMatcher::remove_document(const Document& document) {
  for (const Entity& e : document.entities)
    for (const std::string& name : mention_names(e)) remove(name_words(name), {e.id, document.path});
}

std::vector<Mention> find_mentions(const Document& document, const NameMatcher& matcher) {
  std::vector<Mention> out;
  if (matcher.size() == 0) return out;
  std::vector<std::string_view> seen;  // Targets of the current entity.
  for (const Entity& e : document.entities) {
    if (is_schema_kind(e.kind)) continue;
    seen.clear();
    const size_t first = out.size();
    for_each_text(e, [&](Span span) {
      matcher.find(slice(document, span), span.begin, [&](Span at, const std::vector<NameMatcher::Owner>& owners) {
        for (const NameMatcher::Owner& o : owners) {
          if (o.id == e.id || std::find(seen.begin(), seen.end(), o.id) != seen.end()) continue;
          seen.push_back(o.id);
          out.push_back({e.id, o.id, at});
        }
      });
    });
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                     [](const Mention& a, const Mention& b) {
                       return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.target < b.target;
                     });
  }
  return out;
}

std::vector<uint32_t> text_word_hashes(const Document& document) {
  std::vector<uint32_t> out;
  for (const Entity& e : document.entities) {
    if (is_schema_kind(e.kind)) continue;
    for_each_text(e, [&](Span span) {
      for_each_word(slice(document, span), [&](size_t, size_t, std::string_view w) { out.push_back(hash_word(w)); });
    });
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool may_contain(const std::vector<uint32_t>& hashes, const std::vector<std::string>& words) {
  for (const std::string& w : words)
    if (!std::binary_search(hashes.begin(), hashes.end(), hash_word(w))) return false;
  return true;
}

}  // namespace kgls
