// Rename: what prepare_rename accepts, where rename edits, and what it refuses.
#include <gtest/gtest.h>

#include <string>

#include "edit_test_util.hpp"
#include "kgls/edit.hpp"

namespace kgls::test {
namespace {

const Files kFiles = {
    {"schema.kg",
     "kind concept { title: \"Concept\" }\n"
     "kind method {}\n"
     "relation uses { from: [method, \"concept\"] to: [concept] }\n"},
    {"concepts.kg",
     "# Concepts.\n"
     "\n"
     "concept residual-stream {\n"
     "  title: \"Residual Stream\"\n"
     "  uses path-expansion\n"
     "}\n"},
    {"methods.kg",
     "method path-expansion {\n"
     "  title: \"Path Expansion\"\n"
     "  uses residual-stream \"reads it\"\n"
     "}\n"
     "method logit-lens { uses residual-stream uses missing-thing }\n"},
};

uint32_t offset_of(const Files& files, const std::string& path, const std::string& needle, size_t skip = 0) {
  return static_cast<uint32_t>(files.at(path).find(needle) + skip);
}

TEST(PrepareRename, OnDefinitionAndOnEdgeTarget) {
  const Workspace ws = workspace(kFiles);
  // Cursor inside, at the start and right after the ID.
  for (size_t skip : {0u, 5u, 15u}) {
    const RenameTarget t = prepare_rename(ws, "concepts.kg", offset_of(kFiles, "concepts.kg", "residual-stream {", skip));
    ASSERT_TRUE(t.ok()) << t.error;
    EXPECT_EQ(t.id, "residual-stream");
    EXPECT_EQ(t.span.begin, offset_of(kFiles, "concepts.kg", "residual-stream"));
    EXPECT_EQ(t.span.end, t.span.begin + 15);
  }
  const RenameTarget edge = prepare_rename(ws, "methods.kg", offset_of(kFiles, "methods.kg", "residual-stream \"", 3));
  ASSERT_TRUE(edge.ok());
  EXPECT_EQ(edge.id, "residual-stream");
  // An unresolved target can be renamed too (fixing a typo in every reference).
  const RenameTarget missing = prepare_rename(ws, "methods.kg", offset_of(kFiles, "methods.kg", "missing-thing"));
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing.id, "missing-thing");
}

TEST(PrepareRename, OnDeclaredKindAndRelationWords) {
  const Workspace ws = workspace(kFiles);
  const RenameTarget kind = prepare_rename(ws, "concepts.kg", offset_of(kFiles, "concepts.kg", "concept residual", 2));
  ASSERT_TRUE(kind.ok()) << kind.error;
  EXPECT_EQ(kind.id, "concept");
  const RenameTarget relation = prepare_rename(ws, "methods.kg", offset_of(kFiles, "methods.kg", "uses residual"));
  ASSERT_TRUE(relation.ok());
  EXPECT_EQ(relation.id, "uses");
  const RenameTarget item = prepare_rename(ws, "schema.kg", offset_of(kFiles, "schema.kg", "\"concept\"", 2));
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item.id, "concept");
  EXPECT_EQ(item.span.begin, offset_of(kFiles, "schema.kg", "\"concept\"", 1));  // Inside the quotes.
}

TEST(PrepareRename, ElsewhereIsNotAnEntityId) {
  const Workspace ws = workspace(kFiles);
  for (const char* needle : {"title", "\"Residual", "# Concepts", "{\n"}) {
    const RenameTarget t = prepare_rename(ws, "concepts.kg", offset_of(kFiles, "concepts.kg", needle, 1));
    EXPECT_FALSE(t.ok()) << needle;
    EXPECT_EQ(t.error, "not an entity ID");
  }
  EXPECT_EQ(prepare_rename(ws, "nowhere.kg", 0).error, "no document `nowhere.kg` in the workspace");
}

TEST(Rename, EditsEveryDefinitionAndReferenceAcrossFiles) {
  const Workspace ws = workspace(kFiles);
  const EditResult r = rename(ws, "residual-stream", "residual-stream-2");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.title, "Rename `residual-stream` to `residual-stream-2`");
  EXPECT_EQ(r.edit.edits.size(), 3u);
  const Files after = apply_edits(r.edit, kFiles);
  EXPECT_EQ(after.at("concepts.kg"),
            "# Concepts.\n\nconcept residual-stream-2 {\n  title: \"Residual Stream\"\n  uses path-expansion\n}\n");
  EXPECT_EQ(after.at("methods.kg"),
            "method path-expansion {\n  title: \"Path Expansion\"\n  uses residual-stream-2 \"reads it\"\n}\n"
            "method logit-lens { uses residual-stream-2 uses missing-thing }\n");
  const Workspace renamed = workspace(after);
  EXPECT_TRUE(renamed.definitions("residual-stream").empty());
  EXPECT_EQ(renamed.incoming("residual-stream-2").size(), 2u);
  // Same diagnostics as before: only the pre-existing unresolved `missing-thing`.
  EXPECT_EQ(diagnostic_codes(renamed.diagnostics()), diagnostic_codes(ws.diagnostics()));
}

TEST(Rename, UnresolvedTargetRenamesTheReferences) {
  const Workspace ws = workspace(kFiles);
  const EditResult r = rename(ws, "missing-thing", "path-expansion-2");
  ASSERT_TRUE(r.ok()) << r.error;
  const Files after = apply_edits(r.edit, kFiles);
  EXPECT_NE(after.at("methods.kg").find("uses path-expansion-2 }"), std::string::npos);
}

TEST(Rename, KindFollowsItsDeclaration) {
  const Workspace ws = workspace(kFiles);
  const EditResult r = rename(ws, "concept", "idea");
  ASSERT_TRUE(r.ok()) << r.error;
  const Files after = apply_edits(r.edit, kFiles);
  EXPECT_EQ(after.at("schema.kg"),
            "kind idea { title: \"Concept\" }\n"
            "kind method {}\n"
            "relation uses { from: [method, \"idea\"] to: [idea] }\n");
  EXPECT_NE(after.at("concepts.kg").find("idea residual-stream {"), std::string::npos);
  const Workspace renamed = workspace(after);
  EXPECT_EQ(diagnostic_codes(renamed.diagnostics()), diagnostic_codes(ws.diagnostics()));
}

TEST(Rename, RelationFollowsItsDeclaration) {
  const Workspace ws = workspace(kFiles);
  const EditResult r = rename(ws, "uses", "relies-on");
  ASSERT_TRUE(r.ok()) << r.error;
  const Files after = apply_edits(r.edit, kFiles);
  EXPECT_EQ(after.at("methods.kg"),
            "method path-expansion {\n  title: \"Path Expansion\"\n  relies-on residual-stream \"reads it\"\n}\n"
            "method logit-lens { relies-on residual-stream relies-on missing-thing }\n");
  EXPECT_EQ(diagnostic_codes(workspace(after).diagnostics()), diagnostic_codes(ws.diagnostics()));
}

TEST(Rename, RefusesWhatIsNotOneIdentifier) {
  const Workspace ws = workspace(kFiles);
  auto error = [&](const std::string& new_id) { return rename(ws, "residual-stream", new_id).error; };
  EXPECT_EQ(error("2021"), "cannot rename to `2021`: `2021` is a number; an ID needs a letter or `_` (for example `n2021`)");
  EXPECT_EQ(error("-0.5"), "cannot rename to `-0.5`: `-0.5` is a number; an ID needs a letter or `_` (for example `n-0.5`)");
  EXPECT_EQ(error(""), "cannot rename to ``: an ID cannot be empty");
  const std::string not_identifier =
      "is not an identifier: an ID is one word of letters, digits, `_`, `-` and `.` that starts with a letter, a "
      "digit or `_`";
  for (const char* bad : {"two words", "a#b", "a{", "\"quoted\"", "-dash", "a\nb", "a:b", "[x]"}) {
    EXPECT_EQ(error(bad), "cannot rename to `" + std::string(bad) + "`: `" + bad + "` " + not_identifier) << bad;
  }
  // What the grammar does accept.
  for (const char* good : {"2021-circuits", "gpt-2", "v1.5", "_x", "日本語", "Résumé"}) {
    EXPECT_TRUE(rename(ws, "residual-stream", good).ok()) << good;
    EXPECT_EQ(invalid_id_reason(good), "") << good;
  }
}

TEST(Rename, RefusesAnExistingId) {
  const Workspace ws = workspace(kFiles);
  const EditResult r = rename(ws, "residual-stream", "path-expansion");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.edit.empty());
  EXPECT_EQ(r.error, "an entity `path-expansion` already exists in methods.kg:1");
  EXPECT_EQ(rename(ws, "method", "uses").error, "an entity `uses` already exists in schema.kg:3");
  EXPECT_EQ(rename(ws, "method", "kind").error, "cannot rename kind `method` to `kind`: that is a built-in kind");
}

TEST(Rename, UnknownIdAndNoOp) {
  const Workspace ws = workspace(kFiles);
  EXPECT_EQ(rename(ws, "nothing", "else").error, "no entity `nothing` is defined or referenced in the workspace");
  const EditResult same = rename(ws, "residual-stream", "residual-stream");
  EXPECT_TRUE(same.ok());
  EXPECT_TRUE(same.edit.empty());
}

}  // namespace
}  // namespace kgls::test
