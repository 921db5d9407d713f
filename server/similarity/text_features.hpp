// Words for the builtin embedder and for name comparison: case and accent folding, camelCase
// splitting, a light plural stemmer and a short stopword list. Internal to the layer.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/support/hash.hpp"  // fnv1a64: feature hashing.

namespace kgls::similarity_detail {

/// One word of a text, split into parts at camelCase boundaries, each part folded to
/// lowercase ASCII where a Latin letter allows ("Café" -> "cafe").
struct Word {
  uint32_t first_part = 0;  // Index of its first part (Words::part).
  uint32_t part_count = 0;
  uint32_t line = 0;        // 0-based line of the text the word is on.
};

struct Words {
  std::string buffer;                              // Every part's text, back to back.
  std::vector<std::pair<uint32_t, uint32_t>> spans;  // Each part: offset and length in buffer.
  std::vector<Word> words;

  size_t part_count() const { return spans.size(); }
  std::string_view part(size_t i) const { return std::string_view(buffer).substr(spans[i].first, spans[i].second); }
  void clear() {
    buffer.clear();
    spans.clear();
    words.clear();
  }
};

/// Splits text into words: runs of letters and digits (any non-ASCII letter counts as a
/// letter); "SoftwareSourceCode" is one word of three parts, "HTMLPage" two ("html", "page").
void split_words(std::string_view text, Words& out);

/// English plural endings off ("policies" -> "policy", "actors" -> "actor"); words of three
/// letters or fewer and endings like "ss", "us", "is" are left alone.
std::string_view stem(std::string_view part, std::string& scratch);

/// A short list of English function words ("the", "of", "and", ...).
bool is_stopword(std::string_view part);

/// A strong 64-bit mix (splitmix64's finaliser), to spread hashes over buckets and signs.
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x;
}

}  // namespace kgls::similarity_detail
