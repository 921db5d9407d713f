// The embedding cache: an unchanged entity is never embedded twice, across restarts too;
// a failing embedder falls back to the builtin with one warning.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "kgls/similarity.hpp"
#include "kgls/sqlite.hpp"

#include "../support/temp_dir.hpp"

using namespace kgls;
namespace fs = std::filesystem;

namespace {

// A deterministic stand-in for an external model that counts what it is asked to embed.
class CountingEmbedder : public Embedder {
 public:
  explicit CountingEmbedder(std::atomic<size_t>& counter, bool fail = false) : counter_(counter), fail_(fail) {}
  std::string identity() const override { return "test-counting/1"; }
  using Embedder::embed;
  std::vector<Vector> embed(const std::vector<std::string>& texts) override {
    counter_ += texts.size();
    ++calls;
    if (fail_) throw EmbedError("test embedder: service unavailable");
    std::vector<Vector> out;
    for (const auto& t : texts) {
      Vector v(8, 0.0f);
      for (size_t i = 0; i < t.size(); ++i) v[i % 8] += static_cast<float>(static_cast<unsigned char>(t[i]));
      out.push_back(v);
    }
    return out;
  }
  size_t calls = 0;

 private:
  std::atomic<size_t>& counter_;
  bool fail_;
};

// A scratch folder: tests/support/temp_dir.hpp.
using kgls::test::TempDir;

Workspace workspace(const std::string& text) {
  Workspace ws;
  ws.set_document(parse_document("a.kg", text));
  return ws;
}

const char* kText = R"(
concept a { title: "Alpha" summary: "First entity" }
concept b { title: "Beta" summary: "Second entity" }
concept c { title: "Gamma" summary: "Third entity" }
concept d { title: "Alpha" summary: "First entity" }
)";

}  // namespace

TEST(EmbeddingCache, NothingIsEmbeddedTwiceAcrossRestarts) {
  TempDir dir;
  const fs::path db = dir.path() / "index.db";
  std::atomic<size_t> embedded{0};
  {
    // First run: three distinct texts (d repeats a), all embedded once.
    EmbeddingService service(std::make_unique<CountingEmbedder>(embedded), std::make_shared<SqliteEmbeddingCache>(db));
    const auto index = SimilarityIndex::build(workspace(kText), service);
    EXPECT_EQ(embedded, 3u);
    EXPECT_EQ(index.embedder(), "test-counting/1");
    EXPECT_EQ(index.matrix().rows(), 4);
    EXPECT_NEAR(index.matrix().row(0).dot(index.matrix().row(3)), 1.0f, 1e-6);
    EXPECT_NEAR(index.matrix().row(1).norm(), 1.0f, 1e-6);  // Rows are normalised.
  }
  {
    // A restart: a new service and a new connection to the same file. Nothing to embed.
    EmbeddingService service(std::make_unique<CountingEmbedder>(embedded), std::make_shared<SqliteEmbeddingCache>(db));
    const auto run = service.embed(std::vector<std::string>{"Alpha\n\nFirst entity", "Beta\n\nSecond entity"});
    EXPECT_EQ(run.cached, 2u);
    EXPECT_EQ(run.embedded, 0u);
    SimilarityIndex::build(workspace(kText), service);
    EXPECT_EQ(embedded, 3u);
    // One entity edited: only it is embedded.
    std::string edited = kText;
    edited.replace(edited.find("Third entity"), 12, "Third entity, edited");
    SimilarityIndex::build(workspace(edited), service);
    EXPECT_EQ(embedded, 4u);
  }
  {
    // The rows are in the index's table, keyed by embedder and text hash.
    auto conn = sql::Database::open(db);
    EXPECT_EQ(conn.scalar_int("SELECT count(*) FROM embeddings"), 4);
    EXPECT_EQ(conn.scalar_int("SELECT count(*) FROM embeddings WHERE embedder = 'test-counting/1' AND dim = 8"), 4);
    EXPECT_EQ(conn.scalar_int("SELECT count(*) FROM embeddings WHERE text_hash = '" +
                              text_hash("Gamma\n\nThird entity") + "'"),
              1);
  }
}

TEST(EmbeddingCache, ADifferentEmbedderDoesNotReuseVectors) {
  auto cache = std::make_shared<MemoryEmbeddingCache>();
  cache->put("model-a", text_hash("x"), Vector{1, 0});
  EXPECT_TRUE(cache->get("model-a", text_hash("x")));
  EXPECT_FALSE(cache->get("model-b", text_hash("x")));
  EXPECT_FALSE(cache->get("model-a", text_hash("y")));
}

TEST(EmbeddingCache, DamagedOrUnwritableStoresAreMissesNotCrashes) {
  TempDir dir;
  // A row whose blob does not hold `dim` floats reads as missing.
  {
    SqliteEmbeddingCache cache(dir.path() / "index.db");
    cache.put("e", "h", Vector{1, 2, 3});
    ASSERT_TRUE(cache.get("e", "h"));
    EXPECT_EQ(*cache.get("e", "h"), (Vector{1, 2, 3}));
    auto conn = sql::Database::open(dir.path() / "index.db");
    conn.exec("UPDATE embeddings SET dim = 5");
    EXPECT_FALSE(cache.get("e", "h"));
  }
  // Not a database at all: no crash; misses, lost writes, and the reason kept.
  std::ofstream(dir.path() / "junk.db") << std::string(4096, 'x');
  std::unique_ptr<SqliteEmbeddingCache> junk;
  try {
    junk = std::make_unique<SqliteEmbeddingCache>(dir.path() / "junk.db");
  } catch (const sql::Error& e) {
    SUCCEED() << "refused at open: " << e.what();
    return;
  }
  junk->put("e", "h", Vector{1});
  EXPECT_FALSE(junk->get("e", "h"));
  EXPECT_NE(junk->last_error().find("not a database"), std::string::npos) << junk->last_error();
}

TEST(Fallback, AFailingEmbedderIsReportedOnceAndTheBuiltinStandsIn) {
  std::atomic<size_t> embedded{0};
  auto failing = std::make_unique<CountingEmbedder>(embedded, /*fail=*/true);
  CountingEmbedder* raw = failing.get();
  EmbeddingService service(std::move(failing), std::make_shared<MemoryEmbeddingCache>());
  const auto first = SimilarityIndex::build(workspace(kText), service);
  ASSERT_TRUE(first.warning());
  EXPECT_NE(first.warning()->find("test embedder: service unavailable"), std::string::npos);
  EXPECT_NE(first.warning()->find("builtin"), std::string::npos);
  EXPECT_EQ(first.embedder().rfind("builtin/", 0), 0u);
  EXPECT_EQ(first.matrix().rows(), 4);
  // Identical texts (rows 0 and 3): identical builtin vectors.
  EXPECT_EQ(first.matrix().row(0), first.matrix().row(3));
  EXPECT_GT(first.matrix().row(0).squaredNorm(), 0.0f);
  // Within the cool-down the service is not asked again, and there is no second warning.
  const auto second = SimilarityIndex::build(workspace(kText), service);
  EXPECT_FALSE(second.warning());
  EXPECT_EQ(raw->calls, 1u);
  EXPECT_EQ(second.embedder().rfind("builtin/", 0), 0u);
}

TEST(Fallback, RetriedAfterTheCooldown) {
  std::atomic<size_t> embedded{0};
  auto failing = std::make_unique<CountingEmbedder>(embedded, /*fail=*/true);
  CountingEmbedder* raw = failing.get();
  EmbeddingService service(std::move(failing), nullptr, std::chrono::seconds(0));
  EXPECT_TRUE(service.embed(std::vector<std::string>{"a"}).warning);
  EXPECT_FALSE(service.embed(std::vector<std::string>{"a"}).warning);  // Still failing: no new warning.
  EXPECT_EQ(raw->calls, 2u);  // But it was asked again.
}
