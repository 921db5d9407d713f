// The command embedder, against a small program built with the tests (fake_embedder.cpp).
#include <gtest/gtest.h>

#include <chrono>

#include "kgls/embedding.hpp"

using namespace kgls;

namespace {

CommandEmbedder embedder(const std::string& mode, int timeout_ms = 3000) {
  EmbedderSettings s;
  s.kind = "command";
  s.command = {KGLS_FAKE_EMBEDDER, mode};
  s.timeout = std::chrono::milliseconds(timeout_ms);
  return CommandEmbedder(s);
}

std::string error_of(CommandEmbedder e, const std::vector<std::string>& texts) {
  try {
    e.embed(texts);
  } catch (const EmbedError& err) {
    return err.what();
  }
  return "";
}

}  // namespace

TEST(CommandEmbedder, JsonLinesInAndOut) {
  auto e = embedder("ok");
  // Quotes, newlines and non-ASCII travel as JSON strings, one per line.
  const auto v = e.embed(std::vector<std::string>{"a b", "line\none \"quoted\"", "Köpcke"});
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], (Vector{3, 1, 1}));
  EXPECT_EQ(v[1][1], 1.0f);  // One space: the newline was escaped, not sent raw.
  EXPECT_EQ(e.identity(), std::string("command ") + KGLS_FAKE_EMBEDDER + " ok");
  EXPECT_TRUE(e.embed(std::vector<std::string>{}).empty());
  EXPECT_EQ(embedder("object").embed(std::vector<std::string>{"xy"}).at(0), (Vector{2, 0, 1}));
}

TEST(CommandEmbedder, ManyTextsDoNotDeadlockThePipes) {
  // Far more than a pipe buffer each way: input and output must be pumped together.
  std::vector<std::string> texts(20000, std::string(100, 'x'));
  const auto v = embedder("ok", 20000).embed(texts);
  ASSERT_EQ(v.size(), texts.size());
  EXPECT_EQ(v.back(), (Vector{100, 0, 1}));
}

TEST(CommandEmbedder, FailuresAreErrorsWithTheReason) {
  EXPECT_NE(error_of(embedder("fail"), {"x"}).find("exited with status 3: model file not found"), std::string::npos);
  EXPECT_NE(error_of(embedder("short"), {"x", "y"}).find("1 vectors for 2 texts"), std::string::npos);
  EXPECT_NE(error_of(embedder("garbage"), {"x"}).find("not an array of numbers"), std::string::npos);
  EXPECT_NE(error_of(embedder("noread"), {"x"}).find("0 vectors for 1 texts"), std::string::npos);
  EmbedderSettings missing;
  missing.command = {"/nonexistent/kgls-embedder"};
  EXPECT_NE(error_of(CommandEmbedder(missing), {"x"}).find("status 127"), std::string::npos);
  EXPECT_THROW(CommandEmbedder(EmbedderSettings{}), std::invalid_argument);
}

TEST(CommandEmbedder, ASlowProgramIsKilledAtTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_NE(error_of(embedder("slow", 300), {"x"}).find("no answer within 300 ms"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}
