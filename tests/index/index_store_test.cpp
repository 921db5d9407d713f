// The index as a store: what goes in comes out (round trip), incremental refreshes touch
// exactly the files that changed, and a warm start parses nothing.
#include <gtest/gtest.h>

#include "index_test_util.hpp"
#include "kgls/model.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr const char* kPapers = R"(# Two papers.
paper alpha {
  title: "Alpha Paper"
  status: published
  summary: "The first paper about circuits"
  aliases: ["Alpha", "A. et al. 2020"]
  tags: [interpretability, circuits]
  year: 2020
  open: true
  empty: []
  notes: """
    line one
      line two
    """
  cites beta "builds on it"
  uses missing-method
}

paper beta {
  title: "Béta"
  summary: "Second paper"
  extends alpha
}
)";

constexpr const char* kMethods = R"(method gamma {
  summary: "A method for alpha"
  uses alpha
}
)";

size_t count(Index& index, const std::string& sql) {
  return static_cast<size_t>(test::inspect(index).scalar_int(sql));
}

// Every row that belongs to an entity must belong to a live one: no orphans after deletes.
void expect_no_orphans(Index& index) {
  EXPECT_EQ(count(index, "SELECT count(*) FROM fields WHERE entity NOT IN (SELECT entity FROM entities)"), 0u);
  EXPECT_EQ(count(index, "SELECT count(*) FROM aliases WHERE entity NOT IN (SELECT entity FROM entities)"), 0u);
  EXPECT_EQ(count(index, "SELECT count(*) FROM edges WHERE entity NOT IN (SELECT entity FROM entities)"), 0u);
  EXPECT_EQ(count(index, "SELECT count(*) FROM search WHERE rowid NOT IN (SELECT entity FROM entities)"), 0u);
  EXPECT_EQ(count(index, "SELECT count(*) FROM entities WHERE file NOT IN (SELECT id FROM files)"), 0u);
  EXPECT_EQ(count(index, "SELECT count(*) FROM entities"), count(index, "SELECT count(*) FROM search"));
}

class IndexStore : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.write("papers.kg", kPapers);
    ws.write("sub/methods.kg", kMethods);
  }
  std::unique_ptr<Index> open() { return test::open_index(ws.path(), cache / "index.db"); }

  TempDir ws;
  TempDir cache;
};

TEST_F(IndexStore, RoundTripsEntitiesFieldsAliasesAndEdges) {
  auto index = open();
  const IndexStats stats = index->refresh();
  EXPECT_EQ(stats.files, 2u);
  EXPECT_EQ(stats.parsed, 2u);
  EXPECT_EQ(stats.entities, 3u);
  EXPECT_EQ(stats.edges, 4u);
  EXPECT_TRUE(stats.errors.empty());

  const auto alpha = index->entity("alpha");
  ASSERT_TRUE(alpha);
  EXPECT_EQ(alpha->kind, "paper");
  EXPECT_EQ(alpha->title, "Alpha Paper");
  EXPECT_EQ(alpha->status, "published");
  EXPECT_EQ(alpha->summary, "The first paper about circuits");
  EXPECT_EQ(alpha->path, "papers.kg");
  // The ranges are the parser's: `alpha` is on line 2 (0-based 1), columns 6..11.
  const auto doc = parse_document("papers.kg", kPapers);
  EXPECT_EQ(alpha->id_range, doc->entities[0].id_range);
  EXPECT_EQ(alpha->range, doc->entities[0].range);
  EXPECT_EQ(alpha->id_range.utf16.start.line, 1u);
  EXPECT_EQ(alpha->id_range.utf16.start.character, 6u);

  const auto fields = index->fields(alpha->key);
  std::vector<std::string> keys;
  for (const auto& f : fields) keys.push_back(f.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"title", "status", "summary", "aliases", "tags", "year", "open", "empty",
                                            "notes"}));
  EXPECT_EQ(fields[3].type, Value::Type::List);
  EXPECT_EQ(fields[3].items, (std::vector<std::string>{"Alpha", "A. et al. 2020"}));
  EXPECT_EQ(fields[4].value, "interpretability, circuits");
  EXPECT_EQ(fields[5].type, Value::Type::Number);
  EXPECT_EQ(fields[5].value, "2020");
  EXPECT_EQ(fields[6].type, Value::Type::Bool);
  EXPECT_EQ(fields[7].type, Value::Type::List);
  EXPECT_TRUE(fields[7].items.empty());
  EXPECT_EQ(fields[8].type, Value::Type::TextBlock);
  EXPECT_EQ(fields[8].value, "line one\n  line two");
  EXPECT_EQ(index->aliases(alpha->key), (std::vector<std::string>{"Alpha", "A. et al. 2020"}));

  // A title defaults to the ID; summary and status to "".
  const auto gamma = index->entity("gamma");
  ASSERT_TRUE(gamma);
  EXPECT_EQ(gamma->title, "gamma");
  EXPECT_EQ(gamma->path, "sub/methods.kg");
  EXPECT_EQ(gamma->status, "");

  const auto back = index->backlinks("alpha");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].source, "beta");  // papers.kg sorts before sub/methods.kg
  EXPECT_EQ(back[0].relation, "extends");
  EXPECT_EQ(back[1].source, "gamma");
  EXPECT_EQ(back[1].path, "sub/methods.kg");
  const auto edges = index->all_edges();
  ASSERT_EQ(edges.size(), 4u);
  EXPECT_EQ(edges[0].note, "builds on it");
  EXPECT_EQ(edges[0].target, "beta");
  EXPECT_EQ(edges[0].target_range, doc->entities[0].edges[0].target_range);
  EXPECT_EQ(edges[1].target, "missing-method");  // Unresolved targets are kept.
  EXPECT_EQ(index->all_entities().size(), 3u);
  expect_no_orphans(*index);
}

TEST_F(IndexStore, SchemaIsVersionedWalAndHoldsTheEmbeddingCache) {
  auto index = open();
  index->refresh();
  auto db = test::inspect(*index);
  EXPECT_EQ(db.scalar_int("PRAGMA user_version"), 3);
  EXPECT_EQ(db.scalar_text("PRAGMA journal_mode"), "wal");
  for (const char* table : {"meta", "files", "entities", "fields", "aliases", "edges", "search", "embeddings"}) {
    EXPECT_EQ(db.scalar_int(std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") + table + "'"), 1)
        << table;
  }
  // Secondary indexes are rebuilt after the bulk load.
  EXPECT_EQ(db.scalar_int("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'edges_target'"), 1);
  EXPECT_EQ(db.scalar_text("SELECT value FROM meta WHERE key = 'root'"), fs::canonical(ws.path()).generic_string());
}

TEST_F(IndexStore, WarmStartParsesNothing) {
  {
    auto index = open();
    EXPECT_EQ(index->refresh().parsed, 2u);
  }
  auto index = open();
  const IndexStats stats = index->refresh();
  EXPECT_EQ(stats.parsed, 0u);
  EXPECT_EQ(stats.unchanged, 2u);
  EXPECT_EQ(stats.entities, 3u);
  ASSERT_TRUE(index->entity("beta"));
  EXPECT_EQ(index->entity("beta")->title, "Béta");
}

TEST_F(IndexStore, AnEditReplacesExactlyThatFilesRows) {
  auto index = open();
  index->refresh();
  const int64_t gamma_key = index->entity("gamma")->key;
  ws.write("papers.kg", "paper alpha { title: \"Alpha v2\" }\npaper delta { cites alpha }\n");
  const IndexStats stats = index->refresh();
  EXPECT_EQ(stats.parsed, 1u);
  EXPECT_EQ(stats.unchanged, 1u);
  EXPECT_EQ(index->entity("alpha")->title, "Alpha v2");
  EXPECT_FALSE(index->entity("beta"));
  EXPECT_TRUE(index->entity("delta"));
  // The untouched file's rows are the same rows.
  EXPECT_EQ(index->entity("gamma")->key, gamma_key);
  EXPECT_EQ(stats.entities, 3u);
  EXPECT_EQ(stats.edges, 2u);
  EXPECT_EQ(index->aliases(index->entity("alpha")->key).size(), 0u);
  expect_no_orphans(*index);
}

TEST_F(IndexStore, AnEditThatKeepsSizeAndMtimeIsStillSeen) {
  auto index = open();
  index->refresh();
  const auto mtime = fs::last_write_time(ws / "sub/methods.kg");
  std::string text = ws.read("sub/methods.kg");
  text.replace(text.find("gamma"), 5, "omega");  // Same size.
  ws.write("sub/methods.kg", text);
  fs::last_write_time(ws / "sub/methods.kg", mtime);
  const IndexStats stats = index->refresh();
  EXPECT_EQ(stats.parsed, 1u);
  EXPECT_TRUE(index->entity("omega"));
  EXPECT_FALSE(index->entity("gamma"));
}

TEST_F(IndexStore, ANewMtimeWithTheSameContentIsNotParsed) {
  auto index = open();
  index->refresh();
  fs::last_write_time(ws / "papers.kg", fs::last_write_time(ws / "papers.kg") + std::chrono::seconds(5));
  IndexStats stats = index->refresh();
  EXPECT_EQ(stats.parsed, 0u);
  EXPECT_EQ(stats.touched, 1u);
  stats = index->refresh();
  EXPECT_EQ(stats.unchanged, 2u);
}

TEST_F(IndexStore, AddedAndDeletedFiles) {
  auto index = open();
  index->refresh();
  ws.write("more/new.kg", "concept epsilon { summary: \"new\" uses gamma }\n");
  IndexStats stats = index->refresh();
  EXPECT_EQ(stats.parsed, 1u);
  EXPECT_EQ(stats.unchanged, 2u);
  EXPECT_EQ(stats.entities, 4u);
  EXPECT_EQ(index->entity("epsilon")->path, "more/new.kg");

  fs::remove(ws / "papers.kg");
  stats = index->refresh();
  EXPECT_EQ(stats.removed, 1u);
  EXPECT_EQ(stats.parsed, 0u);
  EXPECT_EQ(stats.entities, 2u);
  EXPECT_EQ(stats.edges, 2u);
  EXPECT_FALSE(index->entity("alpha"));
  EXPECT_EQ(index->file_count(), 2u);
  EXPECT_TRUE(index->search_text("circuits").empty());
  expect_no_orphans(*index);
}

TEST_F(IndexStore, ARenamedFileKeepsItsRows) {
  auto index = open();
  index->refresh();
  const int64_t alpha_key = index->entity("alpha")->key;
  fs::create_directories(ws / "renamed");
  fs::rename(ws / "papers.kg", ws / "renamed/papers-2020.kg");
  const IndexStats stats = index->refresh();
  EXPECT_EQ(stats.renamed, 1u);
  EXPECT_EQ(stats.parsed, 0u);
  EXPECT_EQ(stats.removed, 0u);
  EXPECT_EQ(index->entity("alpha")->path, "renamed/papers-2020.kg");
  EXPECT_EQ(index->entity("alpha")->key, alpha_key);
  EXPECT_EQ(index->backlinks("beta").front().path, "renamed/papers-2020.kg");
  expect_no_orphans(*index);
}

TEST_F(IndexStore, KgignoreAndSkippedFoldersAreNotIndexed) {
  ws.write(".kgignore", "drafts/\n");
  ws.write("drafts/wip.kg", "paper wip {}\n");
  ws.write("node_modules/dep.kg", "paper dep {}\n");
  ws.write(".git/x.kg", "paper git {}\n");
  auto index = open();
  EXPECT_EQ(index->refresh().files, 2u);
  EXPECT_FALSE(index->entity("wip"));
  EXPECT_FALSE(index->entity("dep"));
}

TEST_F(IndexStore, DuplicateIdsAreAllKept) {
  ws.write("z-dup.kg", "method alpha { title: \"Other alpha\" }\n");
  auto index = open();
  index->refresh();
  const auto defs = index->definitions("alpha");
  ASSERT_EQ(defs.size(), 2u);
  EXPECT_EQ(defs[0].path, "papers.kg");  // The first in path order is "the" entity.
  EXPECT_EQ(index->entity("alpha")->title, "Alpha Paper");
  EXPECT_EQ(defs[1].title, "Other alpha");
  EXPECT_EQ(index->all_entities().size(), 3u);  // Export: one node per ID.
}

TEST_F(IndexStore, EmbeddingsSurviveARefresh) {
  auto index = open();
  index->refresh();
  test::inspect(*index).exec("INSERT INTO embeddings VALUES ('builtin', 'abc', 2, x'0000803f00000000')");
  ws.write("papers.kg", "paper alpha {}\n");
  index->refresh();
  fs::remove(ws / "sub/methods.kg");
  index->refresh();
  EXPECT_EQ(test::inspect(*index).scalar_int("SELECT count(*) FROM embeddings"), 1);
  index.reset();
  auto again = open();
  again->refresh();
  EXPECT_EQ(test::inspect(*again).scalar_int("SELECT dim FROM embeddings WHERE embedder = 'builtin'"), 2);
}

TEST_F(IndexStore, PutDocumentReplacesAFilesRowsAndTheNextRefreshRereadsDisk) {
  auto index = open();
  index->refresh();
  // An editor's unsaved buffer of papers.kg.
  index->put_document(*parse_document((ws / "papers.kg").string(), "paper alpha { title: \"Unsaved\" }\n"));
  EXPECT_EQ(index->entity("alpha")->title, "Unsaved");
  EXPECT_FALSE(index->entity("beta"));
  EXPECT_EQ(index->entity("alpha")->path, "papers.kg");
  expect_no_orphans(*index);
  // Disk still has the saved text: a refresh goes back to it.
  const IndexStats stats = index->refresh();
  EXPECT_EQ(stats.parsed, 1u);
  EXPECT_EQ(index->entity("alpha")->title, "Alpha Paper");

  index->remove_file("papers.kg");
  EXPECT_FALSE(index->entity("alpha"));
  expect_no_orphans(*index);
}

TEST_F(IndexStore, UnreadableAndBrokenFilesDoNotStopTheIndex) {
  ws.write("broken.kg", "paper broken { title: \"unterminated\n  uses alpha\n}\nnot an entity at all {{{\n");
  ws.write("binary.kg", std::string("\xff\xfe\x00garbage", 10));
  auto index = open();
  const IndexStats stats = index->refresh();
  EXPECT_EQ(stats.files, 4u);
  EXPECT_EQ(stats.parsed, 4u);
  EXPECT_TRUE(index->entity("alpha"));
}

TEST_F(IndexStore, ProgressIsReportedPerFile) {
  auto index = open();
  std::vector<std::pair<size_t, size_t>> calls;
  index->refresh([&](size_t done, size_t total) { calls.emplace_back(done, total); });
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls.back(), (std::pair<size_t, size_t>{2, 2}));
}

TEST_F(IndexStore, TheSameIndexFileServesTwoConnections) {
  auto writer = open();
  writer->refresh();
  auto reader = open();  // A language server and a CLI run at once.
  EXPECT_TRUE(reader->entity("alpha"));
  ws.write("extra.kg", "paper zeta {}\n");
  writer->refresh();
  EXPECT_TRUE(reader->entity("zeta"));  // WAL: the reader sees the committed batch.
  EXPECT_EQ(reader->refresh().parsed, 0u);
}

}  // namespace
}  // namespace kgls

namespace kgls {
namespace {

// The diagnostics a warm start publishes before parsing: kept per file with the text they
// were computed from, handed back only while that text is the file's.
class StoredDiagnostics : public IndexStore {
 protected:
  IndexOptions options() const {
    IndexOptions o;
    o.root = ws.path();
    o.file = cache / "index.db";
    return o;
  }
  static Diagnostic unresolved(uint32_t line) {
    Diagnostic d;
    d.range = {{10, 24}, {{line, 7}, {line, 21}}};
    d.severity = Severity::Error;
    d.code = "unresolved-reference";
    d.message = "no entity has the ID `missing-method` — ünïcode kept";
    d.data = "missing-method";
    d.related.push_back({"/elsewhere/other.kg", {{1, 2}, {{0, 1}, {0, 2}}}, "defined here"});
    return d;
  }
};

TEST_F(StoredDiagnostics, UnchangedFilesGetTheirListsBackAndChangedOnesDoNot) {
  auto index = open();
  index->refresh();
  const std::string papers = ws.read("papers.kg"), methods = ws.read("sub/methods.kg");
  const std::vector<Diagnostic> list = {unresolved(3), unresolved(4)};
  index->put_diagnostics({{(ws.path() / "papers.kg").string(), papers, list},
                          {"sub/methods.kg", methods, {unresolved(9)}}});
  std::vector<std::string> notices;
  auto fresh = Index::fresh_diagnostics(options(), notices);
  EXPECT_TRUE(notices.empty());
  ASSERT_EQ(fresh.size(), 2u);
  EXPECT_EQ(fresh[(ws.path() / "papers.kg").lexically_normal().string()], list);
  EXPECT_EQ(fresh[(ws.path() / "sub/methods.kg").lexically_normal().string()].size(), 1u);

  // Computed from another text than the file's (an unsaved buffer): not handed back.
  index->put_diagnostics({{"sub/methods.kg", methods + "\n# edited\n", {unresolved(9)}}});
  EXPECT_EQ(Index::fresh_diagnostics(options(), notices).size(), 1u);
  // The file changed on disk after the index read it: not handed back either.
  ws.write("papers.kg", papers + "\n# changed\n");
  EXPECT_TRUE(Index::fresh_diagnostics(options(), notices).empty());
  // An empty list removes the row.
  index->put_diagnostics({{"papers.kg", papers, {}}});
  EXPECT_EQ(count(*index, "SELECT count(*) FROM diagnostics"), 1u);
  EXPECT_TRUE(notices.empty());
}

TEST_F(StoredDiagnostics, ADamagedRowIsSkippedWithANoticeAndNoIndexIsNoList) {
  std::vector<std::string> notices;
  EXPECT_TRUE(Index::fresh_diagnostics(options(), notices).empty()) << "no index file yet";
  EXPECT_TRUE(notices.empty());
  auto index = open();
  index->refresh();
  index->put_diagnostics({{"papers.kg", ws.read("papers.kg"), {unresolved(3)}},
                          {"sub/methods.kg", ws.read("sub/methods.kg"), {unresolved(9)}}});
  // Every way a BLOB can be cut short or lie about its lengths.
  const std::string good = test::inspect(*index).scalar_text("SELECT hex(payload) FROM diagnostics WHERE path = 'papers.kg'");
  for (const std::string& bad : {std::string("X''"), std::string("X'01000000'"),
                                "X'" + good.substr(0, good.size() - 8) + "'",
                                std::string("X'01000000FFFFFFFF'"), "X'" + good + "00'"}) {
    test::inspect(*index).exec("UPDATE diagnostics SET payload = " + bad + " WHERE path = 'papers.kg'");
    notices.clear();
    const auto fresh = Index::fresh_diagnostics(options(), notices);
    ASSERT_EQ(fresh.size(), 1u) << bad;
    EXPECT_EQ(fresh.begin()->first, (ws.path() / "sub/methods.kg").lexically_normal().string());
    ASSERT_EQ(notices.size(), 1u) << bad;
    EXPECT_NE(notices[0].find("1 stored diagnostic lists are damaged"), std::string::npos) << notices[0];
  }
  // A file that is not a database: nothing, and a notice.
  index.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(cache / (std::string("index.db") + suffix));
  { std::ofstream(cache / "index.db") << "not a database at all, just text"; }
  notices.clear();
  EXPECT_TRUE(Index::fresh_diagnostics(options(), notices).empty());
  EXPECT_EQ(notices.size(), 1u);
}

}  // namespace
}  // namespace kgls
