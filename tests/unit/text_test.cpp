#include <gtest/gtest.h>

#include <random>

#include "kgls/text.hpp"

namespace kgls {
namespace {

TEST(LineIndex, AsciiPositionsRoundTrip) {
  const std::string text = "ab\ncd\n\nef";
  LineIndex lines(text);
  EXPECT_EQ(lines.line_count(), 4u);
  EXPECT_EQ(lines.position(0), (Position{0, 0}));
  EXPECT_EQ(lines.position(2), (Position{0, 2}));
  EXPECT_EQ(lines.position(3), (Position{1, 0}));
  EXPECT_EQ(lines.position(6), (Position{2, 0}));
  EXPECT_EQ(lines.position(9), (Position{3, 2}));
  for (uint32_t i = 0; i <= text.size(); ++i) EXPECT_EQ(lines.offset(lines.position(i)), i) << i;
}

TEST(LineIndex, NonAsciiCountsUtf16Units) {
  // é is 2 bytes / 1 unit; 日 is 3 bytes / 1 unit; 😀 (U+1F600) is 4 bytes / 2 units.
  const std::string text = "é日😀x\nq";
  LineIndex lines(text);
  EXPECT_EQ(lines.position(2), (Position{0, 1}));   // after é
  EXPECT_EQ(lines.position(5), (Position{0, 2}));   // after 日
  EXPECT_EQ(lines.position(9), (Position{0, 4}));   // after 😀
  EXPECT_EQ(lines.position(10), (Position{0, 5}));  // after x
  EXPECT_EQ(lines.position(11), (Position{1, 0}));
  EXPECT_EQ(lines.offset({0, 4}), 9u);
  EXPECT_EQ(lines.offset({0, 3}), 5u) << "inside a surrogate pair rounds down to the character";
  EXPECT_EQ(lines.display_column(9), 4u) << "code points: é 日 😀 then x at column 4";
}

TEST(LineIndex, ClampsOutOfRange) {
  const std::string text = "abc\ndef";
  LineIndex lines(text);
  EXPECT_EQ(lines.offset({0, 99}), 3u) << "past the end of a line: the line's end";
  EXPECT_EQ(lines.offset({7, 0}), 7u) << "past the last line: the end of the text";
  EXPECT_EQ(lines.position(1000), (Position{1, 3}));
}

TEST(LineIndex, CrLfLineEnds) {
  const std::string text = "ab\r\ncd";
  LineIndex lines(text);
  EXPECT_EQ(lines.position(4), (Position{1, 0}));
  EXPECT_EQ(lines.line_end(0), 2u);
  EXPECT_EQ(lines.offset({0, 10}), 2u);
}

TEST(LineIndex, InvalidBytesCountAsOneUnit) {
  const std::string text = "a\xFF\xFE" "b";
  LineIndex lines(text);
  EXPECT_EQ(lines.position(3), (Position{0, 3}));
  EXPECT_EQ(lines.offset({0, 3}), 3u);
}

// The conversions decoded from the line's start, as LineIndex did before long lines got
// marks: the reference the marks must agree with.
struct NaiveLines {
  std::string text;
  std::vector<uint32_t> starts{0};
  explicit NaiveLines(std::string t) : text(std::move(t)) {
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts.push_back(static_cast<uint32_t>(i + 1));
  }
  // {bytes, units} of the character at i; a stray byte is one unit.
  std::pair<size_t, uint32_t> step(size_t i) const {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > text.size()) return {1, 1};
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) return {1, 1};
      cp = (cp << 6) | (b & 0x3Fu);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {1, 1};
    return {n, cp >= 0x10000 ? 2u : 1u};
  }
  uint32_t line_of(uint32_t offset) const {
    uint32_t line = 0;
    while (line + 1 < starts.size() && starts[line + 1] <= offset) ++line;
    return line;
  }
  uint32_t line_end(uint32_t line) const {
    if (line + 1 >= starts.size()) return static_cast<uint32_t>(text.size());
    uint32_t end = starts[line + 1] - 1;
    if (end > starts[line] && text[end - 1] == '\r') --end;
    return end;
  }
  Position position(uint32_t offset) const {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
    const uint32_t line = line_of(offset);
    offset = std::min(offset, line_end(line));
    uint32_t units = 0;
    for (size_t i = starts[line]; i < offset;) {
      const auto [n, u] = step(i);
      units += u;
      i += n;
    }
    return {line, units};
  }
  uint32_t offset(Position p) const {
    if (p.line >= starts.size()) return static_cast<uint32_t>(text.size());
    size_t i = starts[p.line];
    uint32_t units = 0;
    while (i < line_end(p.line) && units < p.character) {
      const auto [n, u] = step(i);
      if (units + u > p.character) break;
      units += u;
      i += n;
    }
    return static_cast<uint32_t>(i);
  }
  uint32_t display_column(uint32_t offset) const {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
    uint32_t column = 1;
    for (size_t i = starts[line_of(offset)]; i < offset; ++column) i += step(i).first;
    return column;
  }
};

TEST(LineIndex, LongLinesAgreeWithDecodingFromTheLineStart) {
  // Lines far longer than the distance between marks, of ASCII, two-, three- and four-byte
  // characters, stray and truncated bytes, CR LF and empty lines, every offset and column.
  static const char* const kPieces[] = {"a", "b c", "\"q\"", "\xC3\xA9", "\xE6\x97\xA5", "\xF0\x9F\x98\x80",
                                        "\xFF", "\xC3", "\xE6\x97", "\xED\xA0\x80", "\r\n", "\n", "\t"};
  std::mt19937 rng(15);
  for (int round = 0; round < 12; ++round) {
    std::string text;
    const size_t length = 200 + rng() % (LineIndex::kMarkEvery * 12);
    while (text.size() < length) {
      const size_t k = rng() % std::size(kPieces);
      if (k >= 10 && rng() % 40 != 0) continue;  // Few line ends: long lines.
      text += kPieces[k];
    }
    const NaiveLines naive(text);
    const LineIndex lines(text);
    ASSERT_EQ(lines.line_count(), naive.starts.size());
    for (uint32_t i = 0; i <= text.size() + 1; ++i) {
      ASSERT_EQ(lines.position(i), naive.position(i)) << "round " << round << ", offset " << i;
      ASSERT_EQ(lines.display_column(i), naive.display_column(i)) << "round " << round << ", offset " << i;
    }
    for (uint32_t line = 0; line <= naive.starts.size(); ++line) {
      const uint32_t units = line < naive.starts.size() ? naive.position(naive.line_end(line)).character : 0;
      for (uint32_t c = 0; c <= units + 2; ++c)
        ASSERT_EQ(lines.offset({line, c}), naive.offset({line, c})) << "round " << round << ", " << line << ":" << c;
    }
  }
}

TEST(Utf8, Validation) {
  size_t bad = 0;
  EXPECT_TRUE(is_valid_utf8("héllo 😀"));
  EXPECT_FALSE(is_valid_utf8("ab\xC3", &bad));
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF", &bad)) << "overlong";
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80", &bad)) << "surrogate";
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80", &bad)) << "past U+10FFFF";
}

}  // namespace
}  // namespace kgls
