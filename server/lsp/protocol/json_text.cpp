#include "lsp/protocol/json_text.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace kgls::lsp {

void append_json_string(std::string& out, std::string_view s) {
  // Printable ASCII other than '"' and '\\' is written as it is by nlohmann's serializer
  // too; control characters, quotes, backslashes and every non-ASCII byte (which may be
  // invalid UTF-8) are left to it.
  bool plain = true;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
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
