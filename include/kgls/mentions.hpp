// Mentions: where an entity's text names another entity by its title or an alias, as whole
// words, case-insensitive (language.md, "unlinked-mention"). One matcher over every name of a
// workspace, kept as documents come and go; a text is then read once, word by word, and at
// each word the matcher follows the longest name that starts there (a trie over words), so
// finding the mentions of a document costs its text, not the number of names.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kgls/model.hpp"

namespace kgls {

/// Calls `word(begin, end, folded)` for each word of `text`: a run of ASCII letters and digits
/// and non-ASCII bytes (any other byte separates words), folded to ASCII lower case. Offsets
/// are into `text`.
template <class F>
void for_each_word(std::string_view text, F&& word) {
  std::string folded;
  for (size_t i = 0; i < text.size();) {
    auto in_word = [&](unsigned char c) {
      return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    if (!in_word(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const size_t begin = i;
    folded.clear();
    for (; i < text.size() && in_word(static_cast<unsigned char>(text[i])); ++i) {
      const char c = text[i];
      folded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    word(begin, i, std::string_view(folded));
  }
}

/// FNV-1a of a folded word: the matcher's first-word filter and a document's word filter.
inline uint64_t word_hash(std::string_view word) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : word) h = (h ^ c) * 1099511628211ull;
  return h;
}

/// The words of a name, folded (for_each_word()).
std::vector<std::string> name_words(std::string_view name);

/// A name worth matching: two words or more (at most kMaxNameWords), or one word of six
/// letters or more (counted in code points). Short single words ("name", "type") are said in
/// passing, not as a reference; a name of punctuation only has no words at all.
bool distinctive(const std::vector<std::string>& words);
inline constexpr size_t kMaxNameWords = 16;

/// The names an entity may be mentioned by: its `title` field and its `aliases`, those that
/// are distinctive(), each once. Schema declarations (`kind`, `relation`, `field`) have none.
std::vector<std::string> mention_names(const Entity& entity);

/// Every name of a workspace, as a trie over folded words. Each name is held for an
/// (ID, path) pair, so that a document's names are taken out exactly as they were put in.
class NameMatcher {
 public:
  struct Owner {
    std::string id;
    std::string path;
    friend bool operator==(const Owner&, const Owner&) = default;
  };

  /// Adds every name of every entity of `document` (mention_names()).
  void add_document(const Document& document);
  /// Takes out what add_document() put in for this document.
  void remove_document(const Document& document);

  void add(const std::vector<std::string>& words, const Owner& owner);
  void remove(const std::vector<std::string>& words, const Owner& owner);

  /// Calls `found(span, owners)` for each mention in `text` (whose first byte is at offset
  /// `base` of its document), leftmost-longest: at each word the longest name starting there,
  /// then on after it. `owners` is never empty.
  template <class F>
  void find(std::string_view text, uint32_t base, F&& found) const;

  size_t size() const { return names_; }

 private:
  struct Node {
    std::vector<Owner> owners;  // The name ending here belongs to these.
  };
  // (parent node, word) -> child node; node 0 is the root. `key` is a buffer to reuse.
  static void key(uint32_t parent, std::string_view word, std::string& key);
  uint32_t child(uint32_t parent, std::string_view word, std::string& key) const;  // UINT32_MAX when none.
  // One bit per hash of a name's first word (set, never cleared): most words of a text
  // start no name, and the bit says so from a table that stays in cache.
  static constexpr size_t kFirstBits = size_t{1} << 21;
  bool may_start(uint64_t hash) const { return first_[(hash >> 6) % (kFirstBits / 64)] >> (hash & 63) & 1; }

  std::vector<uint64_t> first_ = std::vector<uint64_t>(kFirstBits / 64);
  std::vector<Node> nodes_{1};
  std::unordered_map<std::string, uint32_t> children_;
  size_t names_ = 0;
};

/// One mention: the words `span` (byte offsets of the document) in `source`'s text name
/// `target`.
struct Mention {
  std::string source;
  std::string target;
  Span span;
  friend bool operator==(const Mention&, const Mention&) = default;
};

/// The mentions in a document: in each entity's text fields (every string, text block and
/// list of strings but `title` and `aliases`), the names of other entities, each target once
/// per entity (its first mention), the entity's own names left out. Schema declarations are
/// not read. Ordered by position.
std::vector<Mention> find_mentions(const Document& document, const NameMatcher& matcher);
/// The same for one entity of the document, appended to `out`.
void find_mentions(const Document& document, const Entity& entity, const NameMatcher& matcher,
                   std::vector<Mention>& out);
/// The spans of the texts find_mentions() reads in an entity, in order.
std::vector<Span> text_spans(const Entity& entity);

/// The folded words of a document's text fields as a Bloom filter (a bit per word hash, 16
/// bits per word): whether a newly added name may occur in it (may_contain(), never a false
/// "no") without reading it again.
std::vector<uint64_t> text_word_filter(const Document& document);
bool may_contain(const std::vector<uint64_t>& filter, const std::vector<std::string>& words);

// ---------------------------------------------------------------------------------------------

template <class F>
void NameMatcher::find(std::string_view text, uint32_t base, F&& found) const {
  if (names_ == 0) return;
  struct Word {
    uint32_t begin, end;  // In `text`.
    uint32_t at, size;    // In `folded`.
    uint64_t hash;
  };
  thread_local std::vector<Word> words;
  thread_local std::string folded, buffer;
  words.clear();
  folded.clear();
  for_each_word(text, [&](size_t b, size_t e, std::string_view w) {
    words.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), static_cast<uint32_t>(folded.size()),
                     static_cast<uint32_t>(w.size()), word_hash(w)});
    folded.append(w);
  });
  auto word = [&](size_t j) { return std::string_view(folded).substr(words[j].at, words[j].size); };
  for (size_t i = 0; i < words.size();) {
    if (!may_start(words[i].hash)) {
      ++i;
      continue;
    }
    uint32_t node = 0;
    size_t best_end = 0;  // Words [i, best_end) are the longest name; 0: none.
    const Node* best = nullptr;
    for (size_t j = i; j < words.size() && j - i < kMaxNameWords; ++j) {
      node = child(node, word(j), buffer);
      if (node == UINT32_MAX) break;
      if (!nodes_[node].owners.empty()) {
        best = &nodes_[node];
        best_end = j + 1;
      }
    }
    if (!best) {
      ++i;
      continue;
    }
    found(Span{base + words[i].begin, base + words[best_end - 1].end}, best->owners);
    i = best_end;
  }
}

}  // namespace kgls
