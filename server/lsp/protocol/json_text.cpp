#include "lsp/protocol/json_text.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "kgls/text.hpp"

namespace kgls::lsp {

void append_json_string(std::string& out, std::string_view s) {
  // nlohmann's serializer (ensure_ascii off) writes printable ASCII other than '"' and
  // '\\', and every valid UTF-8 sequence, as they are: such text is copied. Control
  // characters, quotes and backslashes (escaped) and invalid UTF-8 (replaced) are left to it.
  bool plain = true, ascii = true;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == '"' || c == '\\') {
      plain = false;
      break;
    }
    ascii = ascii && u < 0x80;
  }
  if (plain && (ascii || is_valid_utf8(s))) {
    out += '"';
    out.append(s);
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_json_number(std::string& out, int64_t n) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, n).ptr;
  out.append(buffer, end);
}

}  // namespace kgls::lsp
