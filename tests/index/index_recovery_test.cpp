// The index is a cache: damaged, foreign-version or unwritable index files give a notice
// and a rebuild (or an in-memory index), never a crash and never a refusal to work.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <optional>

#include "index_test_util.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr const char* kFile = R"(paper alpha { title: "Alpha" summary: "about circuits" cites beta }
paper beta { title: "Beta" }
)";

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

bool contains(const std::vector<std::string>& notices, const std::string& part) {
  for (const auto& n : notices) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

class IndexRecovery : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.write("a.kg", kFile);
    // Enough entities that the file spans many pages.
    std::string many;
    for (int i = 0; i < 400; ++i) {
      many += "concept c" + std::to_string(i) + " { summary: \"concept number " + std::to_string(i) +
              " with a long enough summary to fill pages\" uses alpha }\n";
    }
    ws.write("many.kg", many);
    file = cache / "index.db";
    auto index = test::open_index(ws.path(), file);
    index->refresh();
    ASSERT_FALSE(index->in_memory());
  }

  // The index answers as if built from scratch.
  void expect_complete(Index& index) {
    ASSERT_TRUE(index.entity("alpha"));
    EXPECT_EQ(index.entity("alpha")->title, "Alpha");
    EXPECT_EQ(index.entity_count(), 402u);
    EXPECT_EQ(index.backlinks("alpha").size(), 400u);
    EXPECT_EQ(index.search_text("circuits").size(), 1u);
  }

  TempDir ws;
  TempDir cache;
  fs::path file;
};

TEST_F(IndexRecovery, ATruncatedIndexIsRebuilt) {
  fs::resize_file(file, fs::file_size(file) / 2);
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), file, &notices);
  const IndexStats stats = index->refresh();
  for (auto& n : index->take_notices()) notices.push_back(n);
  EXPECT_TRUE(contains(notices, "is damaged")) << ::testing::PrintToString(notices);
  EXPECT_EQ(notices.size(), 1u);
  EXPECT_EQ(stats.parsed, 2u);
  EXPECT_FALSE(index->in_memory());
  expect_complete(*index);
}

TEST_F(IndexRecovery, AnOverwrittenIndexIsRebuilt) {
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    for (int i = 0; i < 5000; ++i) out << "this is not a database ";
  }
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), file, &notices);
  EXPECT_TRUE(contains(notices, "is damaged")) << ::testing::PrintToString(notices);
  EXPECT_TRUE(contains(notices, "not a database")) << ::testing::PrintToString(notices);
  EXPECT_EQ(index->refresh().parsed, 2u);
  EXPECT_FALSE(index->in_memory());
  expect_complete(*index);
}

TEST_F(IndexRecovery, DamagedPagesFoundByAQueryAreRebuilt) {
  // Keep the header page, overwrite the rest: open and refresh may not read those pages,
  // the queries will.
  const auto size = fs::file_size(file);
  {
    std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(4096);
    for (auto at = static_cast<std::uintmax_t>(4096); at < size; ++at) io.put(static_cast<char>(0xA5));
  }
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), file, &notices);
  index->refresh();
  expect_complete(*index);
  for (auto& n : index->take_notices()) notices.push_back(n);
  EXPECT_TRUE(contains(notices, "is damaged")) << ::testing::PrintToString(notices);
}

TEST_F(IndexRecovery, AnotherSchemaVersionIsRebuiltAndDropsTheEmbeddingCache) {
  {
    auto db = sql::Database::open(file);
    db.exec("INSERT INTO embeddings VALUES ('builtin', 'h', 1, x'00')");
    db.exec("PRAGMA user_version = 999");
  }
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), file, &notices);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("schema version 999"), std::string::npos) << notices[0];
  EXPECT_EQ(index->refresh().parsed, 2u);
  EXPECT_EQ(test::inspect(*index).scalar_int("PRAGMA user_version"), 3);
  EXPECT_EQ(test::inspect(*index).scalar_int("SELECT count(*) FROM embeddings"), 0);
  expect_complete(*index);
}

TEST_F(IndexRecovery, ADeletedIndexIsRebuiltQuietly) {
  fs::remove(file);
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), file, &notices);
  EXPECT_TRUE(notices.empty());
  EXPECT_EQ(index->refresh().parsed, 2u);
  expect_complete(*index);
}

TEST_F(IndexRecovery, AReadOnlyCacheFolderFallsBackToMemory) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores permissions; see ACacheFolderThatCannotExist";
  TempDir readonly;
  fs::permissions(readonly.path(), fs::perms::owner_read | fs::perms::owner_exec);
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), readonly / "kgls/index.db", &notices);
  EXPECT_TRUE(index->in_memory());
  EXPECT_TRUE(contains(notices, "keeping the index in memory")) << ::testing::PrintToString(notices);
  EXPECT_EQ(index->refresh().parsed, 2u);
  expect_complete(*index);
}

TEST_F(IndexRecovery, AReadOnlyIndexFileFallsBackToMemory) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores permissions";
  fs::permissions(file, fs::perms::owner_read);
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), file, &notices);
  EXPECT_TRUE(index->in_memory());
  EXPECT_TRUE(contains(notices, "keeping the index in memory")) << ::testing::PrintToString(notices);
  index->refresh();
  expect_complete(*index);
}

TEST_F(IndexRecovery, ACacheFolderThatCannotExistFallsBackToMemory) {
  // A regular file where the cache folder should be: no one, not even root, can make it.
  cache.write("blocker", "a file, not a folder");
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), cache / "blocker/kgls/index.db", &notices);
  EXPECT_TRUE(index->in_memory());
  EXPECT_TRUE(index->location().empty());
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("keeping the index in memory"), std::string::npos) << notices[0];
  EXPECT_EQ(index->refresh().parsed, 2u);
  expect_complete(*index);
}

TEST_F(IndexRecovery, AFolderInPlaceOfTheIndexFileFallsBackToMemory) {
  fs::create_directories(cache / "dir.db");
  std::vector<std::string> notices;
  auto index = test::open_index(ws.path(), cache / "dir.db", &notices);
  EXPECT_TRUE(index->in_memory());
  EXPECT_EQ(notices.size(), 1u);
  index->refresh();
  expect_complete(*index);
}

TEST(IndexLocation, DefaultPathIsInTheUsersCacheFolder) {
  const fs::path root = "/some/workspace";
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "/xdg/cache");
    const fs::path p = default_index_path(root);
    EXPECT_EQ(p.parent_path().parent_path(), fs::path("/xdg/cache/kgls"));
    EXPECT_EQ(p.filename(), "index.db");
    EXPECT_EQ(p.parent_path().filename().string().size(), 16u);  // The root's hash.
    EXPECT_NE(default_index_path("/other/workspace"), p);
    EXPECT_EQ(default_index_path(root), p);  // Stable.
  }
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "relative/ignored");
    ScopedEnv home("HOME", "/home/someone");
    EXPECT_EQ(default_index_path(root).parent_path().parent_path(), fs::path("/home/someone/.cache/kgls"));
  }
  {
    ScopedEnv xdg("XDG_CACHE_HOME", nullptr);
    ScopedEnv home("HOME", nullptr);
    EXPECT_TRUE(default_index_path(root).empty());
    TempDir ws;
    ws.write("a.kg", kFile);
    IndexOptions options;
    options.root = ws.path();
    std::vector<std::string> notices;
    auto index = Index::open(options, notices);
    EXPECT_TRUE(index->in_memory());
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_NE(notices[0].find("no cache folder"), std::string::npos);
    index->refresh();
    EXPECT_TRUE(index->entity("alpha"));
  }
}

TEST(IndexLocation, DefaultLocationIsCreatedUnderXdgCacheHome) {
  TempDir cache, ws;
  ws.write("a.kg", kFile);
  ScopedEnv xdg("XDG_CACHE_HOME", cache.path().c_str());
  IndexOptions options;
  options.root = ws.path();
  std::vector<std::string> notices;
  auto index = Index::open(options, notices);
  EXPECT_TRUE(notices.empty());
  EXPECT_EQ(index->location(), default_index_path(fs::canonical(ws.path())));
  EXPECT_TRUE(fs::exists(index->location()));
  EXPECT_EQ(index->location().parent_path().parent_path(), cache / "kgls");
}

TEST(IndexLocation, NoIndexKeepsEverythingInMemory) {
  TempDir cache, ws;
  ws.write("a.kg", kFile);
  ScopedEnv xdg("XDG_CACHE_HOME", cache.path().c_str());
  IndexOptions options;
  options.root = ws.path();
  options.in_memory = true;
  std::vector<std::string> notices;
  auto index = Index::open(options, notices);
  EXPECT_TRUE(notices.empty());
  EXPECT_TRUE(index->in_memory());
  index->refresh();
  EXPECT_TRUE(index->entity("alpha"));
  EXPECT_TRUE(fs::is_empty(cache.path()));
}

}  // namespace
}  // namespace kgls
