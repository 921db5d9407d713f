// `kgls format` as a process: prints, checks, and writes only with --write.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../support/command.hpp"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int status = -1;
  std::string out;
};

// Runs `kgls format ARGS` in `dir`, feeding `input` on stdin.
Outcome kgls_format(const fs::path& dir, const std::string& args, const std::string& input = "") {
  const fs::path in = dir / "stdin.txt";
  std::ofstream(in, std::ios::binary) << input;
  auto r = kgls::test::run_command("'" KGLS_BINARY "' format " + args, dir, in);
  return {r.exit_code, std::move(r.out)};
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class FormatCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kgls-format-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "kb");
    std::ofstream(dir_ / "kb" / "messy.kg", std::ios::binary) << kMessy;
    std::ofstream(dir_ / "kb" / "tidy.kg", std::ios::binary) << kTidy;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static constexpr const char* kMessy = "paper   a{title:\"A\"  # why\n  tags: [x,y,]}\n\n\n\npaper b {}";
  static constexpr const char* kTidy = "paper c {\n  title: \"C\"\n}\n";
  static constexpr const char* kMessyFormatted = "paper a {\n  title: \"A\" # why\n  tags: [x, y]\n}\n\npaper b {}\n";
  fs::path dir_;
};

TEST_F(FormatCli, PrintsOneFileAndWritesNothing) {
  const Outcome run = kgls_format(dir_, "kb/messy.kg");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, kMessyFormatted);
  EXPECT_EQ(read(dir_ / "kb" / "messy.kg"), kMessy);
}

TEST_F(FormatCli, ReadsStandardInput) {
  const Outcome run = kgls_format(dir_, "", kMessy);
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, kMessyFormatted);
  EXPECT_EQ(kgls_format(dir_, "-", kMessy).out, kMessyFormatted);
}

TEST_F(FormatCli, CheckListsUnformattedFilesAndExitsOne) {
  const Outcome run = kgls_format(dir_, "--check kb");
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.out, "kb/messy.kg\n");
  EXPECT_EQ(read(dir_ / "kb" / "messy.kg"), kMessy);
  EXPECT_EQ(kgls_format(dir_, "--check kb/tidy.kg").status, 0);
}

TEST_F(FormatCli, WriteRewritesOnlyWhatChanges) {
  const auto tidy_time = fs::last_write_time(dir_ / "kb" / "tidy.kg");
  const Outcome run = kgls_format(dir_, "--write kb");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "kb/messy.kg\n");
  EXPECT_EQ(read(dir_ / "kb" / "messy.kg"), kMessyFormatted);
  EXPECT_EQ(fs::last_write_time(dir_ / "kb" / "tidy.kg"), tidy_time);
  EXPECT_EQ(kgls_format(dir_, "--check kb").status, 0);
  for (const auto& entry : fs::directory_iterator(dir_ / "kb"))  // No temporary left behind.
    EXPECT_EQ(entry.path().extension(), ".kg") << entry.path();
}

TEST_F(FormatCli, UsageErrors) {
  EXPECT_EQ(kgls_format(dir_, "kb").status, 2);  // Printing a folder: which file?
  EXPECT_EQ(kgls_format(dir_, "--check --write kb").status, 2);
  EXPECT_EQ(kgls_format(dir_, "--write").status, 2);  // Standard input cannot be written.
  EXPECT_EQ(kgls_format(dir_, "--width 0 kb/messy.kg").status, 2);
  EXPECT_EQ(kgls_format(dir_, "--bogus").status, 2);
  EXPECT_EQ(kgls_format(dir_, "kb/none.kg").status, 2);
  EXPECT_EQ(read(dir_ / "kb" / "messy.kg"), kMessy);
}

TEST_F(FormatCli, SyntaxErrorsKeepTheText) {
  const std::string broken = "paper a { title: \"A\"\n\npaper   b {}\n";
  const Outcome run = kgls_format(dir_, "-", broken);
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out.substr(0, 21), "paper a { title: \"A\"\n");
}

}  // namespace
