// Workspace checks across files: duplicate-id, unresolved-reference and the schema checks.
#include <gtest/gtest.h>
#include <random>

#include "test_util.hpp"

namespace kgls {
namespace {

using test::described;
using test::workspace;

const char* kSchema = R"(
kind paper { title: "Paper" plural: "Papers" required: [title, summary] }
kind method { plural: "Methods" }
relation extends {
  inverse: "extended by"
  from: [paper, method]
  to: [paper]
}
relation uses { }
field status { values: [active, draft] }
)";

TEST(Workspace, IdTableAcrossFiles) {
  auto ws = workspace({{"a.kg", "paper p { title: \"P\" summary: \"s\" }"}, {"b.kg", "method m { extends p }"}});
  EXPECT_EQ(ws.find("p").entity->title(), "P");
  EXPECT_EQ(ws.find("p").document->path, "a.kg");
  EXPECT_EQ(ws.find("P").entity, nullptr) << "IDs are case-sensitive";
  ASSERT_EQ(ws.incoming("p").size(), 1u);
  EXPECT_EQ(ws.incoming("p")[0].source->id, "m");
  EXPECT_EQ(ws.entities().size(), 2u);
  for (const auto& [path, list] : ws.diagnostics()) EXPECT_TRUE(list.empty()) << path;
}

TEST(Workspace, AboutAnIdCountsItsEdgesAndFindsItsFirstDefinition) {
  auto ws = workspace({{"a.kg", "paper p { extends q extends r }\npaper q { extends p }"},
                       {"b.kg", "paper p { extends p }\nmethod m { extends p extends nowhere }"}});
  // Out: 2 (a.kg) + 1 (b.kg); in: from q, from p (b.kg) and from m.
  EXPECT_EQ(ws.about("p").edge_count, 6u);
  EXPECT_EQ(ws.about("p").first.document->path, "a.kg");
  EXPECT_EQ(ws.about("nowhere").edge_count, 1u);
  EXPECT_EQ(ws.about("nowhere").first.entity, nullptr);
  // After an edit (the overlay and the masked base). Out: p extends p; in: q, p, m.
  ws.set_document(parse_document("a.kg", "paper q { extends p }"));
  EXPECT_EQ(ws.about("p").edge_count, 4u);
  EXPECT_EQ(ws.about("p").first.document->path, "b.kg");
  EXPECT_EQ(ws.about("r").edge_count, 0u);
}

TEST(Workspace, RevisionChangesWithTheTextsOnly) {
  auto ws = workspace({{"a.kg", "paper p { }"}});
  const uint64_t first = ws.revision();
  Workspace copy = ws;
  EXPECT_EQ(copy.revision(), first);
  ws.set_document(parse_document("a.kg", "paper p { }"));  // Opened: the same text again.
  EXPECT_EQ(ws.revision(), first);
  ws.set_document(parse_document("a.kg", "paper p { extends q }"));
  EXPECT_NE(ws.revision(), first);
  const uint64_t second = ws.revision();
  ws.set_document(parse_document("b.kg", "paper q { }"));
  EXPECT_NE(ws.revision(), second);
  const uint64_t third = ws.revision();
  ws.remove_document("b.kg");
  EXPECT_NE(ws.revision(), third);
  EXPECT_EQ(copy.revision(), first);
}

TEST(Workspace, DuplicateIdOnEveryDefinition) {
  auto ws = workspace({{"a.kg", "paper dup { }\n"}, {"b.kg", "\nmethod dup { }"}, {"c.kg", "paper Dup { }"}});
  auto d = ws.diagnostics();
  EXPECT_EQ(described(d["a.kg"]),
            std::vector<std::string>{"1:7 `dup` is defined 2 times; also at b.kg:2:8 [duplicate-id]"});
  EXPECT_EQ(described(d["b.kg"]),
            std::vector<std::string>{"2:8 `dup` is defined 2 times; also at a.kg:1:7 [duplicate-id]"});
  ASSERT_EQ(d["a.kg"][0].related.size(), 1u);
  EXPECT_EQ(d["a.kg"][0].related[0].path, "b.kg");
  EXPECT_EQ(d["a.kg"][0].severity, Severity::Error);
  EXPECT_TRUE(d["c.kg"].empty()) << "Dup differs in case: another entity";
}

TEST(Workspace, UnresolvedReference) {
  auto ws = workspace({{"a.kg", "paper a { cites nowhere\n cites Paper-B }"}, {"b.kg", "paper paper-b { }"}});
  auto d = ws.diagnostics();
  EXPECT_EQ(described(d["a.kg"]),
            (std::vector<std::string>{
                "1:17 no entity `nowhere` is defined in the workspace [unresolved-reference]",
                "2:8 no entity `Paper-B` is defined in the workspace; did you mean `paper-b`? (IDs are "
                "case-sensitive) [unresolved-reference]"}));
  EXPECT_EQ(d["a.kg"][0].data, "nowhere");
  // Defining the target in another file resolves it.
  ws.set_document(parse_document("c.kg", "paper nowhere { }"));
  EXPECT_EQ(ws.diagnostics()["a.kg"].size(), 1u);
}

TEST(Workspace, NoSchemaNoSchemaWarnings) {
  auto ws = workspace({{"a.kg", "whatever x { anything y }\nwhatever y { }"}});
  for (const auto& [path, list] : ws.diagnostics()) EXPECT_TRUE(list.empty());
}

TEST(Workspace, SchemaChecks) {
  auto ws = workspace({{"schema.kg", kSchema},
                       {"a.kg",
                        "paper p { title: \"P\" }\n"          // missing summary
                        "method m { extends p\n uses p }\n"  // fine
                        "concept c { extends p }\n"          // unknown kind, relation-kinds (from)
                        "method n { extends m\n cites p }\n"  // relation-kinds (to), unknown relation
                       }});
  auto d = ws.diagnostics();
  EXPECT_TRUE(d["schema.kg"].empty());
  EXPECT_EQ(described(d["a.kg"]),
            (std::vector<std::string>{
                "1:7 `p` has no `summary` field, which kind `paper` requires [missing-field]",
                "4:1 kind `concept` is not declared; declared kinds: method, paper [unknown-kind]",
                "4:13 `extends` does not go from a `concept`; it goes from: paper, method [relation-kinds]",
                "5:20 `extends` does not lead to a `method` (`m`); it leads to: paper [relation-kinds]",
                "6:2 relation `cites` is not declared; declared relations: extends, uses [unknown-relation]"}));
  for (const auto& diag : d["a.kg"]) EXPECT_EQ(diag.severity, Severity::Warning);
  const Schema& schema = ws.schema();
  EXPECT_EQ(schema.kinds.at("paper").plural, "Papers");
  EXPECT_EQ(schema.relations.at("extends").inverse, "extended by");
}

TEST(Workspace, InvalidValueOnAValueOutsideItsFieldDeclaration) {
  auto ws = workspace({{"schema.kg", "field status { values: [active, draft] }\nfield tags { values: [a, b] }\n"
                                     "field year { summary: \"no values: any\" }"},
                       {"a.kg",
                        "paper p { status: actve }\n"          // not a declared value
                        "paper q { status: \"draft\" }\n"      // a string with a declared value's text
                        "paper r { tags: [a, c, b, d] }\n"     // each list item is checked
                        "paper s { year: 1999 status: }\n"     // no values; a value being typed
                        "field status2 { status: nope }\n"}});  // a declaration is not checked
  auto d = ws.diagnostics();
  EXPECT_TRUE(d["schema.kg"].empty());
  std::vector<std::string> values;
  for (const auto& diag : d["a.kg"])
    if (diag.code != "syntax") values.push_back(test::described({diag}).front());
  EXPECT_EQ(values, (std::vector<std::string>{
                        "1:19 `actve` is not a value of `status`; its values: active, draft [invalid-value]",
                        "3:21 `c` is not a value of `tags`; its values: a, b [invalid-value]",
                        "3:27 `d` is not a value of `tags`; its values: a, b [invalid-value]"}));
  EXPECT_EQ(d["a.kg"].front().data, "status");
  EXPECT_EQ(d["a.kg"].front().severity, Severity::Warning);
  EXPECT_EQ(ws.schema().fields.at("status").values, (std::vector<std::string>{"active", "draft"}));
  // A `field` entity is schema: no unknown-kind once kinds are declared.
  ws.set_document(parse_document("k.kg", "kind paper { }"));
  for (const auto& diag : ws.diagnostics()["a.kg"]) EXPECT_NE(diag.code, "unknown-kind");
}

TEST(Workspace, SyntaxDiagnosticsAreIncluded) {
  auto ws = workspace({{"a.kg", "paper a { title: }"}});
  auto d = ws.diagnostics();
  ASSERT_EQ(d["a.kg"].size(), 1u);
  EXPECT_EQ(d["a.kg"][0].code, "syntax");
}

TEST(Workspace, CopiesAreSnapshots) {
  auto ws = workspace({{"a.kg", "paper a { cites b }"}});
  Workspace snapshot = ws;
  ws.set_document(parse_document("b.kg", "paper b { }"));
  EXPECT_EQ(snapshot.find("b").entity, nullptr);
  EXPECT_NE(ws.find("b").entity, nullptr);
  EXPECT_EQ(snapshot.diagnostics()["a.kg"].size(), 1u);
  EXPECT_EQ(ws.diagnostics()["a.kg"].size(), 0u);
  ws.remove_document("b.kg");
  EXPECT_EQ(ws.find("b").entity, nullptr);
}

}  // namespace
}  // namespace kgls

namespace kgls {
namespace {

// The incremental diagnostics (from an earlier state and its result) must always equal a
// full computation: random edits to IDs, kinds, edge targets, case slips, duplicates,
// declarations and field values, over a few files, checked after every step.
TEST(WorkspaceIncremental, EqualsAFullComputationAfterEveryEdit) {
  const std::vector<std::string> ids = {"a", "b", "c", "A", "d"};
  const std::vector<std::string> kinds = {"paper", "method", "ghost", "paper", "field"};
  std::mt19937 rng(12345);
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  auto random_file = [&] {
    std::string text;
    const int n = static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) {
      text += std::string(rng() % 3, '\n');  // Moves what follows: related locations change.
      text += pick(kinds) + " " + pick(ids) + " {";
      if (rng() % 2) text += " title: \"T\" summary: \"s\"";
      if (rng() % 3 == 0) text += rng() % 2 ? " status: active" : " status: gone";
      if (rng() % 5 == 0) text += " values: [active]";
      const int edges = static_cast<int>(rng() % 3);
      for (int e = 0; e < edges; ++e) text += std::string(rng() % 2 ? " extends " : " uses ") + pick(ids);
      text += " }\n";
    }
    // A field declaration outside the schema file: the values allowed change with it.
    if (rng() % 7 == 0) text += "field status { values: [gone] }\n";
    return text;
  };
  const std::vector<std::string> paths = {"a.kg", "b.kg", "c.kg", "d.kg", "schema.kg"};
  Workspace ws;
  ws.set_document(parse_document("schema.kg", kSchema));
  auto result = ws.diagnostics();
  for (int step = 0; step < 400; ++step) {
    Workspace previous = ws;
    const std::string path = pick(paths);
    const int action = static_cast<int>(rng() % 10);
    if (path == "schema.kg") {
      ws.set_document(parse_document(path, action < 5 ? kSchema : "kind paper { }\nrelation uses { }"));
    } else if (action == 0) {
      ws.remove_document(path);
    } else {
      ws.set_document(parse_document(path, random_file()));
    }
    const auto incremental = ws.diagnostics(previous, result);
    const auto full = ws.diagnostics();
    ASSERT_EQ(incremental.size(), full.size()) << "step " << step;
    for (const auto& [p, list] : full) {
      ASSERT_TRUE(incremental.count(p)) << p;
      ASSERT_EQ(described(incremental.at(p)), described(list)) << "step " << step << " in " << p;
      ASSERT_TRUE(incremental.at(p) == list) << "step " << step << " in " << p << " (related locations)";
    }
    // The tables after an overlay answer like a fresh build.
    Workspace fresh;
    for (const auto& d : ws.documents()) fresh.set_document(d);
    for (const auto& id : ids) {
      const auto a = ws.definitions(id), b = fresh.definitions(id);
      ASSERT_EQ(a.size(), b.size()) << id;
      for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].entity, b[i].entity) << id;
      EXPECT_EQ(ws.incoming(id).size(), fresh.incoming(id).size()) << id;
    }
    result = incremental;
  }
}

}  // namespace
}  // namespace kgls
