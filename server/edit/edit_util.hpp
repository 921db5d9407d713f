// Small text helpers shared by the formatter, rename and the quick fixes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "kgls/edit.hpp"
#include "kgls/support/utf8.hpp"  // code_points

namespace kgls::edit {

/// The line break a file uses: that of its first line break ("\n" for a file without one).
inline std::string newline_of(std::string_view text) {
  const size_t nl = text.find('\n');
  return nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r' ? "\r\n" : "\n";
}

/// Offset of the start of the line holding `offset`.
inline uint32_t line_start(std::string_view text, uint32_t offset) {
  const size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return nl == std::string_view::npos ? 0 : static_cast<uint32_t>(nl + 1);
}

/// Offset just past the line break ending the line that holds `offset` (or the text's end).
inline uint32_t next_line_start(std::string_view text, uint32_t offset) {
  const size_t nl = text.find('\n', offset);
  return nl == std::string_view::npos ? static_cast<uint32_t>(text.size()) : static_cast<uint32_t>(nl + 1);
}

/// Only whitespace (line breaks included).
inline bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos; }

/// True when only spaces and tabs stand between the line's start and `offset`.
inline bool first_on_line(std::string_view text, uint32_t offset) {
  return is_blank(text.substr(line_start(text, offset), offset - line_start(text, offset)));
}

/// The spaces and tabs that start the line holding `offset`.
inline std::string indent_at(std::string_view text, uint32_t offset) {
  const uint32_t start = line_start(text, offset);
  const size_t end = text.find_first_not_of(" \t", start);
  return std::string(text.substr(start, (end == std::string_view::npos ? text.size() : end) - start));
}

/// Sorts the edits by path and offset.
void sort_edits(WorkspaceEdit& edit);
/// True when two edits of a sorted WorkspaceEdit overlap (or insert at the same offset): a
/// builder's bug, checked before an edit leaves the layer.
bool overlapping(const WorkspaceEdit& edit);

}  // namespace kgls::edit
