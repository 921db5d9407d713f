// The architecture invariants of ARCHITECTURE.md, kept by a test: no layer includes a layer
// above it, nlohmann/json is included only where the map allows, every folder of server/
// that holds a layer has a code map (server/*/README.md), and every source file is on it. The rules are read from
// ARCHITECTURE.md's `layers` block; the planted cases show that the check can fail.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "architecture_check.hpp"

namespace fs = std::filesystem;
using kgls::architecture::check_tree;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// A copy of the repository's ARCHITECTURE.md, server/ and include/ (sources and READMEs) in
// a temporary folder, to plant a fault in.
class PlantedTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("kgls-architecture-" + std::to_string(std::random_device{}()));
    const fs::path source = KGLS_SOURCE_DIR;
    fs::create_directories(root_);
    fs::copy_file(source / "ARCHITECTURE.md", root_ / "ARCHITECTURE.md");
    for (const auto* top : {"server", "include"}) {
      for (const auto& entry : fs::recursive_directory_iterator(source / top)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".md")) continue;
        const auto target = root_ / fs::relative(entry.path(), source);
        fs::create_directories(target.parent_path());
        fs::copy_file(entry.path(), target);
      }
    }
  }
  void TearDown() override { fs::remove_all(root_); }

  void append(const std::string& file, const std::string& text) {
    std::ofstream out(root_ / file, std::ios::app);
    out << text;
  }

  fs::path root_;
};

}  // namespace

TEST(Architecture, TheRepositoryKeepsEveryRule) {
  const auto problems = check_tree(KGLS_SOURCE_DIR);
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST_F(PlantedTree, TheCopyKeepsEveryRuleBeforeThePlanting) {
  const auto problems = check_tree(root_);
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST_F(PlantedTree, AnUpwardIncludeFails) {
  append("server/syntax/text.cpp", "#include \"lsp/logger.hpp\"\n");
  const auto problems = check_tree(root_);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("server/syntax/text.cpp"), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("not below its layer syntax"), std::string::npos) << problems[0];
}

TEST_F(PlantedTree, APublicHeaderOfAHigherLayerFails) {
  append("server/index/queries.cpp", "#include \"kgls/card.hpp\"\n");
  const auto problems = check_tree(root_);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("(layer card)"), std::string::npos) << problems[0];
}

TEST_F(PlantedTree, TheLanguageLayerIncludingTheProtocolFails) {
  append("server/lsp/language/hover.cpp", "#include \"lsp/protocol/protocol.hpp\"\n");
  const auto problems = check_tree(root_);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("not below its layer lsp/language"), std::string::npos) << problems[0];
}

TEST_F(PlantedTree, JsonOutsideTheAllowedPlacesFails) {
  append("server/card/render.cpp", "#include <nlohmann/json.hpp>\n");
  append("server/lsp/language/hover.cpp", "#include <nlohmann/json.hpp>\n");
  const auto problems = check_tree(root_);
  ASSERT_EQ(problems.size(), 2u) << joined(problems);
  EXPECT_NE(problems[0].find("server/card/render.cpp"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("server/lsp/language/hover.cpp"), std::string::npos) << problems[1];
}

TEST_F(PlantedTree, AFileMissingFromTheCodeMapFails) {
  append("server/lsp/language/unmapped.cpp", "// a new feature nobody put on the map\n");
  const auto problems = check_tree(root_);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("server/lsp/language/unmapped.cpp is missing from the code map"),
            std::string::npos)
      << problems[0];
}

TEST_F(PlantedTree, ALayerFolderWithoutACodeMapFails) {
  fs::remove(root_ / "server/edit/README.md");
  const auto problems = check_tree(root_);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("server/edit has no code map"), std::string::npos) << problems[0];
}

TEST_F(PlantedTree, AFileOfNoLayerFails) {
  fs::create_directories(root_ / "server/newlayer");
  append("server/newlayer/thing.cpp", "// a folder the layers block does not know\n");
  const auto problems = check_tree(root_);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("belongs to no layer"), std::string::npos) << problems[0];
}
