// Hover, completion and the card services, written as annotated sources.
#include <gtest/gtest.h>

#include "lsp/language/completion.hpp"
#include "lsp/language/hover.hpp"
#include "test_workspace.hpp"

namespace kgls::lang {
namespace {

using test::TestWorkspace;

lsp::Logger& test_logger() {
  static lsp::Logger log{stderr, lsp::LogLevel::Warn};
  return log;
}

Snapshot snapshot_of(const TestWorkspace& ws) {
  Snapshot s;
  s.workspace = ws.workspace();
  return s;
}

const char* kSchema = R"kg(
kind paper { title: "Paper" plural: "Papers" required: [title] }
kind method { plural: "Methods" }
relation extends { inverse: "extended by" from: [paper, method] to: [paper] }
)kg";

TEST(Hover, EdgeTargetShowsTheTargetsCardWithIncomingEdge) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kSchema);
  ws.add("/w/a.kg", R"kg(paper circuits { title: "Transformer Circuits" status: active })kg");
  const auto& b = ws.add("/w/b.kg", R"kg(method logit { title: "Logit Lens" extends $t[[circ^uits]] })kg");
  Services services(test_logger());
  const Snapshot s = snapshot_of(ws);
  auto h = hover(s, services, "/w/b.kg", b.point());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->range.utf16, b.range("t"));
  EXPECT_NE(h->markdown.find("*paper* · `circuits` · **active**"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("### Transformer Circuits"), std::string::npos) << h->markdown;
  // The neighbourhood: the method that extends it, as an incoming edge (a backlink: linked to
  // where the edge is written).
  EXPECT_NE(h->markdown.find("**Logit Lens** [← extends](file:///w/b.kg#L1)"), std::string::npos) << h->markdown;
}

TEST(Hover, ReflectsTheUnsavedBufferAfterAnEdit) {
  TestWorkspace ws;
  ws.add("/w/a.kg", R"kg(paper circ^uits { title: "Old Title" })kg");
  Services services(test_logger());
  EXPECT_NE(hover(snapshot_of(ws), services, "/w/a.kg", ws.file("/w/a.kg").point())->markdown.find("Old Title"),
            std::string::npos);
  // The same services (and index) see the new text of the document on the next request.
  const auto& a = ws.add("/w/a.kg", R"kg(paper circ^uits { title: "New Title" })kg");
  const auto md = hover(snapshot_of(ws), services, "/w/a.kg", a.point())->markdown;
  EXPECT_NE(md.find("New Title"), std::string::npos) << md;
  EXPECT_EQ(md.find("Old Title"), std::string::npos) << md;
}

TEST(Hover, AHubsCardIsGatheredAheadForTheStateOfTheDocuments) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kSchema);
  const auto& a = ws.add("/w/a.kg", R"kg(paper h^ub { title: "The Hub" })kg");
  auto methods = [](size_t n) {
    std::string text;
    for (size_t i = 0; i < n; ++i) {
      text += "method m" + std::to_string(i) + " { title: \"Method " + std::to_string(i % 7) + "\" extends hub ";
      if (i % 3 == 0) text += "extends m" + std::to_string(i + 1) + " ";
      text += "}\n";
    }
    return text;
  };
  ws.add("/w/b.kg", methods(Services::kHubEdges + 10));
  // Declared first, so closed after the services (whose threads log) are gone.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  ASSERT_NE(file, nullptr);
  std::FILE* log_file = file.get();
  lsp::Logger log{log_file, lsp::LogLevel::Debug};
  Services services(log);
  const Snapshot s = snapshot_of(ws);
  const std::string on_request = hover(s, services, "/w/a.kg", a.point())->markdown;
  EXPECT_NE(on_request.find("**Methods (266)**"), std::string::npos) << on_request;
  EXPECT_NE(on_request.find("*… and 258 more*"), std::string::npos) << on_request;

  services.sync_later(s);
  services.wait_idle();
  std::fflush(log_file);
  std::rewind(log_file);
  std::string logged(4096, '\0');
  logged.resize(std::fread(logged.data(), 1, logged.size(), log_file));
  EXPECT_NE(logged.find("hub cards: 1 gathered"), std::string::npos) << logged;
  // The same card (the similarity section comes from the pass, which may have finished since).
  auto neighbourhood = [](const std::string& md) {
    std::string out = md.substr(0, md.find("**Related by similarity"));
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  };
  EXPECT_EQ(neighbourhood(hover(s, services, "/w/a.kg", a.point())->markdown), neighbourhood(on_request));

  // Another state of the documents is never answered with the gathered card.
  ws.add("/w/b.kg", methods(Services::kHubEdges + 11));
  const auto md = hover(snapshot_of(ws), services, "/w/a.kg", a.point())->markdown;
  EXPECT_NE(md.find("**Methods (267)**"), std::string::npos) << md;
}

TEST(DuplicateWarnings, FollowTheirEntitiesAcrossEditsAndStayPutOtherwise) {
  TestWorkspace ws;
  const char* pair = R"kg(paper kalman-filter { title: "Kalman filter" summary: "Recursive estimation of a linear dynamic system from noisy measurements." }
paper kalman-filtering { title: "Kalman Filter" summary: "Recursive estimation of a linear dynamic system from noisy measurements." }
)kg";
  ws.add("/w/a.kg", pair);
  ws.add("/w/b.kg", R"kg(paper other { title: "Something else entirely" summary: "About gardens." })kg");
  Services services(test_logger());
  DiagnosticLayer first;
  services.add_duplicate_diagnostics(snapshot_of(ws), first);  // Asks for the pass.
  services.wait_idle();
  auto warnings = [&](Services& from) {
    DiagnosticLayer out;
    from.add_duplicate_diagnostics(snapshot_of(ws), out);
    std::string text;
    for (const auto& [path, list] : out)
      for (const Diagnostic& d : *list)
        text += path + ":" + std::to_string(d.range.utf16.start.line) + ":" + std::to_string(d.range.utf16.start.character) +
                " " + d.message + "\n";
    return text;
  };
  // What a server that never saw the earlier states says.
  auto fresh = [&] {
    Services other(test_logger());
    DiagnosticLayer ignored;
    other.add_duplicate_diagnostics(snapshot_of(ws), ignored);
    other.wait_idle();
    return warnings(other);
  };
  const std::string before = warnings(services);
  EXPECT_NE(before.find("/w/a.kg:0:6 `kalman-filter` looks like a duplicate"), std::string::npos) << "[" << before << "]";
  EXPECT_EQ(before, fresh());
  // The pair's file moves down two lines (same texts, so the same pass): the warnings move.
  ws.add("/w/a.kg", std::string("# moved\n\n") + pair);
  const std::string moved = warnings(services);
  EXPECT_NE(moved.find("/w/a.kg:2:6 `kalman-filter` looks like a duplicate"), std::string::npos) << moved;
  EXPECT_EQ(moved, fresh());
  // An edit elsewhere leaves them as they are.
  ws.add("/w/b.kg", R"kg(paper other { title: "Something else" summary: "About gardens." })kg");
  EXPECT_EQ(warnings(services), moved);
  EXPECT_EQ(moved, fresh());
}

TEST(Hover, KindWordShowsTheDeclarationAndItsUse) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kSchema);
  const auto& a = ws.add("/w/a.kg", R"kg($k[[pa^per]] one {} paper two {} method three {})kg");
  Services services(test_logger());
  auto h = hover(snapshot_of(ws), services, "/w/a.kg", a.point());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->range.utf16, a.range("k"));
  EXPECT_NE(h->markdown.find("*kind* · `paper`"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("**plural**: Papers"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("Kind `paper`: 2 entities in the workspace."), std::string::npos) << h->markdown;
  EXPECT_EQ(h->markdown.find("Neighborhood"), std::string::npos) << h->markdown;
}

TEST(Hover, RelationWordCountsEdges) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kSchema);
  const auto& a = ws.add("/w/a.kg", R"kg(paper one {} paper two { ext^ends one } method m { extends one })kg");
  Services services(test_logger());
  auto h = hover(snapshot_of(ws), services, "/w/a.kg", a.point());
  ASSERT_TRUE(h);
  EXPECT_NE(h->markdown.find("Relation `extends`: 2 edges in the workspace."), std::string::npos)
      << h->markdown;
  // The declaration's card, without the sections of an entity's (a relation is no node).
  EXPECT_NE(h->markdown.find("*relation* · `extends`"), std::string::npos) << h->markdown;
  EXPECT_EQ(h->markdown.find("Neighborhood"), std::string::npos) << h->markdown;
  EXPECT_EQ(h->markdown.find("Related by similarity"), std::string::npos) << h->markdown;
}

TEST(Hover, UnresolvedTargetSaysSo) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper one { cites nowh^ere })kg");
  Services services(test_logger());
  auto h = hover(snapshot_of(ws), services, "/w/a.kg", a.point());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->markdown, "`nowhere` — no file defines this ID (1 reference).\n");
}

TEST(Hover, NothingOnPunctuationOrStrings) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper one { title: "Some ^words" })kg");
  Services services(test_logger());
  EXPECT_FALSE(hover(snapshot_of(ws), services, "/w/a.kg", a.point()));
}

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

const char* kFieldSchema = R"kg(kind paper { plural: "Papers" required: [title] }
field status {
  title: "Status"
  summary: "Where the work stands."
  values: [active, draft, archived]
}
field venue { summary: "Where it appeared." type: text }
)kg";

TEST(Hover, BuiltinFieldKeyWithoutASchema) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper one { $k[[ti^tle]]: "One" year: 2021 } paper two { title: "Two" })kg");
  Services services(test_logger());
  auto h = hover(snapshot_of(ws), services, "/w/a.kg", a.point());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->range.utf16, a.range("k"));
  EXPECT_TRUE(has(h->markdown, "*field* · `title`\n")) << h->markdown;
  EXPECT_TRUE(has(h->markdown, "*Built-in* (a string): The display name")) << h->markdown;
  EXPECT_TRUE(has(h->markdown, "Field `title`: 2 entities in the workspace.\n")) << h->markdown;
  EXPECT_FALSE(has(h->markdown, "Declared in")) << h->markdown;
  // A key the language gives no meaning and no schema declares: its use only.
  const auto& b = ws.add("/w/b.kg", R"kg(paper three { ye^ar: 1999 })kg");
  h = hover(snapshot_of(ws), services, "/w/b.kg", b.point());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->markdown, "*field* · `year`\n\n---\n\nField `year`: 2 entities in the workspace. Not declared by a "
                         "`field` entity.\n");
}

TEST(Hover, DeclaredFieldKeyShowsItsDeclarationAndWhetherTheKindRequiresIt) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kFieldSchema);
  const auto& a = ws.add("/w/a.kg", R"kg(paper one { title: "One" stat^us: active venue: "NeurIPS" })kg");
  Services services(test_logger());
  auto h = hover(snapshot_of(ws), services, "/w/a.kg", a.point());
  ASSERT_TRUE(h);
  const std::string& md = h->markdown;
  EXPECT_TRUE(has(md, "### Status\n\nWhere the work stands.\n")) << md;
  EXPECT_TRUE(has(md, "**Values**: `active` · `draft` · `archived`")) << md;
  EXPECT_TRUE(has(md, "*Built-in* (a word)")) << md;
  EXPECT_TRUE(has(md, "Declared in `schema.kg`, line 2.")) << md;
  EXPECT_FALSE(has(md, "Required by")) << md;

  const auto& b = ws.add("/w/b.kg", R"kg(paper two { title: "Two" ven^ue: "ICML" })kg");
  h = hover(snapshot_of(ws), services, "/w/b.kg", b.point());
  ASSERT_TRUE(h);
  EXPECT_TRUE(has(h->markdown, "Where it appeared.\n\n- **type**: text\n")) << h->markdown;
  EXPECT_FALSE(has(h->markdown, "Built-in")) << h->markdown;
  EXPECT_TRUE(has(h->markdown, "Field `venue`: 2 entities in the workspace. Declared in `schema.kg`, line 7."))
      << h->markdown;

  const auto& c = ws.add("/w/c.kg", R"kg(paper three { tit^le: "Three" })kg");
  h = hover(snapshot_of(ws), services, "/w/c.kg", c.point());
  ASSERT_TRUE(h);
  EXPECT_TRUE(has(h->markdown, "Required by kind `paper`.")) << h->markdown;

  // The ID of the declaration says the same as the key.
  const auto& schema = ws.add("/w/schema.kg", std::string(kFieldSchema) + "field $i[[y^ear]] { summary: \"When.\" }\n");
  h = hover(snapshot_of(ws), services, "/w/schema.kg", schema.point());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->range.utf16, schema.range("i"));
  EXPECT_TRUE(has(h->markdown, "*field* · `year`\n\nWhen.\n")) << h->markdown;
  // A key of a schema declaration: the language's meaning of it there.
  const auto& k = ws.add("/w/k.kg", R"kg(kind method { plu^ral: "Methods" })kg");
  h = hover(snapshot_of(ws), services, "/w/k.kg", k.point());
  ASSERT_TRUE(h);
  EXPECT_TRUE(has(h->markdown, "*Built-in* (a string): The group heading")) << h->markdown;
  EXPECT_TRUE(has(h->markdown, "Field `plural`: 2 entities in the workspace.")) << h->markdown;
}

TEST(Hover, StatusValueListsTheAllowedValuesAndSaysWhenItIsNotOne) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kFieldSchema);
  const auto& a = ws.add("/w/a.kg", R"kg(paper one { title: "One" status: $v[[dr^aft]] })kg");
  Services services(test_logger());
  auto h = hover(snapshot_of(ws), services, "/w/a.kg", a.point());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->range.utf16, a.range("v"));
  EXPECT_TRUE(has(h->markdown, "*field* · `status` · value `draft`\n")) << h->markdown;
  EXPECT_TRUE(has(h->markdown, "**Values**:\n\n- `active`\n- **`draft`** ← this one\n- `archived`\n"))
      << h->markdown;
  EXPECT_FALSE(has(h->markdown, "is not a value")) << h->markdown;

  // Invalid, and written as a string: still checked against the declared values.
  const auto& b = ws.add("/w/b.kg", R"kg(paper two { title: "Two" status: "act^ve" })kg");
  h = hover(snapshot_of(ws), services, "/w/b.kg", b.point());
  ASSERT_TRUE(h);
  EXPECT_TRUE(has(h->markdown, "**`actve` is not a value of `status`** (an `invalid-value` warning). Its "
                               "values:\n\n- `active`\n- `draft`\n- `archived`\n"))
      << h->markdown;
}

TEST(Hover, StatusValueWithoutDeclaredValuesListsThoseInUse) {
  TestWorkspace ws;
  ws.add("/w/a.kg", R"kg(paper one { status: active } paper two { status: active } paper three { status: draft })kg");
  const auto& b = ws.add("/w/b.kg", R"kg(paper four { status: ^draft tags: [x, "a b"] })kg");
  Services services(test_logger());
  auto h = hover(snapshot_of(ws), services, "/w/b.kg", b.point());
  ASSERT_TRUE(h);
  EXPECT_TRUE(has(h->markdown, "Any value is allowed (no `values` declared). In use in the workspace:\n\n"
                               "- `active` (2)\n- **`draft` (2)** ← this one\n"))
      << h->markdown;
  EXPECT_TRUE(has(h->markdown, "*Built-in* (a word)")) << h->markdown;
}

TEST(Hover, HalfTypedAndMalformedMembersAnswerWithoutFailing) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kFieldSchema);
  Services services(test_logger());
  for (const char* text : {"paper a { ti^t }", "paper a { title:^ }", "paper a { status: ^}", "paper a { st^atus }",
                           "paper a { status: [^] }", "paper a { : ^x }", "paper a { title: \"unterminated^ }",
                           "paper a { status: act^ive", "^", "paper { status^: draft }"}) {
    const auto& a = ws.add("/w/a.kg", text);
    const auto h = hover(snapshot_of(ws), services, "/w/a.kg", a.point());
    if (h) {
      EXPECT_FALSE(h->markdown.empty()) << text;
    }
  }
  // A key whose value is still being typed still has its help.
  const auto& a = ws.add("/w/a.kg", "paper a { sta^tus: }");
  const auto h = hover(snapshot_of(ws), services, "/w/a.kg", a.point());
  ASSERT_TRUE(h);
  EXPECT_TRUE(has(h->markdown, "### Status")) << h->markdown;
}

std::vector<std::string> labels(const CompletionList& list) {
  std::vector<std::string> out;
  for (const auto& c : list.items) out.push_back(c.label);
  return out;
}

TEST(Completion, EdgeTargetsMatchIdTitleAndAliasesFuzzyRanked) {
  TestWorkspace ws;
  ws.add("/w/a.kg", R"kg(
paper a-mathematical-framework { title: "A Mathematical Framework for Transformer Circuits" }
paper induction-heads { title: "In-context Learning and Induction Heads" aliases: ["Olsson 2022"] }
paper unrelated { title: "Something Else" }
)kg");
  const auto& b = ws.add("/w/b.kg", R"kg(method m { extends olsn^ })kg");
  CancelToken cancel;
  auto list = complete(ws.workspace(), "/w/b.kg", b.point(), 100, cancel);
  EXPECT_EQ(list.context, CompletionContext::EdgeTarget);
  ASSERT_EQ(labels(list), std::vector<std::string>{"induction-heads"});  // Only the alias matches.
  const auto& item = list.items[0];
  EXPECT_EQ(item.detail, "In-context Learning and Induction Heads · paper");
  EXPECT_EQ(item.filter_text, "induction-heads In-context Learning and Induction Heads Olsson 2022");
  EXPECT_EQ(item.entity_id, "induction-heads");
  EXPECT_EQ(item.replace.end - item.replace.begin, 4u);  // "olsn"

  const auto& c = ws.add("/w/c.kg", R"kg(method m { extends tc^ })kg");
  list = complete(ws.workspace(), "/w/c.kg", c.point(), 100, cancel);
  // "Transformer Circuits" matches at word starts, so the framework ranks first.
  ASSERT_FALSE(list.items.empty());
  EXPECT_EQ(list.items[0].label, "a-mathematical-framework");
  EXPECT_EQ(list.items[0].sort_text, "000000");
}

TEST(Completion, MemberStartOffersRelationsAndFieldKeys) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kSchema);
  ws.add("/w/a.kg", R"kg(paper one { year: 2021 venue: "X" cites two })kg");
  const auto& b = ws.add("/w/b.kg", R"kg(paper two {
  title: "Two"
  ^
})kg");
  CancelToken cancel;
  auto list = complete(ws.workspace(), "/w/b.kg", b.point(), 100, cancel);
  EXPECT_EQ(list.context, CompletionContext::Member);
  const auto got = labels(list);
  // Relations first (declared and seen), then the keys: the kind's and the meaningful
  // ones, minus `title` that the entity already has.
  EXPECT_EQ(got, (std::vector<std::string>{"cites", "extends", "venue", "year", "aliases", "status",
                                           "summary", "tags"}));
  EXPECT_EQ(list.items[3].insert_text, "year: ");
  EXPECT_EQ(list.items[3].kind, CompletionKind::FieldKey);
}

TEST(Completion, KindsAtTopLevelAndStatusValues) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kSchema);
  ws.add("/w/a.kg", R"kg(paper one { status: active } paper two { status: draft } method x { status: active })kg");
  const auto& b = ws.add("/w/b.kg", R"kg(me^)kg");
  CancelToken cancel;
  auto list = complete(ws.workspace(), "/w/b.kg", b.point(), 100, cancel);
  EXPECT_EQ(list.context, CompletionContext::Kind);
  EXPECT_EQ(labels(list), std::vector<std::string>{"method"});

  const auto& c = ws.add("/w/c.kg", R"kg(paper three { status: ^ })kg");
  list = complete(ws.workspace(), "/w/c.kg", c.point(), 100, cancel);
  EXPECT_EQ(list.context, CompletionContext::Value);
  EXPECT_EQ(labels(list), (std::vector<std::string>{"active", "draft"}));  // By use.

  const auto& d = ws.add("/w/d.kg", R"kg(relation r { from: [pa^] })kg");
  list = complete(ws.workspace(), "/w/d.kg", d.point(), 100, cancel);
  EXPECT_EQ(list.context, CompletionContext::KindList);
  EXPECT_EQ(labels(list), std::vector<std::string>{"paper"});
}

TEST(Completion, DeclaredValuesAndFieldKeys) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", kFieldSchema);
  ws.add("/w/a.kg", R"kg(paper one { status: active } paper two { status: gone })kg");
  CancelToken cancel;
  // Only the declared values, the ones in use first; `gone` is not one of them.
  const auto& c = ws.add("/w/c.kg", R"kg(paper three { status: ^ })kg");
  auto list = complete(ws.workspace(), "/w/c.kg", c.point(), 100, cancel);
  EXPECT_EQ(labels(list), (std::vector<std::string>{"active", "archived", "draft"}));
  for (const auto& item : list.items) EXPECT_TRUE(item.entity_id.empty()) << item.label;
  // Declared keys are offered in an entity; a schema declaration offers its own keys.
  const auto& d = ws.add("/w/d.kg", "paper four {\n  ven^\n}");
  EXPECT_EQ(labels(complete(ws.workspace(), "/w/d.kg", d.point(), 100, cancel)), std::vector<std::string>{"venue"});
  const auto& e = ws.add("/w/e.kg", "field x {\n  val^\n}");
  EXPECT_EQ(labels(complete(ws.workspace(), "/w/e.kg", e.point(), 100, cancel)), std::vector<std::string>{"values"});
}

TEST(Completion, NothingInCommentsStringsOrAfterAnId) {
  TestWorkspace ws;
  ws.add("/w/a.kg", R"kg(paper one {})kg");
  CancelToken cancel;
  for (const char* text : {"# paper o^", R"kg(paper x { title: "o^ })kg", "paper o^"}) {
    const auto& b = ws.add("/w/b.kg", text);
    EXPECT_TRUE(complete(ws.workspace(), "/w/b.kg", b.point(), 100, cancel).items.empty()) << text;
  }
}

TEST(Completion, LimitMarksTheListIncomplete) {
  TestWorkspace ws;
  std::string many;
  for (int i = 0; i < 30; ++i) many += "paper p" + std::to_string(i) + " {}\n";
  ws.add("/w/a.kg", many);
  const auto& b = ws.add("/w/b.kg", R"kg(paper q { cites p^ })kg");
  CancelToken cancel;
  auto list = complete(ws.workspace(), "/w/b.kg", b.point(), 10, cancel);
  EXPECT_EQ(list.items.size(), 10u);
  EXPECT_TRUE(list.incomplete);
}

}  // namespace
}  // namespace kgls::lang
