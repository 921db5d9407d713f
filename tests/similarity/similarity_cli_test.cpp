// `kgls duplicates`, `kgls similar` and the similarity section of `kgls show`, run as
// processes on the examples.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include "../support/command.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Result = kgls::test::CommandResult;

// Runs `kgls ARGS` in the repository with stdout captured and stderr in a file.
Result kgls_here(const std::string& args) { return kgls::test::run_kgls(args, KGLS_SOURCE_DIR); }

constexpr const char* kFramework = "a-mathematical-framework-for-transformer-circuits";

}  // namespace

TEST(DuplicatesCli, JsonPairsBestFirst) {
  const auto r = kgls_here("duplicates --workspace examples --no-index --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json pairs = json::parse(r.out);
  ASSERT_TRUE(pairs.is_array());
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0]["a"], "residual-stream");
  EXPECT_EQ(pairs[0]["b"], "residual-stream-view");
  EXPECT_EQ(pairs[0]["reason"], "same-name");
  EXPECT_GE(pairs[0]["score"].get<double>(), 0.8);
  EXPECT_EQ(pairs[0].size(), 4u);  // Exactly {"a","b","score","reason"}.
}

TEST(DuplicatesCli, ThresholdAndText) {
  auto r = kgls_here("duplicates --workspace examples --no-index --threshold 0.9999 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out), json::array());
  r = kgls_here("duplicates --workspace examples --no-index");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("residual-stream (examples/concepts.kg:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("residual-stream-view (examples/drafts.kg:"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("1 likely duplicate pair"), std::string::npos) << r.err;
}

TEST(DuplicatesCli, BadArgumentsAreUsageErrors) {
  for (const std::string args : {"--threshold", "--threshold abc", "--format xml", "--bogus", "--embedder magic"}) {
    const auto r = kgls_here("duplicates --workspace examples --no-index " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find("kgls duplicates: "), std::string::npos) << args << ": " << r.err;
  }
  const auto r = kgls_here("duplicates --workspace no/such/folder --no-index");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such file or folder"), std::string::npos) << r.err;
  // Incomplete embedder settings are a usage error too, said in one line.
  const auto http = kgls_here("duplicates --workspace examples --no-index --embedder http");
  EXPECT_EQ(http.exit_code, 2);
  EXPECT_NE(http.err.find("no URL"), std::string::npos) << http.err;
}

TEST(DuplicatesCli, AFailingEmbedderFallsBackWithOneWarning) {
  const auto r = kgls_here(
      "duplicates --workspace examples --no-index --format json --embedder command --embedder-command "
      "'" KGLS_FAKE_EMBEDDER " fail'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).size(), 1u);  // The builtin found the pair.
  EXPECT_NE(r.err.find("exited with status 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("using the builtin embedder"), std::string::npos) << r.err;
}

TEST(SimilarCli, JsonBestFirstWithoutTypedNeighbours) {
  const auto r = kgls_here(std::string("similar ") + kFramework + " --workspace examples --no-index --format json --limit 8");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json list = json::parse(r.out);
  ASSERT_EQ(list.size(), 8u);
  const std::set<std::string> leaders = {"transformer-circuit-analysis", "attention-only-transformer"};
  EXPECT_TRUE(leaders.count(list[0]["id"].get<std::string>())) << list[0];
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].size(), 4u);  // {"id","score","kind","title"}
    if (i > 0) {
      EXPECT_GE(list[i - 1]["score"].get<double>(), list[i]["score"].get<double>());
    }
    // Typed neighbours of the framework, in and out, never appear.
    for (const char* neighbour : {"residual-stream", "path-expansion-trick", "path-expansion", "distill-circuits-thread",
                                  "logit-weight-analysis", "in-context-learning-and-induction-heads",
                                  "graph-convolution-analogy", "tensor-product-notation"})
      EXPECT_NE(list[i]["id"], neighbour);
  }
  // Kind and title are the entity's.
  for (const auto& item : list) {
    if (item["id"] == "transformer-circuit-analysis") {
      EXPECT_EQ(item["kind"], "paper");
      EXPECT_EQ(item["title"], "Transformer Circuit Analysis");
    }
  }
}

TEST(SimilarCli, MissesAndLimits) {
  auto r = kgls_here("similar no-such-entity --workspace examples --no-index");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no entity `no-such-entity`"), std::string::npos) << r.err;
  r = kgls_here(std::string("similar ") + kFramework + " --workspace examples --no-index --limit 0");
  EXPECT_EQ(r.exit_code, 2);
  r = kgls_here("similar --workspace examples --no-index");
  EXPECT_EQ(r.exit_code, 2);
  r = kgls_here(std::string("similar ") + kFramework + " --workspace examples --no-index --limit 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  EXPECT_EQ(r.out.rfind("0.", 0), 0u) << r.out;  // "0.264  transformer-circuit-analysis  paper  ..."
}

TEST(ShowCli, TheSeedCardHasItsSimilaritySection) {
  const auto r = kgls_here(std::string("show ") + kFramework + " --workspace examples --no-index");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t section = r.out.find("Related by similarity (");
  ASSERT_NE(section, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("score ≥ 0.15 · no typed edge", section), std::string::npos) << r.out.substr(section);
  EXPECT_NE(r.out.find("Transformer Circuit Analysis", section), std::string::npos) << r.out.substr(section);
  EXPECT_NE(r.out.find("Attention-Only Transformer", section), std::string::npos) << r.out.substr(section);
  const auto j = kgls_here(std::string("show ") + kFramework + " --workspace examples --no-index --format json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const json card = json::parse(j.out);
  EXPECT_EQ(card["similar"]["threshold"], 0.15);
  ASSERT_FALSE(card["similar"]["entities"].empty());
  for (const auto& e : card["similar"]["entities"]) EXPECT_GE(e["score"].get<double>(), 0.15);
}
