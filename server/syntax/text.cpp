// Byte offset <-> LSP position mapping, and UTF-8 validation.
#include <algorithm>

#include "kgls/diagnostic.hpp"
#include "kgls/text.hpp"

namespace kgls {

namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not a valid one.
size_t utf8_sequence_length(std::string_view text, size_t i, uint32_t* code_point = nullptr) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) {
    if (code_point) *code_point = c;
    return 1;
  }
  size_t length;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    length = 2;
    cp = c & 0x1Fu;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3;
    cp = c & 0x0Fu;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  if (code_point) *code_point = cp;
  return length;
}

}  // namespace

bool is_valid_utf8(std::string_view text, size_t* first_bad) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      if (first_bad) *first_bad = i;
      return false;
    }
    i += n;
  }
  return true;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(static_cast<uint32_t>(i + 1));
  }
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
  uint32_t units = 0;
  for (size_t i = starts_[line]; i < offset;) {
    if (static_cast<unsigned char>(text_[i]) < 0x80) {  // ASCII: one unit, no decoding.
      ++units;
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t n = utf8_sequence_length(text_, i, &cp);
    if (n == 0) {  // A stray byte counts as one unit, like U+FFFD.
      ++units;
      ++i;
      continue;
    }
    units += cp >= 0x10000 ? 2 : 1;
    i += n;
  }
  return {line, units};
}

uint32_t LineIndex::offset(Position position) const {
  if (starts_.empty()) return 0;
  if (position.line >= starts_.size()) return static_cast<uint32_t>(text_.size());
  const uint32_t end = line_end(position.line);
  uint32_t units = 0;
  size_t i = starts_[position.line];
  while (i < end && units < position.character) {
    uint32_t cp = 0;
    size_t n = utf8_sequence_length(text_, i, &cp);
    if (n == 0) {
      n = 1;
      cp = 0xFFFD;
    }
    const uint32_t width = cp >= 0x10000 ? 2 : 1;
    // A position inside a surrogate pair rounds down to the character's start.
    if (units + width > position.character) break;
    units += width;
    i += n;
  }
  return static_cast<uint32_t>(i);
}

uint32_t LineIndex::display_column(uint32_t offset) const {
  if (starts_.empty()) return 1;
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const uint32_t start = *(it - 1);
  uint32_t column = 1;
  for (size_t i = start; i < offset;) {
    const size_t n = utf8_sequence_length(text_, i);
    i += n == 0 ? 1 : n;
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
