#include <gtest/gtest.h>

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
