// Fault tests of the wire: what a broken or hostile client sends the real `kgls` binary.
// The protocol-error transcripts (tests/lsp/transcripts) cover one bad message at a time;
// these cover what they cannot: repeated and huge headers, a body past the 64 MiB cap
// streamed in full, invalid UTF-8 inside a body, and a client that vanishes mid-request.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <string>

#include "fault_support.hpp"

namespace kgls::fault {
namespace {

using test::frame;

json request_body(int id, const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

// The next message that is not a notification.
std::optional<json> next_reply(Session& s) {
  while (auto r = s.server().next(Clock::now() + std::chrono::seconds(30))) {
    if (!r->body.contains("method")) return r->body;
  }
  return std::nullopt;
}

TEST(WireFaults, RepeatedContentLengthHeaders) {
  Session s({});
  const std::string body = request_body(2, "workspace/symbol", {{"query", "x"}}).dump();
  // The same length twice is one length.
  ASSERT_TRUE(s.server().write_raw("Content-Length: " + std::to_string(body.size()) + "\r\nContent-Length: " +
                                   std::to_string(body.size()) + "\r\n\r\n" + body));
  auto reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["id"], 2);
  EXPECT_TRUE(reply->contains("result")) << reply->dump();

  // Two different lengths: an error, the first length's bytes skipped, and the next
  // frame read as usual.
  ASSERT_TRUE(s.server().write_raw("Content-Length: 5\r\nContent-Length: 6\r\n\r\n{\"a\":" +
                                   frame(request_body(3, "workspace/symbol", {{"query", "y"}}).dump())));
  reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["id"], nullptr);
  EXPECT_EQ((*reply)["error"]["code"], -32700);
  EXPECT_EQ((*reply)["error"]["message"],
            "invalid message header: conflicting Content-Length headers (5 and 6)");
  reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["id"], 3);
  EXPECT_EQ(s.stop(), 0);
}

TEST(WireFaults, HugeAndNegativeContentLength) {
  Session s({});
  // 20 digits: out of range; the reader looks for the next Content-Length header.
  ASSERT_TRUE(s.server().write_raw("Content-Length: 99999999999999999999\r\n\r\ngarbage" +
                                   frame(request_body(2, "workspace/symbol", {{"query", ""}}).dump())));
  auto reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["code"], -32700);
  EXPECT_NE((*reply)["error"]["message"].get<std::string>().find("out of range"), std::string::npos);
  reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["id"], 2);

  ASSERT_TRUE(s.server().write_raw("Content-Length: -5\r\n\r\n" +
                                   frame(request_body(3, "workspace/symbol", {{"query", ""}}).dump())));
  reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["code"], -32700);
  reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["id"], 3);
  EXPECT_EQ(s.stop(), 0);
}

TEST(WireFaults, ABodyOverTheCapIsSkippedWithoutBeingStored) {
  Session s({});
  // 64 MiB + 1, really sent: the server must count it off (not keep it) and answer
  // the next frame. Its peak memory must stay far below the body's size.
  const size_t size = 64u * 1024 * 1024 + 1;
  // A first round trip, so that start-up (threads, buffers) is behind the baseline.
  ASSERT_TRUE(s.server().send(request_body(1, "workspace/symbol", {{"query", ""}})));
  ASSERT_TRUE(next_reply(s));
  // And after the start-up's background work: the first similarity pass, even over no
  // entities, counts document frequencies in 2^22 counters (16 MiB) and one such table per
  // thread, ~32 MiB of peak after the first reply. Then the peak stops moving.
  size_t peak_before = s.server().peak_rss_kib();
  for (int still = 0, i = 0; still < 5 && i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const size_t now = s.server().peak_rss_kib();
    still = now == peak_before ? still + 1 : 0;
    peak_before = now;
  }
  // One write, so that the test client's own replies to the server cannot land inside.
  std::string message = "Content-Length: " + std::to_string(size) + "\r\n\r\n";
  message.append(size, 'x');
  ASSERT_TRUE(s.server().write_raw(message));
  message = {};
  ASSERT_TRUE(s.server().send(request_body(2, "workspace/symbol", {{"query", ""}})));
  auto reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["code"], -32600);
  EXPECT_EQ((*reply)["error"]["message"], "message of 67108865 bytes exceeds the limit of 67108864 bytes");
  reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["id"], 2) << reply->dump();
  EXPECT_LT(s.server().peak_rss_kib() - peak_before, 32u * 1024) << "the skipped body was stored";
  EXPECT_EQ(s.stop(), 0);
}

TEST(WireFaults, InvalidUtf8InsideABodyIsAParseErrorAndTheServerGoesOn) {
  Session s({});
  const std::string bad =
      R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x/a.kg",)"
      R"("languageId":"kg","version":1,"text":"paper caf)" "\xff\xfe" R"( { }"}}})";
  ASSERT_TRUE(s.server().write_raw(frame(bad)));
  auto reply = next_reply(s);
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["code"], -32700);
  auto symbols = s.call("workspace/symbol", {{"query", "caf"}});
  ASSERT_TRUE(symbols);
  EXPECT_EQ((*symbols)["result"], json::array()) << "the broken didOpen must not have opened anything";
  EXPECT_EQ(s.stop(), 0);
}

TEST(WireFaults, TheClientVanishesWithRequestsInFlight) {
  TempDir ws("vanish");
  write_workspace(ws.path(), 20, 50);
  Session s(ws.path());
  // Requests that are still being answered, a half-written frame, then the pipe closes.
  for (int i = 0; i < 50; ++i) {
    s.server().send(request_body(100 + i, "workspace/symbol", {{"query", "p" + std::to_string(i)}}));
  }
  s.server().write_raw("Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",");
  s.server().close_input();
  const auto code = s.server().wait_exit(Clock::now() + std::chrono::seconds(30));
  ASSERT_TRUE(code) << "the server did not exit after its input closed";
  EXPECT_EQ(*code, 1) << "end of input without shutdown is exit code 1";
  EXPECT_NE(s.stderr_text().find("input ended in the middle of a message"), std::string::npos) << s.stderr_text();
}

TEST(WireFaults, ExitWithoutShutdownWhileIndexing) {
  TempDir ws("exit");
  write_workspace(ws.path(), 50, 100);
  Session s(ws.path());
  s.notify("exit", nullptr);
  const auto code = s.server().wait_exit(Clock::now() + std::chrono::seconds(30));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 1);
}

}  // namespace
}  // namespace kgls::fault
