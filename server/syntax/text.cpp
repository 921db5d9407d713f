// Byte offset <-> position (line, UTF-16 column) mapping.
#include <algorithm>

#include "kgls/diagnostic.hpp"
#include "kgls/text.hpp"

namespace kgls {

namespace {

// One step of the scan along a line, as every conversion below takes it: an ASCII byte, a
// valid UTF-8 sequence, or a stray byte (one unit, one column, like U+FFFD).
struct Step {
  size_t bytes;
  uint32_t units;
};
Step step_at(std::string_view text, size_t i) {
  if (static_cast<unsigned char>(text[i]) < 0x80) return {1, 1};  // No decoding.
  uint32_t cp = 0;
  const size_t n = decode_utf8(text, i, cp);
  if (n == 0) return {1, 1};
  return {n, cp >= 0x10000 ? 2u : 1u};
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(static_cast<uint32_t>(i + 1));
  }
  for (uint32_t line = 0; line < starts_.size(); ++line) {
    const uint32_t start = starts_[line], end = line_end(line);
    if (end - start <= kMarkEvery) continue;
    Mark at{start, 0, 0};
    uint32_t next = start + kMarkEvery;
    while (at.byte < end) {
      const Step s = step_at(text_, at.byte);
      at.byte += static_cast<uint32_t>(s.bytes);
      at.units += s.units;
      ++at.columns;
      if (at.byte >= next && at.byte < end) {
        marks_.push_back(at);
        next = at.byte + kMarkEvery;
      }
    }
  }
}

LineIndex::Mark LineIndex::resume_at(uint32_t start, uint32_t offset) const {
  const auto it = std::upper_bound(marks_.begin(), marks_.end(), offset,
                                   [](uint32_t o, const Mark& m) { return o < m.byte; });
  if (it != marks_.begin() && (it - 1)->byte >= start) return *(it - 1);
  return {start, 0, 0};
}

uint32_t LineIndex::line_start(uint32_t line) const {
  if (starts_.empty()) return 0;
  return starts_[std::min<size_t>(line, starts_.size() - 1)];
}

uint32_t LineIndex::line_end(uint32_t line) const {
  if (starts_.empty()) return 0;
  if (line + 1 >= starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t end = starts_[line + 1] - 1;  // The '\n'.
  if (end > starts_[line] && text_[end - 1] == '\r') --end;
  return end;
}

Position LineIndex::position(uint32_t offset) const {
  if (starts_.empty()) return {};
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<uint32_t>(it - starts_.begin() - 1);
  // Columns stop at the line's end: the '\n' of a "\r\n" has no column of its own, so it
  // maps to the end of the line (where offset() maps that position back), not one past it.
  offset = std::min(offset, line_end(line));
  const Mark from = resume_at(starts_[line], offset);
  uint32_t units = from.units;
  for (size_t i = from.byte; i < offset;) {
    const Step s = step_at(text_, i);
    units += s.units;
    i += s.bytes;
  }
  return {line, units};
}

uint32_t LineIndex::offset(Position position) const {
  if (starts_.empty()) return 0;
  if (position.line >= starts_.size()) return static_cast<uint32_t>(text_.size());
  const uint32_t start = starts_[position.line], end = line_end(position.line);
  // The last mark of the line that has not counted past the column.
  Mark from{start, 0, 0};
  const auto first = std::lower_bound(marks_.begin(), marks_.end(), start,
                                      [](const Mark& m, uint32_t o) { return m.byte < o; });
  const auto last = std::lower_bound(first, marks_.end(), end,
                                     [](const Mark& m, uint32_t o) { return m.byte < o; });
  const auto after = std::upper_bound(first, last, position.character,
                                      [](uint32_t c, const Mark& m) { return c < m.units; });
  if (after != first) from = *(after - 1);
  uint32_t units = from.units;
  size_t i = from.byte;
  while (i < end && units < position.character) {
    const Step s = step_at(text_, i);
    // A position inside a surrogate pair rounds down to the character's start.
    if (units + s.units > position.character) break;
    units += s.units;
    i += s.bytes;
  }
  return static_cast<uint32_t>(i);
}

uint32_t LineIndex::display_column(uint32_t offset) const {
  if (starts_.empty()) return 1;
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const Mark from = resume_at(*(it - 1), offset);
  uint32_t column = 1 + from.columns;
  for (size_t i = from.byte; i < offset;) {
    i += step_at(text_, i).bytes;
    ++column;
  }
  return column;
}

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Information: return "info";
    case Severity::Hint: return "hint";
  }
  return "error";
}

}  // namespace kgls
