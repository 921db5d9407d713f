// File discovery: .kgignore (gitignore syntax), skipped folders, symlinks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kgls/files.hpp"

#include "../support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace kgls {
namespace {

// A scratch folder: tests/support/temp_dir.hpp.
struct TempDir : kgls::test::TempDir {
  TempDir() : kgls::test::TempDir("files") {}
};

std::vector<std::string> relative(const FileScan& scan, const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& f : scan.files) out.push_back(f.lexically_relative(fs::canonical(root)).generic_string());
  return out;
}

TEST(IgnoreRules, GitignoreSyntax) {
  IgnoreRules rules;
  rules.add("", "# comment\n\n*.tmp.kg\n/top.kg\nbuild/\ndrafts/**/old.kg\n!keep.tmp.kg\n\\#hash.kg\nsub/x.kg\n");
  EXPECT_TRUE(rules.ignored("a.tmp.kg", false));
  EXPECT_TRUE(rules.ignored("deep/b.tmp.kg", false));
  EXPECT_FALSE(rules.ignored("keep.tmp.kg", false)) << "negation";
  EXPECT_TRUE(rules.ignored("top.kg", false));
  EXPECT_FALSE(rules.ignored("deep/top.kg", false)) << "a leading slash anchors";
  EXPECT_TRUE(rules.ignored("build", true));
  EXPECT_FALSE(rules.ignored("build", false)) << "a trailing slash matches folders only";
  EXPECT_TRUE(rules.ignored("drafts/old.kg", false));
  EXPECT_TRUE(rules.ignored("drafts/a/b/old.kg", false));
  EXPECT_TRUE(rules.ignored("#hash.kg", false));
  EXPECT_TRUE(rules.ignored("sub/x.kg", false));
  EXPECT_FALSE(rules.ignored("other/sub/x.kg", false)) << "a middle slash anchors too";
  IgnoreRules nested;
  nested.add("notes", "*.kg\n");
  EXPECT_TRUE(nested.ignored("notes/a.kg", false));
  EXPECT_FALSE(nested.ignored("a.kg", false)) << "rules apply below their own folder";
  IgnoreRules classes;
  classes.add("", "draft-[0-9].kg\nx?.kg\n");
  EXPECT_TRUE(classes.ignored("draft-3.kg", false));
  EXPECT_FALSE(classes.ignored("draft-a.kg", false));
  EXPECT_TRUE(classes.ignored("xy.kg", false));
}

TEST(FindKgFiles, RecursiveWithIgnoresAndSkippedFolders) {
  TempDir dir;
  dir.write("a.kg");
  dir.write("notes.txt");
  dir.write("sub/b.kg");
  dir.write("sub/deeper/c.kg");
  dir.write(".git/d.kg");
  dir.write("node_modules/pkg/e.kg");
  dir.write("build/f.kg");
  dir.write("sub/scratch.kg");
  dir.write(".kgignore", "build/\n");
  dir.write("sub/.kgignore", "scratch.kg\n");
  FileScan scan = find_kg_files(dir.path());
  EXPECT_TRUE(scan.errors.empty());
  EXPECT_EQ(relative(scan, dir.path()), (std::vector<std::string>{"a.kg", "sub/b.kg", "sub/deeper/c.kg"}));
}

TEST(FindKgFiles, SymlinksNeverLeaveTheWorkspace) {
  TempDir outside, dir;
  outside.write("secret.kg");
  dir.write("a.kg");
  dir.write("inner/b.kg");
  fs::create_directory_symlink(outside.path(), dir.path() / "out");                // Outside: skipped.
  fs::create_symlink(outside.path() / "secret.kg", dir.path() / "secret-link.kg");  // Outside: skipped.
  fs::create_directory_symlink(dir.path(), dir.path() / "inner/loop");            // A loop: walked once.
  fs::create_directory_symlink(dir.path() / "inner", dir.path() / "alias");       // Inside: same folder once.
  FileScan scan = find_kg_files(dir.path());
  auto files = relative(scan, dir.path());
  EXPECT_EQ(std::count(files.begin(), files.end(), "a.kg"), 1);
  for (const auto& f : files) EXPECT_EQ(f.find("secret"), std::string::npos) << f;
  EXPECT_LE(files.size(), 3u);
}

TEST(FindKgFiles, MissingFolderIsAnError) {
  FileScan scan = find_kg_files("/nonexistent/kgls/folder");
  EXPECT_TRUE(scan.files.empty());
  ASSERT_EQ(scan.errors.size(), 1u);
  EXPECT_NE(scan.errors[0].find("not a folder"), std::string::npos);
}

TEST(ReadFile, ReportsTheReason) {
  std::string text, error;
  EXPECT_FALSE(read_file("/nonexistent/x.kg", text, error));
  EXPECT_EQ(error, "cannot open /nonexistent/x.kg: No such file or directory");
}

}  // namespace
}  // namespace kgls
