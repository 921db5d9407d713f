// Fault tests of what lives on disk: an index killed mid-build, a damaged index, a cache
// folder that cannot be written, and symlinks that lead out of the workspace or round in
// a loop — against the real `kgls` binary.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "../support/child.hpp"
#include "fault_support.hpp"

namespace kgls::fault {
namespace {

// `kgls export --format json` from a given index file: the graph as the index holds it.
std::string export_json(const fs::path& ws, const fs::path& db) {
  const auto r = run_kgls({"export", "--format", "json", "--workspace", ws.string(), "--index", db.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  return r.out;
}

std::string integrity(const fs::path& db) {
  sqlite3* handle = nullptr;
  std::string out = "cannot open";
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(handle);
  return out;
}

TEST(IndexFaults, KilledMidBuildThenRestartedMatchesAFreshBuild) {
  TempDir ws("killed");
  write_workspace(ws.path(), 100, 100);  // 10,000 entities: a build takes a while.
  TempDir cache("killed-cache");
  const fs::path db = cache / "index.db";

  // Kill `kgls index` with SIGKILL at several moments of its build, each time on the index
  // the previous kill left behind.
  int killed_mid_build = 0;
  for (int delay_ms : {30, 120, 400, 900}) {
    const int null_fd = test::open_for_child("/dev/null", /*write=*/true);
    test::ChildOptions child;
    child.argv = {KGLS_BINARY, "index", "--workspace", ws.path().string(), "--index", db.string()};
    child.stdout_fd = child.stderr_fd = null_fd;
    const pid_t pid = test::spawn(child);
    ::close(null_fd);
    ::usleep(static_cast<useconds_t>(delay_ms) * 1000);
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      if (WIFSIGNALED(status)) ++killed_mid_build;
    }
  }
  // On a machine fast enough to finish in 30 ms there is nothing to kill; say so.
  if (killed_mid_build == 0) GTEST_SKIP() << "every build finished before it could be killed";

  const auto restart = run_kgls({"index", "--workspace", ws.path().string(), "--index", db.string()});
  ASSERT_EQ(restart.code, 0) << restart.err;
  EXPECT_EQ(integrity(db), "ok");
  const fs::path fresh = cache / "fresh.db";
  const auto build = run_kgls({"index", "--workspace", ws.path().string(), "--index", fresh.string()});
  ASSERT_EQ(build.code, 0) << build.err;
  const std::string a = export_json(ws.path(), db), b = export_json(ws.path(), fresh);
  EXPECT_GT(a.size(), 1000u);
  EXPECT_TRUE(a == b) << "the index after the kill differs from a fresh build";
}

// Processes whose command line holds `marker`: the embedding program the server started.
size_t processes_with(const std::string& marker) {
  size_t count = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string cmdline = read_file(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    count += cmdline.find(marker) != std::string::npos;
  }
  return count;
}

// `exit` while the similarity pass waits on an embedding program that will not answer for a
// minute, and (first round) while the index is being written: the process ends at once (its
// speed is the benchmark's), the program goes with it, and the index a restart reads agrees
// with a fresh build.
TEST(IndexFaults, ExitMidPassAndMidIndexWriteEndsAtOnceAndTheIndexAgrees) {
  TempDir ws("exit");
  write_workspace(ws.path(), 100, 100);  // 10,000 entities: the index takes a while to write.
  TempDir cache("exit-cache");
  const fs::path db = cache / "index.db";
  const std::string marker = "61.0317";  // `sleep 61.0317`: never answers within the test.
  const json options = {{"index", {{"path", db.string()}}},
                        {"similarity", {{"embedder", {{"kind", "command"}, {"command", {"sleep", marker}}, {"timeout", 120000}}}}}};
  for (const bool wait_for_the_scan : {false, true}) {
    Session session(ws.path(), options);
    if (wait_for_the_scan) {
      // After the scan the pass starts, on the embedding program.
      const auto until = Clock::now() + std::chrono::seconds(30);
      while (processes_with(marker) == 0 && Clock::now() < until) session.drain(std::chrono::milliseconds(20));
      ASSERT_GT(processes_with(marker), 0u) << "the pass never started the embedding program";
    }
    const auto sent = Clock::now();
    const auto code = session.stop();
    ASSERT_TRUE(code.has_value()) << "still running 30 s after exit";
    EXPECT_EQ(*code, 0);
    // Not a timing (the benchmark has that): the pass would have held it for a minute.
    EXPECT_LT(Clock::now() - sent, std::chrono::seconds(20));
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (processes_with(marker) > 0 && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(processes_with(marker), 0u) << "the embedding program outlived the server";
  }
  const auto restart = run_kgls({"index", "--workspace", ws.path().string(), "--index", db.string()});
  ASSERT_EQ(restart.code, 0) << restart.err;
  EXPECT_EQ(integrity(db), "ok");
  const fs::path fresh = cache / "fresh.db";
  ASSERT_EQ(run_kgls({"index", "--workspace", ws.path().string(), "--index", fresh.string()}).code, 0);
  const std::string a = export_json(ws.path(), db), b = export_json(ws.path(), fresh);
  EXPECT_GT(a.size(), 1000u);
  EXPECT_TRUE(a == b) << "the index after exit differs from a fresh build";
}

// A restart with no text changed publishes the last pass's likely duplicates from the index
// before its own pass; a changed text makes the stored ones unusable.
TEST(IndexWarmStart, LikelyDuplicatesComeFromTheIndexWhenNoTextChanged) {
  TempDir ws("warm");
  write_file(ws / "a.kg",
             "concept residual-stream {\n  title: \"Residual stream\"\n  summary: \"The running sum every layer "
             "reads from and writes to\"\n}\n\nconcept attention-head {\n  title: \"Attention head\"\n  summary: "
             "\"Moves information between token positions\"\n}\n");
  write_file(ws / "b.kg",
             "concept residual-stream-view {\n  title: \"Residual stream\"\n  summary: \"The running sum that every "
             "layer reads from and writes to\"\n}\n\nconcept dropout {\n  title: \"Dropout\"\n  summary: "
             "\"Zeroes activations at random while training\"\n}\n");
  TempDir cache("warm-cache");
  const json options = {{"index", {{"path", (cache / "index.db").string()}}}};
  const std::vector<std::string> args = {"--stdio", "--log-level", "info"};
  const auto warned = [&](Session& s) {
    return s.wait_diagnostics(s.uri(ws / "a.kg"), [](const json& p) { return !with_code(p, "likely-duplicate").empty(); });
  };
  const std::string from_index = "likely duplicates from the index";
  {
    Session first(ws.path(), options, args);
    ASSERT_TRUE(warned(first)) << first.stderr_text();
    first.drain();
    ASSERT_TRUE(first.stop());
    EXPECT_EQ(first.stderr_text().find(from_index), std::string::npos) << "nothing was stored before";
  }
  {
    Session second(ws.path(), options, args);
    ASSERT_TRUE(warned(second)) << second.stderr_text();
    second.drain();
    ASSERT_TRUE(second.stop());
    EXPECT_NE(second.stderr_text().find("1 " + from_index), std::string::npos) << second.stderr_text();
  }
  write_file(ws / "b.kg", read_file(ws / "b.kg") + "\nconcept layer-norm { title: \"Layer norm\" }\n");
  {
    Session third(ws.path(), options, args);
    ASSERT_TRUE(warned(third)) << third.stderr_text();
    third.drain();
    ASSERT_TRUE(third.stop());
    EXPECT_EQ(third.stderr_text().find(from_index), std::string::npos) << "a text changed: " << third.stderr_text();
  }
}

// Rows of the `diagnostics` table in an index file (0 when it cannot be read yet).
int64_t stored_diagnostic_rows(const fs::path& db) {
  sqlite3* handle = nullptr;
  int64_t rows = 0;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(handle, "SELECT count(*) FROM diagnostics", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      rows = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(handle);
  return rows;
}

TEST(IndexWarmStart, DiagnosticsOfUnchangedFilesComeFromTheIndexAndChangedOnesWait) {
  TempDir ws("warm-diagnostics");
  write_file(ws / "a.kg", "concept alpha {\n  title: \"Alpha\"\n  uses missing-one\n}\n");
  write_file(ws / "b.kg", "concept beta {\n  title: \"Beta\"\n  uses missing-two\n}\n");
  write_file(ws / "c.kg", "concept gamma {\n  title: \"Gamma\"\n}\n");
  TempDir cache("warm-diagnostics-cache");
  const json options = {{"index", {{"path", (cache / "index.db").string()}}}};
  const std::vector<std::string> args = {"--stdio", "--log-level", "info"};
  const auto unresolved = [&](Session& s, const fs::path& file) {
    return s.wait_diagnostics(s.uri(file), [](const json& p) { return !with_code(p, "unresolved-reference").empty(); });
  };
  {
    Session first(ws.path(), options, args);
    ASSERT_TRUE(unresolved(first, ws / "a.kg")) << first.stderr_text();
    ASSERT_TRUE(unresolved(first, ws / "b.kg")) << first.stderr_text();
    // Written with the index after a pause in the edits.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (stored_diagnostic_rows(cache / "index.db") < 2 && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    first.drain();
    ASSERT_TRUE(first.stop());
    EXPECT_NE(first.stderr_text().find("stored diagnostics of 0 unchanged files"), std::string::npos)
        << first.stderr_text();
  }
  // One row per file with diagnostics: a.kg and b.kg, and any file the similarity pass
  // warned about.
  const int64_t rows = stored_diagnostic_rows(cache / "index.db");
  ASSERT_GE(rows, 2);
  // b.kg fixed while no server ran: its stored list is stale, so it is not handed over.
  write_file(ws / "b.kg", "concept beta {\n  title: \"Beta\"\n  uses gamma\n}\n");
  {
    Session second(ws.path(), options, args);
    ASSERT_TRUE(unresolved(second, ws / "a.kg")) << second.stderr_text();
    second.drain();
    ASSERT_TRUE(second.stop());
    const std::string read = "stored diagnostics of " + std::to_string(rows - 1) +
                             (rows - 1 == 1 ? " unchanged file read" : " unchanged files read");
    EXPECT_NE(second.stderr_text().find(read), std::string::npos) << read << "\n" << second.stderr_text();
    const auto b = second.diagnostics().find(second.uri(ws / "b.kg"));
    if (b != second.diagnostics().end()) {
      EXPECT_TRUE(b->second["diagnostics"].empty()) << b->second.dump();
    }
  }
}

TEST(IndexFaults, AnOverwrittenPageIsRebuilt) {
  TempDir ws("page");
  write_workspace(ws.path(), 10, 100);
  TempDir cache("page-cache");
  const fs::path db = cache / "index.db";
  ASSERT_EQ(run_kgls({"index", "--workspace", ws.path().string(), "--index", db.string()}).code, 0);
  const std::string before = export_json(ws.path(), db);

  // The root pages of the entities and edges tables overwritten with garbage, as a bad
  // disk or a stray write would leave them.
  const auto root_page = [&](const char* table) {
    sqlite3* handle = nullptr;
    int64_t page = 0, page_size = 0;
    sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(handle, "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = ?", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
      page = sqlite3_column_int64(st, 0);
      page_size = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    sqlite3_close(handle);
    return std::pair{page, page_size};
  };
  for (const char* table : {"entities", "edges"}) {
    const auto [page, page_size] = root_page(table);
    ASSERT_GT(page, 1) << table;
    const int fd = ::open(db.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    const std::string garbage(static_cast<size_t>(page_size), '\xA5');
    ASSERT_EQ(::pwrite(fd, garbage.data(), garbage.size(), (page - 1) * page_size),
              static_cast<ssize_t>(garbage.size()));
    ::close(fd);
  }
  ASSERT_NE(integrity(db), "ok");
  // A refresh of unchanged files need not read those pages; the export reads them all,
  // finds the damage, rebuilds and answers from the rebuilt index.
  const auto r = run_kgls({"export", "--format", "json", "--workspace", ws.path().string(), "--index", db.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("damaged"), std::string::npos) << "no notice on stderr: " << r.err;
  EXPECT_TRUE(r.out == before) << "the export from the rebuilt index differs";
  EXPECT_EQ(integrity(db), "ok");
}

TEST(IndexFaults, AReadOnlyCacheFolderKeepsTheIndexInMemoryWithAWarning) {
  TempDir ws("readonly");
  write_workspace(ws.path(), 3, 20);
  TempDir cache("readonly-cache");
  ::chmod(cache.path().c_str(), 0555);
  // Root ignores permissions: run kgls as an unprivileged user, as a real user runs it.
  CommandOptions options;
  options.env["XDG_CACHE_HOME"] = cache.path().string();
  options.run_as_uid = kUnprivilegedUid;
  const auto r = run_kgls({"index", "--workspace", ws.path().string()}, options);
  if (r.code == 125) GTEST_SKIP() << "cannot switch to an unprivileged user";
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("in memory"), std::string::npos) << "no warning: " << r.err;
  EXPECT_NE(r.out.find("index: in memory"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("62 entities"), std::string::npos) << r.out;  // 60 papers + the schema's 2.
  EXPECT_TRUE(fs::is_empty(cache.path())) << "something was written to the read-only folder";

  // The card still works from the in-memory index.
  const auto show = run_kgls({"show", "p1", "--workspace", ws.path().string()}, options);
  EXPECT_EQ(show.code, 0) << show.err;
  EXPECT_NE(show.out.find("Paper number 1"), std::string::npos) << show.out;
}

TEST(IndexFaults, SymlinksOutOfTheWorkspaceOrInALoopAreNeverFollowed) {
  TempDir outside("outside");
  write_file(outside / "secret.kg", "paper outside-entity { title: \"outside\" }\npaper broken {\n");
  TempDir ws("links");
  write_file(ws / "a.kg", "paper a {\n  cites outside-entity\n  cites inner\n}\n");
  write_file(ws / "sub/inner.kg", "paper inner { }\n");
  fs::create_directory_symlink(outside.path(), ws / "out");      // Leads outside.
  fs::create_directory_symlink("..", ws / "sub/up");             // A loop: sub/up/sub/up/...
  fs::create_directory_symlink(ws.path(), ws / "self");          // A loop by absolute path.
  fs::create_symlink(outside / "secret.kg", ws / "linked.kg");   // A file outside.

  const auto check = run_kgls({"check", ws.path().string(), "--format", "json"}, {{}, -1, std::chrono::seconds(60)});
  ASSERT_NE(check.code, 2) << check.err;
  const json found = json::parse(check.out, nullptr, false);
  ASSERT_TRUE(found.is_array()) << check.out;
  size_t unresolved_outside = 0;
  for (const auto& d : found) {
    const std::string file = d.value("file", "");
    EXPECT_EQ(file.find("secret"), std::string::npos) << "a file outside was read: " << d.dump();
    EXPECT_EQ(file.find("out/"), std::string::npos) << d.dump();
    EXPECT_NE(d.value("code", ""), "duplicate-id") << "a loop read a file twice: " << d.dump();
    if (d.value("code", "") == "unresolved-reference" &&
        d.value("message", "").find("outside-entity") != std::string::npos)
      ++unresolved_outside;
  }
  EXPECT_EQ(unresolved_outside, 1u) << check.out;

  // The language server scans the same way.
  Session s(ws.path());
  const std::string a = s.uri(ws / "a.kg");
  auto diags = s.wait_diagnostics(a, [](const json& p) { return !with_code(p, "unresolved-reference").empty(); });
  ASSERT_TRUE(diags) << s.stderr_text();
  EXPECT_EQ(with_code(*diags, "unresolved-reference").size(), 1u) << diags->dump();
  s.drain();
  for (const auto& [uri, publish] : s.diagnostics()) {
    EXPECT_EQ(uri.find("secret"), std::string::npos) << uri;
    EXPECT_EQ(uri.find("/out/"), std::string::npos) << uri;
    EXPECT_EQ(uri.find("/self/"), std::string::npos) << uri;
    EXPECT_TRUE(with_code(publish, "duplicate-id").empty()) << uri << ": " << publish.dump();
  }
  auto symbols = s.call("workspace/symbol", {{"query", "outside"}});
  ASSERT_TRUE(symbols);
  EXPECT_EQ((*symbols)["result"], json::array()) << symbols->dump();
  EXPECT_EQ(s.stop(), 0);
}

}  // namespace
}  // namespace kgls::fault
