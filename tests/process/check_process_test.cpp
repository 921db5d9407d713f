// `kgls check` run as a process: output formats, exit codes, the examples and the shared data sets.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/temp_dir.hpp"
#include "../support/command.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Runs the kgls binary with arguments in a folder, capturing stdout and stderr.
using Result = kgls::test::CommandResult;
Result run(const std::string& args, const fs::path& cwd = fs::current_path()) {
  return kgls::test::run_kgls(args, cwd);
}

// A scratch folder: tests/support/temp_dir.hpp.
struct TempDir : kgls::test::TempDir {
  TempDir() : kgls::test::TempDir("check") {}
};

TEST(CheckProcess, ExamplesHaveNoErrors) {
  Result r = run("check examples", KGLS_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find(": error:"), std::string::npos) << r.out;
}

TEST(CheckProcess, ExamplesWarnAboutTheDeliberateNearDuplicate) {
  Result r = run("check --format json examples", KGLS_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> warned;
  for (const auto& f : json::parse(r.out)) {
    if (f["code"] == "likely-duplicate") warned.push_back(f["file"].get<std::string>() + " " + f["message"].get<std::string>());
  }
  ASSERT_EQ(warned.size(), 2u) << r.out;
  std::sort(warned.begin(), warned.end());
  EXPECT_NE(warned[0].find("examples/concepts.kg"), std::string::npos) << warned[0];
  EXPECT_NE(warned[0].find("residual-stream-view"), std::string::npos) << warned[0];
  EXPECT_NE(warned[1].find("examples/drafts.kg"), std::string::npos) << warned[1];
  EXPECT_NE(warned[1].find("residual-stream"), std::string::npos) << warned[1];
}

TEST(CheckProcess, SharedDataSetsHaveNoSyntaxErrors) {
  for (const char* set : {"schemaorg", "dblp-acm"}) {
    const fs::path dir = fs::path(KGLS_SHARED_DATA) / set;
    if (!fs::exists(dir)) GTEST_SKIP() << "shared data not found: " << dir;
    Result r = run("check --format json .", dir);
    EXPECT_EQ(r.exit_code, 0) << set << "\n" << r.err;
    json findings = json::parse(r.out);
    for (const auto& f : findings) EXPECT_NE(f["severity"], "error") << set << ": " << f.dump();
    Result text = run("check", dir);
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.err.find("files checked: 0 errors"), std::string::npos) << text.err;
  }
}

TEST(CheckProcess, TextFormatAndExitCodes) {
  TempDir dir;
  dir.write("schema.kg", "kind paper { required: [title] }\n");
  dir.write("a.kg", "paper a {\n  cites missing\n}\n");
  dir.write("b.kg", "paper b { title: \"B\" }\n");
  Result r = run("check", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "a.kg:1:7: warning: `a` has no `title` field, which kind `paper` requires [missing-field]\n"
            "a.kg:2:9: error: no entity `missing` is defined in the workspace [unresolved-reference]\n");
  EXPECT_EQ(r.err, "3 files checked: 1 error, 1 warning\n");

  dir.write("a.kg", "paper a {\n  cites b\n}\n");
  r = run("check", dir.path());
  EXPECT_EQ(r.exit_code, 0) << "warnings alone pass";
  r = run("check --warnings-as-errors", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  r = run("check b.kg", dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "") << "only the named file is reported";
}

TEST(CheckProcess, JsonFormat) {
  TempDir dir;
  dir.write("a.kg", "paper é {\n  title: \"x\" cites 😀missing\n}\n");
  Result r = run("check --format json", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  json findings = json::parse(r.out);
  // An emoji is not a letter: a syntax error, and the rest of the word is still read as the target.
  ASSERT_EQ(findings.size(), 2u) << r.out;
  EXPECT_EQ(findings[0], json::parse(R"({"file": "a.kg", "line": 2, "column": 20, "endLine": 2, "endColumn": 21,
      "severity": "error", "code": "syntax",
      "message": "unexpected `😀`; IDs and words are made of letters, digits, `_`, `-` and `.`"})"));
  EXPECT_EQ(findings[1]["code"], "unresolved-reference");
  EXPECT_EQ(findings[1]["column"], 21) << "columns count characters, not bytes";
  EXPECT_EQ(findings[1]["endColumn"], 28);
}

TEST(CheckProcess, SarifFormat) {
  TempDir dir;
  dir.write("a.kg", "paper a { cites nowhere }\npaper a { }\n");
  Result r = run("check --format sarif", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  json sarif = json::parse(r.out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  const json& run0 = sarif["runs"][0];
  EXPECT_EQ(run0["tool"]["driver"]["name"], "kgls");
  ASSERT_EQ(run0["results"].size(), 3u);
  EXPECT_EQ(run0["results"][0]["ruleId"], "duplicate-id");
  EXPECT_EQ(run0["results"][0]["level"], "error");
  EXPECT_EQ(run0["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
  EXPECT_EQ(run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "a.kg");
  EXPECT_EQ(run0["results"][1]["ruleId"], "unresolved-reference");
}

TEST(CheckProcess, UsageAndIoProblemsExitTwo) {
  TempDir dir;
  Result r = run("check --format yaml", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "kgls check: unknown format 'yaml' (use text, json or sarif)\n");
  r = run("check --bogus", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  r = run("check no/such/path", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "kgls check: no such file or folder: no/such/path\n");
  r = run("frobnicate", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  r = run("check --help", dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: kgls check"), std::string::npos);
}

TEST(CheckProcess, IgnoresKgignoredFiles) {
  TempDir dir;
  dir.write(".kgignore", "drafts/\n");
  dir.write("drafts/broken.kg", "this is { not valid");
  dir.write("ok.kg", "paper a { }\n");
  Result r = run("check", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.err, "1 file checked: 0 errors, 0 warnings\n");
}

}  // namespace
