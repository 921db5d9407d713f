// The engine in process: edits, snapshots, debounced diagnostics, folders on disk.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>

#include "lsp/language/engine.hpp"
#include "../support/temp_dir.hpp"

namespace kgls::lang {
namespace {

namespace fs = std::filesystem;

class EngineTest : public ::testing::Test {
 protected:
  // The engine stops before its folder goes (the folder is a member declared before it).
  void TearDown() override { engine.reset(); }

  void start(Options options = zero_delay()) {
    EngineCallbacks callbacks;
    callbacks.publish_diagnostics = [this](DiagnosticsUpdate u) {
      std::lock_guard lock(mutex);
      published.push_back(std::move(u));
    };
    callbacks.progress = [this](ScanProgress p) {
      std::lock_guard lock(mutex);
      progress.push_back(std::move(p));
    };
    engine = std::make_unique<Engine>(options, callbacks, log);
  }
  static Options zero_delay() {
    Options o;
    o.diagnostics_delay = std::chrono::milliseconds(0);
    return o;
  }

  std::string write(const std::string& relative, const std::string& text) {
    const fs::path path = root / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

  // The codes last published for a path, or "-" when nothing was.
  std::string codes(const std::string& path) {
    std::lock_guard lock(mutex);
    for (auto it = published.rbegin(); it != published.rend(); ++it) {
      if (it->path != path) continue;
      std::string out;
      for (const auto& d : it->diagnostics) out += (out.empty() ? "" : ",") + d.code;
      return out;
    }
    return "-";
  }
  size_t publish_count(const std::string& path) {
    std::lock_guard lock(mutex);
    return std::count_if(published.begin(), published.end(),
                         [&](const auto& u) { return u.path == path; });
  }
  std::shared_ptr<const Snapshot> snapshot() {
    std::shared_ptr<const Snapshot> out;
    engine->read([&](std::shared_ptr<const Snapshot> s) { out = std::move(s); });
    engine->wait_idle();
    return out;
  }
  std::string text(const std::string& path) {
    auto s = snapshot();
    const Document* d = s->workspace.document(path);
    return d ? d->text : "<none>";
  }

  lsp::Logger log{stderr, lsp::LogLevel::Warn};
  kgls::test::TempDir temp{"engine"};
  fs::path root = temp.path();
  std::unique_ptr<Engine> engine;
  std::mutex mutex;
  std::vector<DiagnosticsUpdate> published;
  std::vector<ScanProgress> progress;
};

TEST_F(EngineTest, OpenPublishesAndAFixClearsDiagnostics) {
  start();
  engine->open("/mem/a.kg", "paper a { cites b }\n", 1);
  engine->wait_idle();
  EXPECT_EQ(codes("/mem/a.kg"), "unresolved-reference");
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(published.back().version, 1);
  }
  engine->open("/mem/b.kg", "paper b {}\n", 1);
  engine->wait_idle();
  EXPECT_EQ(codes("/mem/a.kg"), "");
  EXPECT_EQ(codes("/mem/b.kg"), "");
}

TEST_F(EngineTest, IncrementalChangesAreAppliedInOrder) {
  start();
  engine->open("/mem/a.kg", "paper a {\n  title: \"x\"\n}\n", 1);
  // Two changes in one notification: the second one's range is in the text as left by
  // the first (line 1 then reads `  title: "xyz"`).
  engine->change("/mem/a.kg",
                 {{Range{{1, 11}, {1, 11}}, "yz"}, {Range{{1, 2}, {1, 7}}, "label"}}, 2);
  engine->wait_idle();
  EXPECT_EQ(text("/mem/a.kg"), "paper a {\n  label: \"xyz\"\n}\n");
  // A change without a range replaces the text; later ranges apply to the new text.
  engine->change("/mem/a.kg", {{std::nullopt, "paper b {}\n"}, {Range{{0, 6}, {0, 7}}, "c"}}, 3);
  EXPECT_EQ(text("/mem/a.kg"), "paper c {}\n");
}

// A rename's workspace edit reaches the server as one didChange per document. With no
// debounce, the states between them (the definition renamed, a reference not yet) would be
// published as unresolved references at the documents' new versions.
TEST_F(EngineTest, ABurstOfChangesAcrossDocumentsIsPublishedOnceAllAreApplied) {
  start();
  // Every file is long and replaced whole.
  auto user = [](const std::string& id, const std::string& target) {
    std::string text = "paper " + id + " { uses " + target + " }\n";
    for (int i = 0; i < 5000; ++i) text += "paper " + id + "-" + std::to_string(i) + " { title: \"t\" }\n";
    return text;
  };
  // Each file's clean diagnostics at version 1 seen: what follows is the burst's (the
  // engine does not publish a file's unchanged diagnostics again).
  auto until_clean = [&](const std::string& path) {
    for (int i = 0; i < 3000 && (publish_count(path) == 0 || codes(path) != ""); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(codes(path), "") << path;
  };
  auto definition = [](const std::string& id) {
    std::string text = "concept " + id + " {}\n";
    for (int i = 0; i < 5000; ++i) text += "concept filler-" + std::to_string(i) + " { title: \"t\" }\n";
    return text;
  };
  engine->open("/mem/def.kg", definition("old-name"), 1);
  until_clean("/mem/def.kg");
  engine->open("/mem/use.kg", user("p", "old-name"), 1);
  engine->open("/mem/use2.kg", user("q", "old-name"), 1);
  until_clean("/mem/use.kg");
  until_clean("/mem/use2.kg");
  engine->wait_idle();
  const size_t before = [&] {
    std::lock_guard lock(mutex);
    return published.size();
  }();
  // Back to back, as the server reads them from one write of the client.
  // Each parse takes longer than the calls: the first is not applied before the last is made.
  std::string d = definition("new-name"), p = user("p", "new-name"), q = user("q", "new-name");
  engine->change("/mem/def.kg", {{std::nullopt, std::move(d)}}, 2);
  engine->change("/mem/use.kg", {{std::nullopt, std::move(p)}}, 2);
  engine->change("/mem/use2.kg", {{std::nullopt, std::move(q)}}, 2);
  engine->wait_idle();
  std::lock_guard lock(mutex);
  ASSERT_GT(published.size(), before);
  for (size_t i = before; i < published.size(); ++i) {
    EXPECT_EQ(published[i].version, 2) << published[i].path;
    EXPECT_TRUE(published[i].diagnostics.empty()) << published[i].path << ": " << published[i].diagnostics[0].message;
  }
}

TEST_F(EngineTest, AChangeToAnUnopenedDocumentIsIgnored) {
  start();
  engine->change("/mem/nope.kg", {{std::nullopt, "paper x {}"}}, 1);
  EXPECT_EQ(text("/mem/nope.kg"), "<none>");
}

TEST_F(EngineTest, DiagnosticsAreDebounced) {
  Options options;
  options.diagnostics_delay = std::chrono::milliseconds(500);  // Far longer than the burst.
  start(options);
  engine->open("/mem/a.kg", "paper a { cites b }\n", 1);
  engine->wait_idle();  // An open is answered at once (OpenAndSaveDoNotWaitForTheDebounce).
  for (int v = 2; v <= 6; ++v) {
    engine->change("/mem/a.kg", {{Range{{0, 6}, {0, 7}}, "a"}}, v);
  }
  engine->wait_idle();
  // One burst, one computation: only the last version is published.
  EXPECT_EQ(publish_count("/mem/a.kg"), 2u);
  std::lock_guard lock(mutex);
  EXPECT_EQ(published.back().version, 6);
}

TEST_F(EngineTest, OpenAndSaveDoNotWaitForTheDebounce) {
  Options options;
  options.diagnostics_delay = std::chrono::minutes(10);  // Only a burst's end would wait.
  start(options);
  const auto published_within = [&](size_t count, std::chrono::milliseconds wait) {
    const auto until = std::chrono::steady_clock::now() + wait;
    while (publish_count("/mem/a.kg") < count && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return publish_count("/mem/a.kg") >= count;
  };
  engine->open("/mem/a.kg", "paper a { cites b }\n", 1);
  ASSERT_TRUE(published_within(1, std::chrono::seconds(30))) << "the open waited for the debounce";
  EXPECT_EQ(codes("/mem/a.kg"), "unresolved-reference");
  // A keystroke waits for the end of its burst...
  engine->change("/mem/a.kg", {{Range{{0, 16}, {0, 17}}, "a"}}, 2);  // `cites a`: resolved.
  EXPECT_FALSE(published_within(2, std::chrono::milliseconds(300)));
  // ... which a save ends.
  engine->saved("/mem/a.kg");
  ASSERT_TRUE(published_within(2, std::chrono::seconds(30))) << "the save did not end the wait";
  EXPECT_EQ(codes("/mem/a.kg").find("unresolved-reference"), std::string::npos) << codes("/mem/a.kg");
  std::lock_guard lock(mutex);
  EXPECT_EQ(published.back().version, 2);
}

TEST_F(EngineTest, ScansAFolderWithProgress) {
  const std::string a = write("a.kg", "paper a { cites b }\n");
  const std::string b = write("sub/b.kg", "paper b { cites nowhere }\n");
  write("node_modules/c.kg", "paper c {}\n");
  start();
  engine->add_folder(root.string());
  engine->wait_idle();
  auto s = snapshot();
  EXPECT_FALSE(s->scanning);
  EXPECT_EQ(s->workspace.documents().size(), 2u);
  EXPECT_EQ(codes(a), "-");  // Clean closed files get no message.
  EXPECT_EQ(codes(b), "unresolved-reference");
  std::lock_guard lock(mutex);
  ASSERT_GE(progress.size(), 2u);
  EXPECT_EQ(progress.front().kind, ScanProgress::Kind::Begin);
  EXPECT_EQ(progress.back().kind, ScanProgress::Kind::End);
  EXPECT_EQ(progress.back().percentage, 100u);
}

TEST_F(EngineTest, RequestsOnOpenFilesDoNotWaitForTheScan) {
  for (int i = 0; i < 50; ++i) write("f" + std::to_string(i) + ".kg", "paper p" + std::to_string(i) + " {}\n");
  // The scan reports its beginning on the scanner thread; holding that callback holds
  // the scan, so the test knows it is still running.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  EngineCallbacks callbacks;
  callbacks.progress = [released](ScanProgress p) {
    if (p.kind == ScanProgress::Kind::Begin) released.wait();
  };
  callbacks.publish_diagnostics = [this](DiagnosticsUpdate u) {
    std::lock_guard lock(mutex);
    published.push_back(std::move(u));
  };
  engine = std::make_unique<Engine>(zero_delay(), callbacks, log);
  engine->add_folder(root.string());
  engine->open("/mem/open.kg", "paper o { cites p0 }\n", 1);
  std::promise<std::shared_ptr<const Snapshot>> read;
  engine->read([&](std::shared_ptr<const Snapshot> s) { read.set_value(std::move(s)); });
  auto future = read.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready)
      << "a read waited for the scan";
  auto during = future.get();
  EXPECT_TRUE(during->scanning);
  EXPECT_TRUE(during->workspace.document("/mem/open.kg"));
  EXPECT_EQ(during->workspace.documents().size(), 1u);
  release.set_value();
  engine->wait_idle();
  auto after = snapshot();
  EXPECT_FALSE(after->scanning);
  EXPECT_EQ(after->workspace.documents().size(), 51u);
  EXPECT_EQ(codes("/mem/open.kg"), "");
}

TEST_F(EngineTest, ProgressReportsPercentages) {
  for (int i = 0; i < 130; ++i) write("f" + std::to_string(i) + ".kg", "paper p" + std::to_string(i) + " {}\n");
  start();
  engine->add_folder(root.string());
  engine->wait_idle();
  std::lock_guard lock(mutex);
  ASSERT_GE(progress.size(), 4u);  // Begin, a report per batch of 64 files (or 100 ms), end.
  EXPECT_EQ(progress.front().kind, ScanProgress::Kind::Begin);
  EXPECT_EQ(progress.front().message, "0/130 files");
  uint32_t last = 0;
  for (size_t i = 1; i + 1 < progress.size(); ++i) {
    EXPECT_EQ(progress[i].kind, ScanProgress::Kind::Report);
    EXPECT_GE(progress[i].percentage, last);  // Never backwards.
    EXPECT_LE(progress[i].percentage, 100u);
    last = progress[i].percentage;
  }
  EXPECT_EQ(progress.back().kind, ScanProgress::Kind::End);
  EXPECT_EQ(progress.back().message, "130 files");
}

TEST_F(EngineTest, OpenTextWinsOverDiskUntilClosed) {
  const std::string a = write("a.kg", "paper a {}\n");
  start();
  engine->add_folder(root.string());
  engine->open(a, "paper a { cites b }\n", 1);
  engine->wait_idle();
  EXPECT_EQ(text(a), "paper a { cites b }\n");
  EXPECT_EQ(codes(a), "unresolved-reference");
  engine->close(a);
  engine->wait_idle();
  EXPECT_EQ(text(a), "paper a {}\n");
  EXPECT_EQ(codes(a), "");
}

TEST_F(EngineTest, ClosingAFileOutsideTheWorkspaceForgetsIt) {
  start();
  engine->open("/elsewhere/x.kg", "paper x { cites y }\n", 1);
  engine->wait_idle();
  EXPECT_EQ(codes("/elsewhere/x.kg"), "unresolved-reference");
  engine->close("/elsewhere/x.kg");
  engine->wait_idle();
  EXPECT_EQ(text("/elsewhere/x.kg"), "<none>");
  EXPECT_EQ(codes("/elsewhere/x.kg"), "");  // Cleared.
}

TEST_F(EngineTest, WatchedFilesAndIgnoreRules) {
  const std::string a = write("a.kg", "paper a { cites b }\n");
  start();
  engine->add_folder(root.string());
  engine->wait_idle();
  EXPECT_EQ(codes(a), "unresolved-reference");

  const std::string b = write("b.kg", "paper b {}\n");
  engine->files_changed({{b, FileChange::Created}});
  engine->wait_idle();
  EXPECT_EQ(codes(a), "");

  write("b.kg", "paper renamed {}\n");
  engine->files_changed({{b, FileChange::Changed}});
  engine->wait_idle();
  EXPECT_EQ(codes(a), "unresolved-reference");

  write("b.kg", "paper b {}\n");
  engine->files_changed({{b, FileChange::Changed}});
  engine->wait_idle();
  EXPECT_EQ(codes(a), "");

  // Ignoring b.kg removes it, as deleting it would.
  const std::string ignore = write(".kgignore", "b.kg\n");
  engine->files_changed({{ignore, FileChange::Created}});
  engine->wait_idle();
  EXPECT_EQ(text(b), "<none>");
  EXPECT_EQ(codes(a), "unresolved-reference");

  fs::remove(ignore);
  engine->files_changed({{ignore, FileChange::Deleted}});
  engine->wait_idle();
  EXPECT_EQ(codes(a), "");

  fs::remove(b);
  engine->files_changed({{b, FileChange::Deleted}});
  engine->wait_idle();
  EXPECT_EQ(codes(a), "unresolved-reference");
}

TEST_F(EngineTest, MultiRootAndRemovingAFolder) {
  const std::string a = write("one/a.kg", "paper a { cites b }\n");
  write("two/b.kg", "paper b {}\n");
  start();
  engine->add_folder((root / "one").string());
  engine->add_folder((root / "two").string());
  engine->wait_idle();
  EXPECT_EQ(codes(a), "-");  // Resolved across the roots: clean, so never published.
  engine->remove_folder((root / "two").string());
  engine->wait_idle();
  EXPECT_EQ(codes(a), "unresolved-reference");
  EXPECT_EQ(snapshot()->workspace.documents().size(), 1u);
}

TEST_F(EngineTest, WorkspaceDiagnosticsCanBeLimitedToOpenFiles) {
  const std::string a = write("a.kg", "paper a { cites nowhere }\n");
  start();
  engine->add_folder(root.string());
  engine->wait_idle();
  EXPECT_EQ(codes(a), "unresolved-reference");
  Options options = zero_delay();
  options.workspace_diagnostics = false;
  engine->set_options(options);
  engine->wait_idle();
  EXPECT_EQ(codes(a), "");  // Cleared: the file is not open.
}

TEST_F(EngineTest, OversizedFilesAreSkipped) {
  const std::string big = write("big.kg", "paper big { title: \"" + std::string(2000, 'x') + "\" }\n");
  Options options = zero_delay();
  options.max_file_size = 1000;
  start(options);
  engine->add_folder(root.string());
  engine->wait_idle();
  EXPECT_EQ(text(big), "<none>");
}

TEST_F(EngineTest, SnapshotsAreConsistentWhileEditsContinue) {
  start();
  engine->open("/mem/a.kg", "paper a {}\n", 1);
  auto before = snapshot();
  engine->change("/mem/a.kg", {{std::nullopt, "paper b {}\n"}}, 2);
  auto after = snapshot();
  EXPECT_EQ(before->workspace.document("/mem/a.kg")->text, "paper a {}\n");
  EXPECT_EQ(after->workspace.document("/mem/a.kg")->text, "paper b {}\n");
  EXPECT_TRUE(before->workspace.find("a").entity);
  EXPECT_FALSE(after->workspace.find("a").entity);
  EXPECT_EQ(after->open_versions.at("/mem/a.kg"), 2);
}

// Each document's text is parsed on a lane of its own: a read about one document sees
// every edit of it sent before the read (its version and text), whatever the other
// documents' parses do; a read about the workspace sees every earlier edit of all of them.
TEST_F(EngineTest, AReadAboutADocumentSeesEveryEarlierEditOfIt) {
  start();
  const std::vector<std::string> paths = {"/mem/a.kg", "/mem/b.kg", "/mem/c.kg"};
  struct Seen {
    std::string path;
    int32_t version;
    std::shared_ptr<const Snapshot> snapshot;
  };
  std::mutex seen_mutex;
  std::vector<Seen> seen;
  const auto text_of = [](const std::string& path, int32_t version) {
    // The last document's text is large, so that its parse takes a while.
    std::string text = "paper " + fs::path(path).stem().string() + "-" + std::to_string(version) + " {}\n";
    if (path == "/mem/c.kg") {
      for (int i = 0; i < 2000; ++i) text += "paper c" + std::to_string(i) + " { title: \"x\" }\n";
    }
    return text;
  };
  for (int32_t version = 1; version <= 20; ++version) {
    for (const auto& path : paths) {
      if (version == 1) {
        engine->open(path, text_of(path, version), version);
      } else {
        engine->change(path, {{std::nullopt, text_of(path, version)}}, version);
      }
      engine->read(path, [&, path, version](std::shared_ptr<const Snapshot> s) {
        std::lock_guard lock(seen_mutex);
        seen.push_back({path, version, std::move(s)});
      });
    }
  }
  auto all = std::make_shared<std::promise<std::shared_ptr<const Snapshot>>>();
  engine->read([all](std::shared_ptr<const Snapshot> s) { all->set_value(std::move(s)); });
  engine->wait_idle();  // (A workspace read may also see edits sent after it.)
  engine->close("/mem/a.kg");
  engine->read("/mem/a.kg", [&](std::shared_ptr<const Snapshot> s) {
    std::lock_guard lock(seen_mutex);
    seen.push_back({"/mem/a.kg", 0, std::move(s)});
  });
  engine->wait_idle();
  ASSERT_EQ(seen.size(), paths.size() * 20 + 1);
  for (const auto& [path, version, snapshot] : seen) {
    const Document* d = snapshot->workspace.document(path);
    if (version == 0) {
      EXPECT_EQ(d, nullptr) << "the read after the close still sees " << path;
      EXPECT_FALSE(snapshot->open_versions.count(path));
      continue;
    }
    ASSERT_NE(d, nullptr) << path << " " << version;
    EXPECT_EQ(snapshot->open_versions.at(path), version) << path;
    EXPECT_EQ(d->text, text_of(path, version)) << path;
  }
  const auto workspace = all->get_future().get();
  for (const auto& path : paths) {
    EXPECT_EQ(workspace->open_versions.at(path), 20) << path;
    EXPECT_EQ(workspace->workspace.document(path)->text, text_of(path, 20)) << path;
  }
}

// Services that only need to hear of a new state (the index, the hub cards) are observers:
// they get the state whose diagnostics were just computed, never one of the scan's halves.
TEST_F(EngineTest, ObserversHearOfEachCheckedStateOnceTheScanEnded) {
  struct Recorder final : SnapshotObserver {
    std::mutex mutex;
    std::vector<std::shared_ptr<const Snapshot>> seen;
    void on_snapshot(std::shared_ptr<const Snapshot> snapshot) override {
      std::lock_guard lock(mutex);
      seen.push_back(std::move(snapshot));
    }
  } recorder;
  for (int i = 0; i < 50; ++i) write("f" + std::to_string(i) + ".kg", "paper p" + std::to_string(i) + " {}\n");
  start();
  engine->add_observer(recorder);
  engine->add_folder(root.string());
  engine->wait_idle();
  engine->open("/mem/a.kg", "paper a {}\n", 1);
  engine->wait_idle();
  engine->change("/mem/a.kg", {{std::nullopt, "paper b {}\n"}}, 2);
  engine->wait_idle();
  engine.reset();  // No call after the recorder is gone.
  ASSERT_GE(recorder.seen.size(), 3u);
  for (const auto& s : recorder.seen) EXPECT_FALSE(s->scanning);
  EXPECT_TRUE(std::any_of(recorder.seen.begin(), recorder.seen.end(),
                          [](const auto& s) { return s->workspace.documents().size() == 50u; }));
  const Snapshot& last = *recorder.seen.back();
  EXPECT_EQ(last.open_versions.at("/mem/a.kg"), 2);
  EXPECT_EQ(last.workspace.document("/mem/a.kg")->text, "paper b {}\n");
}

}  // namespace
}  // namespace kgls::lang
