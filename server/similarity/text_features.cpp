#include "similarity/text_features.hpp"

#include <algorithm>
#include <array>

#include "kgls/similarity.hpp"
#include "kgls/support/utf8.hpp"

namespace kgls::similarity_detail {

namespace {

// U+00C0..U+017F folded to ASCII; uppercase entries mark uppercase letters (for camelCase);
// "" marks a symbol (U+00D7, U+00F7). Generated from Unicode's NFKD decompositions.
constexpr std::array<const char*, 0xC0> kLatinFold = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",  // U+00C0
    "D", "N", "O", "O", "O", "O", "O", "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",  // U+00D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // U+00E0
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",  // U+00F0
    "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",  // U+0100
    "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",  // U+0110
    "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",  // U+0120
    "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",  // U+0130
    "l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",  // U+0140
    "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",  // U+0150
    "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",  // U+0160
    "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",  // U+0170
};

enum class Class : uint8_t { Separator, Upper, Lower, Digit, Other, Mark };

struct CodePoint {
  Class cls = Class::Separator;
  char ascii[3] = {0, 0, 0};  // Folded lowercase ASCII, when the letter has one.
  uint32_t cp = 0;
};

// Decodes one UTF-8 sequence at text[i]; returns its length (1 for a bad byte, cp = U+FFFD).
size_t decode(std::string_view text, size_t i, uint32_t& cp) {
  const size_t len = decode_utf8(text, i, cp);
  if (len != 0) return len;
  cp = 0xFFFD;
  return 1;
}

// ASCII, nearly all text, by table.
const std::array<CodePoint, 128> kAscii = [] {
  std::array<CodePoint, 128> t{};
  for (uint32_t cp = 0; cp < 128; ++cp) {
    CodePoint& out = t[cp];
    out.cp = cp;
    const char c = static_cast<char>(cp);
    if (c >= 'a' && c <= 'z') {
      out.cls = Class::Lower;
      out.ascii[0] = c;
    } else if (c >= 'A' && c <= 'Z') {
      out.cls = Class::Upper;
      out.ascii[0] = static_cast<char>(c - 'A' + 'a');
    } else if (c >= '0' && c <= '9') {
      out.cls = Class::Digit;
      out.ascii[0] = c;
    }
  }
  return t;
}();

CodePoint classify(uint32_t cp) {
  if (cp < 0x80) return kAscii[cp];
  CodePoint out;
  out.cp = cp;
  if (cp >= 0xC0 && cp < 0x180) {
    const char* folded = kLatinFold[cp - 0xC0];
    if (!*folded) return out;
    out.cls = (folded[0] >= 'A' && folded[0] <= 'Z') ? Class::Upper : Class::Lower;
    for (int k = 0; folded[k] && k < 2; ++k)
      out.ascii[k] = (folded[k] >= 'A' && folded[k] <= 'Z') ? static_cast<char>(folded[k] - 'A' + 'a') : folded[k];
    return out;
  }
  // Combining accents (NFD text): part of the word, dropped from it.
  if (cp >= 0x300 && cp < 0x370) {
    out.cls = Class::Mark;
    return out;
  }
  // Punctuation and symbol blocks separate words: Latin-1 punctuation, general punctuation
  // to miscellaneous symbols and arrows, CJK punctuation, full-width forms, emoji.
  if (cp < 0xC0 || (cp >= 0x2000 && cp < 0x2C00) || (cp >= 0x3000 && cp < 0x3040) ||
      (cp >= 0xFE30 && cp < 0xFE50) || (cp >= 0xFF00 && cp < 0xFF10) || cp == 0xFEFF || cp == 0xFFFD ||
      (cp >= 0x1F000 && cp < 0x1FB00)) {
    return out;
  }
  // Greek and Cyrillic capitals lowercase by a fixed offset; enough for camelCase and case folding.
  if (cp >= 0x391 && cp <= 0x3A9) {
    out.cls = Class::Upper;
    out.cp = cp + 0x20;
  } else if (cp >= 0x410 && cp <= 0x42F) {
    out.cls = Class::Upper;
    out.cp = cp + 0x20;
  } else if (cp >= 0x400 && cp <= 0x40F) {
    out.cls = Class::Upper;
    out.cp = cp + 0x50;
  } else if ((cp >= 0x3B1 && cp <= 0x3C9) || (cp >= 0x430 && cp <= 0x45F)) {
    out.cls = Class::Lower;
  } else {
    out.cls = Class::Other;  // A letter of another script, kept as is.
  }
  return out;
}

bool letter_like(Class c) { return c != Class::Separator; }

constexpr std::array<std::string_view, 64> kStopwords = {
    "a",     "about", "after", "all",   "also",  "an",    "and",   "any",   "are",   "as",    "at",
    "be",    "been",  "but",   "by",    "can",   "do",    "does",  "e",     "each",  "eg",    "etc",
    "for",   "from",  "g",     "has",   "have",  "how",   "i",     "ie",    "if",    "in",    "into",
    "is",    "it",    "its",   "may",   "more",  "most",  "no",    "not",   "of",    "on",    "one",
    "or",    "other", "s",     "should", "so",   "some",  "such",  "than",  "that",  "the",   "their",
    "then",  "there", "these", "this",  "to",    "used",  "was",   "which", "with",
};

}  // namespace

void split_words(std::string_view text, Words& out) {
  out.clear();
  thread_local std::vector<CodePoint> word;
  word.clear();
  uint32_t line = 0;

  auto flush = [&] {
    if (word.empty()) return;
    Word w;
    w.first_part = static_cast<uint32_t>(out.spans.size());
    w.line = line;
    size_t start = out.buffer.size();
    Class prev = Class::Separator;
    for (size_t i = 0; i < word.size(); ++i) {
      const Class cur = word[i].cls;
      if (cur == Class::Mark) continue;  // Accents never split a word; they are dropped.
      size_t n = i + 1;
      while (n < word.size() && word[n].cls == Class::Mark) ++n;
      const Class next = n < word.size() ? word[n].cls : Class::Separator;
      // "softwareSource", "HTMLPage", "Html5Parser": a new part starts at the capital.
      const bool boundary = prev != Class::Separator && cur == Class::Upper &&
                            (prev == Class::Lower || ((prev == Class::Upper || prev == Class::Digit) && next == Class::Lower));
      if (boundary && out.buffer.size() > start) {
        out.spans.emplace_back(static_cast<uint32_t>(start), static_cast<uint32_t>(out.buffer.size() - start));
        start = out.buffer.size();
      }
      if (word[i].ascii[0]) {
        out.buffer += word[i].ascii[0];
        if (word[i].ascii[1]) out.buffer += word[i].ascii[1];
      } else {
        append_utf8(out.buffer, word[i].cp);
      }
      prev = cur;
    }
    if (out.buffer.size() > start)
      out.spans.emplace_back(static_cast<uint32_t>(start), static_cast<uint32_t>(out.buffer.size() - start));
    w.part_count = static_cast<uint32_t>(out.spans.size()) - w.first_part;
    if (w.part_count > 0) out.words.push_back(w);
    word.clear();
  };

  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    uint32_t cp = byte;
    // ASCII, nearly all of it, needs no decoding.
    const size_t len = byte < 0x80 ? 1 : decode(text, i, cp);
    i += len;
    const CodePoint c = classify(cp);
    if (letter_like(c.cls)) {
      word.push_back(c);
      continue;
    }
    flush();
    if (cp == '\n') ++line;
  }
  flush();
}

std::string_view stem(std::string_view part, std::string& scratch) {
  const size_t n = part.size();
  if (n <= 3 || part[n - 1] != 's') return part;
  auto ends = [&](std::string_view suffix) { return part.ends_with(suffix); };
  if (ends("ss") || ends("us") || ends("is")) return part;
  if (ends("ies") && n > 4) {
    scratch.assign(part.substr(0, n - 3));
    scratch += 'y';
    return scratch;
  }
  if (ends("sses") || ends("xes") || ends("ches") || ends("shes")) return part.substr(0, n - 2);
  return part.substr(0, n - 1);
}

bool is_stopword(std::string_view part) {
  // Sorted at compile time; every stopword has at most six letters.
  static_assert(std::is_sorted(kStopwords.begin(), kStopwords.end()));
  return part.size() <= 6 && std::binary_search(kStopwords.begin(), kStopwords.end(), part);
}

}  // namespace kgls::similarity_detail

namespace kgls {

std::string normalise_name(std::string_view name) {
  similarity_detail::Words words;
  similarity_detail::split_words(name, words);
  std::string out;
  size_t start = 0;
  // A leading article does not make another name: "The VLDB Journal" is "VLDB Journal".
  if (words.part_count() > 1 && (words.part(0) == "the" || words.part(0) == "a" || words.part(0) == "an")) start = 1;
  for (size_t i = start; i < words.part_count(); ++i) {
    if (!out.empty()) out += ' ';
    out += words.part(i);
  }
  return out;
}

}  // namespace kgls
