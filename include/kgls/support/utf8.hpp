// UTF-8: decoding one sequence, encoding a code point, validation, counting code points.
// The one implementation every layer uses (positions, escaping, word splitting, names).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kgls {

/// True for a UTF-8 continuation byte (10xxxxxx).
inline bool is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/// Decodes the UTF-8 sequence at text[i] (i < text.size()): its length in bytes with its
/// code point in `cp`, or 0 when it is not valid UTF-8 (a stray or truncated byte, an
/// overlong form, a surrogate, a value past U+10FFFF), `cp` then unspecified.
inline size_t decode_utf8(std::string_view text, size_t i, uint32_t& cp) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t length;
  if ((c & 0xE0) == 0xC0) {
    length = 2;
    cp = c & 0x1Fu;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3;
    cp = c & 0x0Fu;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if (!is_utf8_continuation(byte(i + k))) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

/// Appends the UTF-8 encoding of `cp` (a Unicode scalar value).
void append_utf8(std::string& out, uint32_t cp);

/// True when the text is valid UTF-8; otherwise `first_bad` gets the first bad offset.
bool is_valid_utf8(std::string_view text, size_t* first_bad = nullptr);

/// The code points of UTF-8 text, counted by their lead bytes (continuation bytes count
/// nothing, any other byte one).
inline uint32_t code_points(std::string_view s) {
  uint32_t n = 0;
  for (char c : s) n += !is_utf8_continuation(static_cast<unsigned char>(c));
  return n;
}

/// The first `n` code points of `s` (counted as code_points() counts them).
inline std::string_view utf8_prefix(std::string_view s, size_t n) {
  size_t i = 0;
  for (size_t seen = 0; i < s.size(); ++i) {
    if (!is_utf8_continuation(static_cast<unsigned char>(s[i])) && seen++ == n) break;
  }
  return s.substr(0, i);
}

}  // namespace kgls
