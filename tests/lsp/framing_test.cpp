// The Content-Length framer: bytes in any split, bad headers, caps, recovery.
#include <gtest/gtest.h>

#include "lsp/transport/framing.hpp"

namespace kgls::lsp {
namespace {

using Kind = FrameEvent::Kind;

std::string frame(std::string_view body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

std::vector<FrameEvent> feed_all(FrameReader& reader, std::string_view bytes) {
  std::vector<FrameEvent> out;
  reader.feed(bytes, out);
  return out;
}

std::vector<FrameEvent> feed_bytewise(FrameReader& reader, std::string_view bytes) {
  std::vector<FrameEvent> out;
  for (char c : bytes) reader.feed(std::string_view(&c, 1), out);
  return out;
}

TEST(Framing, OneFrame) {
  FrameReader reader;
  auto events = feed_all(reader, frame(R"({"a":1})"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::Message);
  EXPECT_EQ(events[0].text, R"({"a":1})");
  EXPECT_TRUE(reader.idle());
}

TEST(Framing, AnySplitGivesTheSameMessages) {
  const std::string input = frame("first") + frame("second body") +
                            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" +
                            frame("third");
  FrameReader whole, bytewise;
  auto a = feed_all(whole, input);
  auto b = feed_bytewise(bytewise, input);
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(a[i].kind, Kind::Message);
    EXPECT_EQ(a[i].text, b[i].text);
  }
  EXPECT_EQ(a[2].text, "third");
}

TEST(Framing, NotIdleInsideAFrame) {
  FrameReader reader;
  auto events = feed_all(reader, "Content-Length: 10\r\n\r\n{\"a\"");
  EXPECT_TRUE(events.empty());
  EXPECT_FALSE(reader.idle());
}

TEST(Framing, HeaderNamesIgnoreCaseAndBareNewlinesAreAccepted) {
  FrameReader reader;
  auto events = feed_all(reader, "content-length:3\n\nabc");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].text, "abc");
}

TEST(Framing, BlankLinesBetweenFramesAreTolerated) {
  FrameReader reader;
  auto events = feed_all(reader, "\r\n\r\n" + frame("x") + "\r\n" + frame("y"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].text, "y");
}

TEST(Framing, EmptyBodyIsAMessage) {
  FrameReader reader;
  auto events = feed_all(reader, "Content-Length: 0\r\n\r\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::Message);
  EXPECT_EQ(events[0].text, "");
}

TEST(Framing, MissingContentLengthResyncsOnTheNextFrame) {
  FrameReader reader;
  auto events = feed_all(reader, "Content-Type: x\r\n\r\n{\"lost\":true}" + frame("next"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::BadHeader);
  EXPECT_EQ(events[0].text, "missing Content-Length header");
  EXPECT_EQ(events[1].kind, Kind::Message);
  EXPECT_EQ(events[1].text, "next");
}

TEST(Framing, NonNumericContentLength) {
  for (const char* value : {"abc", "-5", "+5", "0x10", "1 2", ""}) {
    FrameReader reader;
    auto events =
        feed_bytewise(reader, std::string("Content-Length: ") + value + "\r\n\r\nbody" + frame("ok"));
    ASSERT_EQ(events.size(), 2u) << value;
    EXPECT_EQ(events[0].kind, Kind::BadHeader) << value;
    EXPECT_NE(events[0].text.find("is not a decimal number"), std::string::npos) << events[0].text;
    EXPECT_EQ(events[1].text, "ok") << value;
  }
}

TEST(Framing, HugeContentLengthIsOutOfRange) {
  FrameReader reader;
  auto events = feed_all(reader, "Content-Length: 12345678901234567890\r\n\r\nbody" + frame("ok"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].text, "Content-Length '12345678901234567890' is out of range");
  EXPECT_EQ(events[1].text, "ok");
}

TEST(Framing, ConflictingContentLengths) {
  FrameReader reader;
  auto events = feed_all(reader, "Content-Length: 2\r\nContent-Length: 3\r\n\r\nab" + frame("ok"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::BadHeader);
  EXPECT_EQ(events[0].text, "conflicting Content-Length headers (2 and 3)");
  EXPECT_EQ(events[1].text, "ok");
}

TEST(Framing, AHeaderWithoutColonSkipsAKnownLengthBody) {
  FrameReader reader;
  // The length is known, so the body is skipped exactly and the next frame is intact
  // even though its body holds something that looks like a header.
  const std::string body = "Content-Length: 99";
  auto events = feed_all(reader, "Content-Length: " + std::to_string(body.size()) +
                                     "\r\nnonsense\r\n\r\n" + body + frame("ok"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::BadHeader);
  EXPECT_EQ(events[0].text, "header line 'nonsense' has no ':'");
  EXPECT_EQ(events[1].text, "ok");
}

TEST(Framing, TooLargeBodyIsSkippedWithoutBeingStored) {
  FrameReader reader(FrameLimits{1024, 8192, 16});
  const std::string big(100, 'x');
  auto events = feed_bytewise(reader, frame(big) + frame("small"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::TooLarge);
  EXPECT_EQ(events[0].text, "message of 100 bytes exceeds the limit of 16 bytes");
  EXPECT_EQ(events[1].kind, Kind::Message);
  EXPECT_EQ(events[1].text, "small");
}

TEST(Framing, OverlongHeaderLineIsCutShort) {
  FrameReader reader(FrameLimits{32, 8192, 1024});
  auto events = feed_all(reader, "X-Junk: " + std::string(10000, 'j') + "\r\n\r\n" + frame("ok"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::BadHeader);
  EXPECT_EQ(events[0].text, "header line longer than 32 bytes");
  EXPECT_EQ(events[1].text, "ok");
}

TEST(Framing, HeaderBlockCap) {
  FrameReader reader(FrameLimits{64, 100, 1024});
  std::string headers;
  for (int i = 0; i < 20; ++i) headers += "X-Header-" + std::to_string(i) + ": value\r\n";
  auto events = feed_all(reader, headers + "\r\n" + frame("ok"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].text, "header block larger than 100 bytes");
  EXPECT_EQ(events[1].text, "ok");
}

TEST(Framing, ResyncFindsAMarkerSplitAcrossFeeds) {
  FrameReader reader;
  std::vector<FrameEvent> events;
  reader.feed("Bogus: 1\r\n\r\ngarbage Conte", events);
  reader.feed("nt-Len", events);
  reader.feed("gth: 2\r\n\r\nhi", events);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::BadHeader);
  EXPECT_EQ(events[1].text, "hi");
}

}  // namespace
}  // namespace kgls::lsp
