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

void NameMatcher::key(uint32_t parent, std::string_view word, std::string& k) {
  k.assign(sizeof parent, '\0');
  std::memcpy(k.data(), &parent, sizeof parent);
  k.append(word);
}

uint32_t NameMatcher::child(uint32_t parent, std::string_view word, std::string& k) const {
  key(parent, word, k);
  auto it = children_.find(k);
  return it == children_.end() ? UINT32_MAX : it->second;
}

void NameMatcher::add(const std::vector<std::string>& words, const Owner& owner) {
  if (!distinctive(words)) return;
  const uint64_t first = word_hash(words.front());
  first_[(first >> 6) % (kFirstBits / 64)] |= uint64_t{1} << (first & 63);
  uint32_t node = 0;
  std::string k;
  for (const std::string& w : words) {
    key(node, w, k);
    auto [it, inserted] = children_.try_emplace(k, static_cast<uint32_t>(nodes_.size()));
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
  std::string k;
  for (const std::string& w : words) {
    node = child(node, w, k);
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

std::vector<Span> text_spans(const Entity& entity) {
  std::vector<Span> out;
  if (!is_schema_kind(entity.kind)) for_each_text(entity, [&](Span span) { out.push_back(span); });
  return out;
}

std::vector<Mention> find_mentions(const Document& document, const NameMatcher& matcher) {
  std::vector<Mention> out;
  for (const Entity& e : document.entities) find_mentions(document, e, matcher, out);
  return out;
}

void find_mentions(const Document& document, const Entity& e, const NameMatcher& matcher, std::vector<Mention>& out) {
  if (matcher.size() == 0) return;
  std::vector<std::string_view> seen;  // Targets of the entity.
  {
    if (is_schema_kind(e.kind)) return;
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
}

namespace {
// Two bits per word (from the two halves of its hash) in a table of 16 bits per word.
void set_bits(std::vector<uint64_t>& filter, uint64_t h) {
  const size_t n = filter.size() * 64;
  for (uint64_t bit : {h % n, (h >> 32) % n}) filter[bit / 64] |= uint64_t{1} << (bit % 64);
}
bool has_bits(const std::vector<uint64_t>& filter, uint64_t h) {
  const size_t n = filter.size() * 64;
  for (uint64_t bit : {h % n, (h >> 32) % n})
    if (!(filter[bit / 64] >> (bit % 64) & 1)) return false;
  return true;
}
}  // namespace

std::vector<uint64_t> text_word_filter(const Document& document) {
  size_t bytes = 0;  // A word per 4 bytes at most, with its separator.
  for (const Entity& e : document.entities)
    if (!is_schema_kind(e.kind)) for_each_text(e, [&](Span span) { bytes += span.end - span.begin; });
  std::vector<uint64_t> filter(std::max<size_t>(1, bytes / 16 + 1));  // 16 bits per 4 bytes.
  for (const Entity& e : document.entities) {
    if (is_schema_kind(e.kind)) continue;
    for_each_text(e, [&](Span span) {
      for_each_word(slice(document, span), [&](size_t, size_t, std::string_view w) { set_bits(filter, word_hash(w)); });
    });
  }
  return filter;
}

bool may_contain(const std::vector<uint64_t>& filter, const std::vector<std::string>& words) {
  for (const std::string& w : words)
    if (!has_bits(filter, word_hash(w))) return false;
  return true;
}

}  // namespace kgls
