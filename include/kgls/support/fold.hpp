// Case folding of names: ASCII letters only (IDs and titles compare case-insensitively by
// it; other bytes, UTF-8 included, stay as they are).
#pragma once
#include <string>
#include <string_view>

namespace kgls {

/// 'A'..'Z' lowercased; every other byte unchanged.
constexpr char fold_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// The text with its ASCII letters lowercased.
inline std::string fold_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = fold_ascii(c);
  return out;
}

/// fold_case(a) compared with fold_case(b), byte by byte (as unsigned), without building
/// either: negative, zero or positive.
inline int folded_compare(std::string_view a, std::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const auto ca = static_cast<unsigned char>(fold_ascii(a[i])), cb = static_cast<unsigned char>(fold_ascii(b[i]));
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : a.size() < b.size() ? -1 : 1;
}

}  // namespace kgls
