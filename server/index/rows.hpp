// Helpers shared by the index's writer and its queries: how a SourceRange is stored in six
// columns, and the content hash.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <optional>
#include <vector>

#include "kgls/diagnostic.hpp"
#include "kgls/sqlite.hpp"
#include "kgls/support/hash.hpp"
#include "kgls/text.hpp"

namespace kgls::index_rows {

/// Binds the six range columns from `index`; returns the next free index.
inline int bind_range(sql::Statement& s, int index, const SourceRange& r) {
  s.bind(index, r.bytes.begin);
  s.bind(index + 1, r.bytes.end);
  s.bind(index + 2, r.utf16.start.line);
  s.bind(index + 3, r.utf16.start.character);
  s.bind(index + 4, r.utf16.end.line);
  s.bind(index + 5, r.utf16.end.character);
  return index + 6;
}

/// Reads six range columns from `column`.
inline SourceRange read_range(const sql::Statement& s, int column) {
  auto u = [&](int c) { return static_cast<uint32_t>(s.column_int(column + c)); };
  return {{u(0), u(1)}, {{u(2), u(3)}, {u(4), u(5)}}};
}

/// 64-bit FNV-1a as 16 hex digits: cheap, and enough to tell an edited file from an
/// untouched one (it is not a defence against someone forging collisions).
inline std::string content_hash(std::string_view bytes) { return hex64(fnv1a64(bytes)); }

/// A file's diagnostics as the `diagnostics` table's BLOB (diagnostics.cpp), and back:
/// nullopt for bytes that are not such a BLOB (damage is skipped, never trusted).
std::string encode_diagnostics(const std::vector<Diagnostic>& diagnostics);
std::optional<std::vector<Diagnostic>> decode_diagnostics(std::string_view blob);

}  // namespace kgls::index_rows
