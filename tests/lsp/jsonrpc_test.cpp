// Classifying received bodies: calls, notifications, replies, and what is sent back for
// everything else.
#include <gtest/gtest.h>

#include "lsp/transport/jsonrpc.hpp"

namespace kgls::lsp {
namespace {

using Kind = Incoming::Kind;

TEST(JsonRpc, Call) {
  auto in = classify(R"({"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"a":1}})");
  ASSERT_EQ(in.kind, Kind::Call);
  EXPECT_EQ(in.method, "textDocument/hover");
  EXPECT_EQ(in.id, 7);
  EXPECT_EQ(in.params, json({{"a", 1}}));
}

TEST(JsonRpc, StringIdAndAbsentParams) {
  auto in = classify(R"({"jsonrpc":"2.0","id":"x1","method":"shutdown"})");
  ASSERT_EQ(in.kind, Kind::Call);
  EXPECT_EQ(in.id, "x1");
  EXPECT_TRUE(in.params.is_null());
}

TEST(JsonRpc, Notification) {
  auto in = classify(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  ASSERT_EQ(in.kind, Kind::Notify);
  EXPECT_EQ(in.method, "initialized");
}

TEST(JsonRpc, Replies) {
  auto ok = classify(R"({"jsonrpc":"2.0","id":1,"result":null})");
  ASSERT_EQ(ok.kind, Kind::Reply);
  EXPECT_FALSE(ok.error);
  auto failed = classify(R"({"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no"}})");
  ASSERT_EQ(failed.kind, Kind::Reply);
  ASSERT_TRUE(failed.error);
  EXPECT_EQ(failed.error->code, ErrorCode::MethodNotFound);
  EXPECT_EQ(failed.error->message, "no");
}

struct Bad {
  const char* body;
  ErrorCode code;
  const char* message;  // A prefix of the reply's message.
  json id;
};

TEST(JsonRpc, InvalidMessages) {
  const Bad cases[] = {
      {"{\"jsonrpc\":", ErrorCode::ParseError, "invalid JSON: [json.exception.parse_error.101]", nullptr},
      {"", ErrorCode::ParseError, "invalid JSON:", nullptr},
      {"\"text\"", ErrorCode::InvalidRequest, "a message must be a JSON object, not string", nullptr},
      {"[]", ErrorCode::InvalidRequest, "batch messages are not supported", nullptr},
      {R"({"id":1,"method":"x"})", ErrorCode::InvalidRequest, "\"jsonrpc\" must be \"2.0\"", 1},
      {R"({"jsonrpc":"1.0","id":1,"method":"x"})", ErrorCode::InvalidRequest, "\"jsonrpc\" must be \"2.0\"", 1},
      {R"({"jsonrpc":"2.0","id":{},"method":"x"})", ErrorCode::InvalidRequest, "\"id\" must be an integer or a string, not object", nullptr},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"x"})", ErrorCode::InvalidRequest, "\"id\" must be an integer or a string, not number", nullptr},
      {R"({"jsonrpc":"2.0","id":3,"method":5})", ErrorCode::InvalidRequest, "\"method\" must be a string, not number", 3},
      {R"({"jsonrpc":"2.0"})", ErrorCode::InvalidRequest, "a message needs a \"method\" or an \"id\"", nullptr},
      {R"({"jsonrpc":"2.0","id":4})", ErrorCode::InvalidRequest, "a reply needs a \"result\" or an \"error\"", nullptr},
  };
  for (const auto& c : cases) {
    auto in = classify(c.body);
    ASSERT_EQ(in.kind, Kind::Invalid) << c.body;
    ASSERT_TRUE(in.error);
    EXPECT_EQ(in.error->code, c.code) << c.body;
    EXPECT_EQ(in.error->message.rfind(c.message, 0), 0u) << c.body << " -> " << in.error->message;
    EXPECT_EQ(in.id, c.id) << c.body;
  }
}

TEST(JsonRpc, InvalidUtf8IsAParseError) {
  auto in = classify("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\xff\"}");
  ASSERT_EQ(in.kind, Kind::Invalid);
  EXPECT_EQ(in.error->code, ErrorCode::ParseError);
}

TEST(JsonRpc, SerializeReplacesInvalidUtf8) {
  const json message = {{"text", std::string("a\xff" "b")}};
  EXPECT_EQ(serialize(message), "{\"text\":\"a\xEF\xBF\xBD" "b\"}");
}

}  // namespace
}  // namespace kgls::lsp
