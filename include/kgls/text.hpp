// Text positions: byte offsets, and lines with UTF-16 columns (the column a text has when
// counted in UTF-16 code units, as editors count it).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/support/utf8.hpp"  // is_valid_utf8, and the decoding the conversions use.

namespace kgls {

/// A position in a text: 0-based line and 0-based column in UTF-16 code units.
struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

/// A range of positions, end exclusive.
struct Range {
  Position start;
  Position end;
  friend bool operator==(const Range&, const Range&) = default;
};

/// A half-open byte range [begin, end) into a document's UTF-8 text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool contains(uint32_t offset) const { return begin <= offset && offset < end; }
  /// Like contains(), but also true at the end offset (a cursor right after a word).
  bool touches(uint32_t offset) const { return begin <= offset && offset <= end; }
  friend bool operator==(const Span&, const Span&) = default;
};

/// Every source location carries both: bytes for slicing, lines and UTF-16 columns for
/// the editor.
struct SourceRange {
  Span bytes;
  Range utf16;
  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

/// Maps byte offsets to positions and back by binary search over line starts.
/// Invalid UTF-8 bytes count as one UTF-16 unit each (as U+FFFD would).
/// A long line (a minified file is one line of megabytes) carries a mark every
/// `kMarkEvery` bytes with the columns counted so far, so a conversion decodes at most
/// that much of it instead of the whole line before the offset.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);

  Position position(uint32_t offset) const;
  /// Byte offset of a position; clamps past-the-end lines and columns.
  uint32_t offset(Position position) const;
  SourceRange range(Span span) const { return {span, {position(span.begin), position(span.end)}}; }
  /// 1-based column counted in Unicode code points (for terminal output).
  uint32_t display_column(uint32_t offset) const;
  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }
  uint32_t line_start(uint32_t line) const;
  /// Byte offset of the end of the line's content (before its newline).
  uint32_t line_end(uint32_t line) const;

  static constexpr uint32_t kMarkEvery = 256;

 private:
  // A point in a long line where the scan from the line's start stands (on a character's
  // first byte), with what it has counted since that start.
  struct Mark {
    uint32_t byte = 0;
    uint32_t units = 0;    // UTF-16 code units.
    uint32_t columns = 0;  // Code points (display_column - 1).
  };
  /// The last mark at or before `offset` in the line starting at `start`, or the start.
  Mark resume_at(uint32_t start, uint32_t offset) const;

  std::string_view text_;  // Points into the owning Document's text.
  std::vector<uint32_t> starts_;
  std::vector<Mark> marks_;  // By byte; only in lines longer than kMarkEvery.
};

}  // namespace kgls
