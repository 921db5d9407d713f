// UTF-8 encoding and validation (decoding is inline in the header: it sits on hot paths).
#include "kgls/support/utf8.hpp"

namespace kgls {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view text, size_t* first_bad) {
  uint32_t cp = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t n = decode_utf8(text, i, cp);
    if (n == 0) {
      if (first_bad) *first_bad = i;
      return false;
    }
    i += n;
  }
  return true;
}

}  // namespace kgls
