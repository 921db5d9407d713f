// file:// URIs <-> filesystem paths (RFC 8089, POSIX paths).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kgls::lsp {

/// The path of a `file:` URI, percent-decoded and lexically normalised; nullopt for other
/// schemes, a remote host, or a malformed escape.
std::optional<std::string> uri_to_path(std::string_view uri);

/// A `file://` URI for an absolute path, percent-encoding everything but unreserved
/// characters and '/'.
std::string path_to_uri(std::string_view path);

/// The key a document is stored under: its path for `file:` URIs, the URI itself for
/// others (an unsaved `untitled:` buffer), so every open document has a home.
std::string document_key(std::string_view uri);
/// The inverse of document_key().
std::string key_to_uri(std::string_view key);

}  // namespace kgls::lsp
