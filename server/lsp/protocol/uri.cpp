#include "lsp/protocol/uri.hpp"

#include <filesystem>

namespace kgls::lsp {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> uri_to_path(std::string_view uri) {
  if (!starts_with_ignoring_case(uri, "file://")) return std::nullopt;
  std::string_view rest = uri.substr(7);
  // The authority: empty or "localhost" is this machine; any other host is not ours.
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view host = rest.substr(0, slash);
  if (!host.empty() && host != "localhost") return std::nullopt;
  rest = rest.substr(slash);
  // A query or fragment is not part of a path.
  if (const size_t end = rest.find_first_of("?#"); end != std::string_view::npos)
    rest = rest.substr(0, end);
  std::string path;
  path.reserve(rest.size());
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != '%') {
      path += rest[i];
      continue;
    }
    if (i + 2 >= rest.size()) return std::nullopt;
    const int hi = hex_value(rest[i + 1]);
    const int lo = hex_value(rest[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    const char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '\0') return std::nullopt;  // A NUL cannot be part of a path.
    path += decoded;
    i += 2;
  }
  std::string normal = std::filesystem::path(path).lexically_normal().string();
  // "/a/b/" and "/a/b" name the same folder.
  if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

std::string path_to_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (char c : path) {
    if (unreserved(c) || c == '/') {
      uri += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      uri += '%';
      uri += kHex[byte >> 4];
      uri += kHex[byte & 15];
    }
  }
  return uri;
}

std::string document_key(std::string_view uri) {
  if (auto path = uri_to_path(uri)) return *path;
  return std::string(uri);
}

std::string key_to_uri(std::string_view key) {
  if (!key.empty() && key.front() == '/') return path_to_uri(key);
  return std::string(key);
}

}  // namespace kgls::lsp
