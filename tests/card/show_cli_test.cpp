// `kgls show` run as a process: the seed's card on the examples, formats, "did you mean",
// and a damaged index found while answering.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <nlohmann/json.hpp>

#include "../index/index_test_util.hpp"
#include "kgls/sqlite.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_kgls;

const fs::path kSource = KGLS_SOURCE_DIR;
constexpr const char* kFramework = "a-mathematical-framework-for-transformer-circuits";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The golden card (the card minus similarity), then, from the similarity layer, its
// "Related by similarity" section and nothing else.
void expect_card(const std::string& out, const std::string& golden_name, const std::string& similarity_start) {
  const std::string golden = read(kSource / "tests/card/golden" / golden_name);
  ASSERT_FALSE(golden.empty());
  EXPECT_EQ(out.substr(0, golden.size()), golden);
  const std::string rest = out.size() > golden.size() ? out.substr(golden.size()) : "";
  if (!rest.empty()) {
    EXPECT_EQ(rest.rfind(similarity_start, 0), 0u) << rest;
  }
}

// The issue's acceptance command: the seed's card (no colour: stdout is not a TTY).
TEST(ShowCli, FrameworkCardFromTheExamples) {
  auto r = run_kgls(std::string("show ") + kFramework + " --workspace examples --no-index", kSource);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  expect_card(r.out, std::string(kFramework) + ".txt", "\nRelated by similarity (");
  r = run_kgls(std::string("show ") + kFramework + " --workspace examples --no-index --format markdown", kSource);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Each backlink links to where its edge is written, under the workspace folder; the golden
  // card (rendered without a folder to put the index's paths under) has the links' text.
  const std::string link = "[← extends](file://" + fs::canonical(kSource / "examples").string() + "/papers.kg#L15)";
  EXPECT_NE(r.out.find("**In-context Learning and Induction Heads** " + link), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  ↳ " + link + " “from two-layer attention-only models to large transformers”"),
            std::string::npos)
      << r.out;
  expect_card(std::regex_replace(r.out, std::regex(R"(\[([^\]]*)\]\(file://[^)]*\))"), "$1"),
              std::string(kFramework) + ".md", "\n**Related by similarity (");
}

TEST(ShowCli, ColourOnlyWhenForcedOntoATerminalAndNeverWithNoColor) {
  // stdout is a pipe here: no escapes even though TERM may be set.
  const auto r = run_kgls(std::string("show ") + kFramework + " --workspace examples --no-index", kSource,
                          "env TERM=xterm-256color");
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  if (!test::have_program("script")) GTEST_SKIP() << "no `script` to fake a terminal";
  // Under a pseudo-terminal colour is on, and NO_COLOR turns it off.
  const std::string cmd = std::string("'" KGLS_BINARY "' show ") + kFramework + " --workspace examples --no-index";
  auto tty = test::run_command("script -qec \"" + cmd + "\" /dev/null", kSource);
  EXPECT_NE(tty.out.find("\x1b[1m"), std::string::npos) << tty.out;
  tty = test::run_command("NO_COLOR=1 script -qec \"" + cmd + "\" /dev/null", kSource);
  EXPECT_EQ(tty.out.find("\x1b[1m"), std::string::npos);
}

TEST(ShowCli, JsonCarriesTheCardsData) {
  const auto r = run_kgls(std::string("show ") + kFramework + " --workspace examples --no-index --format json", kSource);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json card = json::parse(r.out);
  EXPECT_EQ(card["id"], kFramework);
  EXPECT_EQ(card["kind"], "framework");
  EXPECT_EQ(card["file"], "frameworks.kg");
  ASSERT_EQ(card["neighborhood"].size(), 4u);
  EXPECT_EQ(card["neighborhood"][0]["label"], "Papers");
  EXPECT_EQ(card["neighborhood"][0]["count"], 2);
  const json& distill = card["neighborhood"][3]["neighbours"][0];
  EXPECT_EQ(distill["id"], "distill-circuits-thread");
  EXPECT_EQ(distill["links"][0]["direction"], "out");
  EXPECT_EQ(distill["links"][0]["note"], "the direct predecessor this paper extends to language models");
  // Where each edge is written: the backlink from In-context Learning, papers.kg line 15.
  const json& in_context = card["neighborhood"][0]["neighbours"][0];
  EXPECT_EQ(in_context["links"][0]["direction"], "in");
  EXPECT_EQ(in_context["links"][0]["at"], json({{"path", "papers.kg"}, {"line", 15}})) << in_context.dump();
  if (card.contains("similar")) {  // Filled by the similarity layer.
    EXPECT_TRUE(card["similar"]["threshold"].is_number());
    EXPECT_TRUE(card["similar"]["entities"].is_array());
  }
}

TEST(ShowCli, AMissSuggestsTheClosestIdsAndExitsOne) {
  auto r = run_kgls("show a-mathematical-framework-for-transformer-circuit --workspace examples --no-index", kSource);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("no entity `a-mathematical-framework-for-transformer-circuit`"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean:\n  a-mathematical-framework-for-transformer-circuits  (A Mathematical "
                       "Framework for Transformer Circuits)\n"),
            std::string::npos)
      << r.err;
  // By title, ignoring case.
  r = run_kgls("show 'logit weight analysis' --workspace examples --no-index", kSource);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("did you mean:\n  logit-weight-analysis"), std::string::npos) << r.err;
  r = run_kgls("show qqqqqqqqqqqqqqqq --workspace examples --no-index", kSource);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
}

TEST(ShowCli, UsageErrors) {
  EXPECT_EQ(run_kgls("show", kSource).exit_code, 2);
  EXPECT_EQ(run_kgls("show a b --no-index --workspace examples", kSource).exit_code, 2);
  EXPECT_EQ(run_kgls("show a --format html --no-index --workspace examples", kSource).exit_code, 2);
  EXPECT_EQ(run_kgls("show a --workspace /no/such/folder", kSource).exit_code, 2);
  EXPECT_EQ(run_kgls("show --help", kSource).exit_code, 0);
}

TEST(ShowCli, ADamagedPageFoundByTheCardIsRebuiltWithANotice) {
  test::TempDir scratch;
  const fs::path db = scratch / "index.db";
  const std::string args = std::string("show ") + kFramework + " --workspace examples --index '" + db.string() + "'";
  ASSERT_EQ(run_kgls(args, kSource).exit_code, 0);
  // Wreck the root page of the index the card reads incoming edges through; the header
  // and the `files` table stay intact, so opening and refreshing do not notice.
  int64_t page = 0, page_size = 0;
  {
    auto conn = sql::Database::open(db);
    page = conn.scalar_int("SELECT rootpage FROM sqlite_schema WHERE name = 'edges_target'");
    page_size = conn.scalar_int("PRAGMA page_size");
    conn.scalar_text("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  ASSERT_GT(page, 1);
  {
    std::fstream io(db, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp((page - 1) * page_size);
    const std::string garbage(static_cast<size_t>(page_size), '\xA5');
    io.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  const auto r = run_kgls(args, kSource);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("is damaged"), std::string::npos) << r.err;
  expect_card(r.out, std::string(kFramework) + ".txt", "\nRelated by similarity (");
  // And the rebuilt file is whole again.
  auto conn = sql::Database::open(db);
  EXPECT_EQ(conn.scalar_text("PRAGMA quick_check"), "ok");
}

}  // namespace
}  // namespace kgls
