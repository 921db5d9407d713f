// Quick fixes: each applied to a small multi-file workspace, then re-parsed and checked.
#include <gtest/gtest.h>

#include <string>

#include "edit_test_util.hpp"
#include "kgls/edit.hpp"

namespace kgls::test {
namespace {

const Diagnostic* find_diagnostic(const std::map<std::string, std::vector<Diagnostic>>& all, const std::string& path,
                                  const std::string& code) {
  for (const auto& d : all.at(path))
    if (d.code == code) return &d;
  return nullptr;
}

size_t count_code(const Workspace& ws, const std::string& code) {
  size_t n = 0;
  for (const auto& [path, list] : ws.diagnostics())
    for (const auto& d : list) n += d.code == code;
  return n;
}

// ---- (a) create a missing entity ----

const Files kUnresolved = {
    {"schema.kg", "kind concept {}\nkind method {}\nrelation uses { from: [method] to: [concept, method] }\n"},
    {"methods.kg", "method logit-lens {\n  uses path-expansion-trick\n  cites gpt-2\n}\n"},
};

TEST(CreateMissingEntity, KindFromTheRelationsTargets) {
  const Workspace ws = workspace(kUnresolved);
  const EditResult r = create_missing_entity(ws, "methods.kg", "path-expansion-trick");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.title, "Create `concept path-expansion-trick` in methods.kg");
  const Files after = apply_edits(r.edit, kUnresolved);
  EXPECT_EQ(after.at("methods.kg"),
            "method logit-lens {\n  uses path-expansion-trick\n  cites gpt-2\n}\n\n"
            "concept path-expansion-trick {\n  title: \"Path Expansion Trick\"\n}\n");
  const Workspace fixed = workspace(after);
  EXPECT_EQ(fixed.find("path-expansion-trick").entity->kind, "concept");
  EXPECT_EQ(count_code(fixed, "unresolved-reference"), 1u);  // Only gpt-2 is left.
}

TEST(CreateMissingEntity, KindOfTheSourceWhenTheRelationIsNotDeclared) {
  const Workspace ws = workspace(kUnresolved);
  const EditResult r = create_missing_entity(ws, "methods.kg", "gpt-2");
  ASSERT_TRUE(r.ok()) << r.error;
  const Files after = apply_edits(r.edit, kUnresolved);
  EXPECT_NE(after.at("methods.kg").find("}\n\nmethod gpt-2 {\n  title: \"Gpt 2\"\n}\n"), std::string::npos);
}

TEST(CreateMissingEntity, KeepsTheFilesLineBreaksAndSeparation) {
  const Files files = {
      {"a.kg", "k a { r b }"},                          // No final line break.
      {"c.kg", "k c {\r\n  r d_e\r\n}\r\n"},            // CRLF.
      {"f.kg", "k f { r g }\n\n"},                      // Already a blank line at the end.
  };
  const Workspace ws = workspace(files);
  EXPECT_EQ(apply_edits(create_missing_entity(ws, "a.kg", "b").edit, files).at("a.kg"),
            "k a { r b }\n\nk b {\n  title: \"B\"\n}\n");
  EXPECT_EQ(apply_edits(create_missing_entity(ws, "c.kg", "d_e").edit, files).at("c.kg"),
            "k c {\r\n  r d_e\r\n}\r\n\r\nk d_e {\r\n  title: \"D E\"\r\n}\r\n");
  EXPECT_EQ(apply_edits(create_missing_entity(ws, "f.kg", "g").edit, files).at("f.kg"),
            "k f { r g }\n\nk g {\n  title: \"G\"\n}\n");
}

TEST(CreateMissingEntity, RefusesWhatIsNotMissing) {
  const Workspace ws = workspace(kUnresolved);
  EXPECT_EQ(create_missing_entity(ws, "methods.kg", "logit-lens").error,
            "`logit-lens` is already defined in methods.kg:1");
  EXPECT_EQ(create_missing_entity(ws, "methods.kg", "nothing").error, "no edge in methods.kg names `nothing`");
}

TEST(CreateMissingEntity, FromTheDiagnostic) {
  const Workspace ws = workspace(kUnresolved);
  const auto all = ws.diagnostics();
  const Diagnostic* d = find_diagnostic(all, "methods.kg", "unresolved-reference");
  ASSERT_NE(d, nullptr);
  const auto fixes = quick_fixes(ws, "methods.kg", *d);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0].title, "Create `concept path-expansion-trick` in methods.kg");
}

// ---- (b) link two likely duplicates ----

const Files kPapers = {
    {"a.kg", "paper a {\n  title: \"A\"\n  # note\n  cites c\n}\n"},
    {"b.kg", "paper b { title: \"B\" }\n"},
    {"c.kg", "  paper c {}\n"},
};

TEST(AddLink, AppendsTheEdgeAsTheLastMember) {
  const Workspace ws = workspace(kPapers);
  const EditResult r = add_link(ws, "a", "b");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.title, "Add `related-to b` to `a`");
  EXPECT_EQ(apply_edits(r.edit, kPapers).at("a.kg"), "paper a {\n  title: \"A\"\n  # note\n  cites c\n  related-to b\n}\n");
  // A one-line body and an empty one get their `}` on a line of its own.
  EXPECT_EQ(apply_edits(add_link(ws, "b", "a").edit, kPapers).at("b.kg"), "paper b { title: \"B\"\n  related-to a\n}\n");
  EXPECT_EQ(apply_edits(add_link(ws, "c", "b").edit, kPapers).at("c.kg"), "  paper c {\n    related-to b\n  }\n");
  const Workspace linked = workspace(apply_edits(add_link(ws, "a", "b").edit, kPapers));
  EXPECT_EQ(linked.incoming("b").size(), 1u);
}

TEST(AddLink, RelationChoice) {
  Files files = kPapers;
  LinkOptions custom;
  custom.relation = "duplicates";
  EXPECT_EQ(add_link(workspace(files), "a", "b", custom).title, "Add `duplicates b` to `a`");

  files["schema.kg"] = "kind paper {}\nrelation same-as { from: [paper] to: [paper] }\nrelation related {}\n";
  EXPECT_EQ(add_link(workspace(files), "a", "b").title, "Add `same-as b` to `a`");
  // `same-as` does not accept papers; `related` (no from/to) accepts anything.
  files["schema.kg"] = "kind paper {}\nrelation same-as { from: [book] to: [book] }\nrelation related {}\n";
  EXPECT_EQ(add_link(workspace(files), "a", "b").title, "Add `related b` to `a`");
  files["schema.kg"] = "kind paper {}\nrelation cites {}\n";
  EXPECT_EQ(add_link(workspace(files), "a", "b").title, "Add `related-to b` to `a`");
}

TEST(AddLink, RefusesLinkedPairs) {
  const Workspace ws = workspace(kPapers);
  EXPECT_EQ(add_link(ws, "a", "c").error, "`a` already has an edge `cites c`");
  EXPECT_EQ(add_link(ws, "c", "a").error, "`a` already has an edge `cites c`");
  EXPECT_EQ(add_link(ws, "a", "a").error, "an entity cannot be linked to itself");
  EXPECT_EQ(add_link(ws, "a", "zz").error, "no entity `zz` is defined");
}

// ---- (c) merge ----

const Files kMerge = {
    {"a.kg",
     "paper a {\n"
     "  title: \"Attention Is All You Need\"\n"
     "  aliases: [\"Transformer paper\"]\n"
     "  year: 2017\n"
     "\n"
     "  cites b\n"
     "  cites x\n"
     "}\n"},
    {"b.kg",
     "paper keep-before {}\n"
     "\n"
     "# The arXiv record of the same paper.\n"
     "# (imported)\n"
     "paper b {\n"
     "  title: \"Attention is all you need\"\n"
     "  aliases: [\"Vaswani et al.\", \"Transformer paper\"]\n"
     "  year: 2017\n"
     "  venue: \"NeurIPS\"\n"
     "  summary: \"\"\"\n"
     "    The transformer.\n"
     "    \"\"\"\n"
     "\n"
     "  cites x\n"
     "  cites y \"new\"\n"
     "  cites a\n"
     "  same-as b\n"
     "} # end of b\n"
     "\n"
     "paper keep-after {}\n"},
    {"c.kg", "paper c {\n  cites b\n  cites a\n  extends b # why\n}\n"},
    {"d.kg", "paper x {}\npaper y {}\n"},
};

TEST(Merge, MovesNamesFieldsEdgesAndReferences) {
  const Workspace ws = workspace(kMerge);
  const EditResult r = merge_entities(ws, "a", "b");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.title, "Merge `b` into `a`");
  const Files after = apply_edits(r.edit, kMerge);
  EXPECT_EQ(after.at("a.kg"),
            "paper a {\n"
            "  title: \"Attention Is All You Need\"\n"
            "  aliases: [\"Transformer paper\", \"Attention is all you need\", \"Vaswani et al.\"]\n"
            "  year: 2017\n"
            "  venue: \"NeurIPS\"\n"
            "  summary: \"\"\"\n"
            "    The transformer.\n"
            "    \"\"\"\n"
            "\n"
            "  cites x\n"
            "  cites y \"new\"\n"
            "}\n");
  EXPECT_EQ(after.at("b.kg"), "paper keep-before {}\n\npaper keep-after {}\n");
  EXPECT_EQ(after.at("c.kg"), "paper c {\n  cites a\n  extends a # why\n}\n");
  EXPECT_EQ(after.at("d.kg"), kMerge.at("d.kg"));

  const Workspace merged = workspace(after);
  EXPECT_TRUE(merged.definitions("b").empty());
  EXPECT_TRUE(merged.incoming("b").empty());
  EXPECT_EQ(count_code(merged, "unresolved-reference"), 0u);
  EXPECT_EQ(count_code(merged, "syntax"), 0u);
  const Entity& a = *merged.find("a").entity;
  EXPECT_EQ(a.summary(), "The transformer.");
  EXPECT_EQ(merged.incoming("a").size(), 2u);
}

TEST(Merge, IntoAnEntityWithoutTitleOrAliases) {
  const Files files = {{"m.kg", "paper a {}\n\n# b\npaper b { title: \"Bee\" aliases: [\"bee\"] uses a }\n"}};
  const EditResult r = merge_entities(workspace(files), "a", "b");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(apply_edits(r.edit, files).at("m.kg"), "paper a {\n  title: \"Bee\"\n  aliases: [\"bee\"]\n}\n");
}

TEST(Merge, OneLineEntities) {
  const Files files = {{"m.kg",
                        "paper a { title: \"A\" cites b }\n"
                        "paper b { title: \"A\" uses z cites a }\n"
                        "paper z { cites b cites a uses b }\n"}};
  const EditResult r = merge_entities(workspace(files), "a", "b");
  ASSERT_TRUE(r.ok()) << r.error;
  const Files after = apply_edits(r.edit, files);
  EXPECT_EQ(after.at("m.kg"),
            "paper a { title: \"A\"\n  uses z\n}\n"
            "paper z { cites a uses a }\n");
  EXPECT_EQ(count_code(workspace(after), "syntax"), 0u);
}

TEST(Merge, ScalarAndEmptyAliases) {
  const Files files = {{"m.kg",
                        "paper a { title: \"A\" aliases: \"first\" }\npaper e { title: \"E\" aliases: [] }\n"
                        "paper b { title: \"B\" }\n"}};
  const Workspace ws = workspace(files);
  EXPECT_EQ(apply_edits(merge_entities(ws, "a", "b").edit, files).at("m.kg"),
            "paper a { title: \"A\" aliases: [\"first\", \"B\"] }\npaper e { title: \"E\" aliases: [] }\n");
  EXPECT_EQ(apply_edits(merge_entities(ws, "e", "b").edit, files).at("m.kg"),
            "paper a { title: \"A\" aliases: \"first\" }\npaper e { title: \"E\" aliases: [\"B\"] }\n");
}

TEST(Merge, Refusals) {
  Files files = kMerge;
  files["s.kg"] = "kind paper {}\nkind book {}\n";
  files["dup.kg"] = "paper x {}\n";  // A second `x`.
  const Workspace ws = workspace(files);
  EXPECT_EQ(merge_entities(ws, "a", "a").error, "an entity cannot be merged into itself");
  EXPECT_EQ(merge_entities(ws, "paper", "book").error,
            "`kind`, `relation` and `field` entities declare the schema; rename one instead of merging");
  EXPECT_EQ(merge_entities(ws, "a", "x").error, "`x` is defined 2 times; fix the duplicate-id first");
  EXPECT_EQ(merge_entities(ws, "a", "nothing").error, "no entity `nothing` is defined");
}

// ---- (d) unknown kind / relation ----

const Files kKinds = {
    {"schema.kg", "kind paper {}\nkind poster {}\nkind person {}\nrelation uses {}\nrelation cites {}\n"},
    {"e.kg", "papr one {}\nPaper two {}\npaster three {}\nwidget four {}\nperson five { use one }\n"},
};

std::vector<std::string> titles(const std::vector<QuickFix>& fixes) {
  std::vector<std::string> out;
  for (const auto& f : fixes) out.push_back(f.title + (f.preferred ? " (preferred)" : ""));
  return out;
}

TEST(UnknownKind, ClosestDeclaredKindsBestFirst) {
  const Workspace ws = workspace(kKinds);
  const std::string& text = kKinds.at("e.kg");
  auto at = [&](const char* word) { return static_cast<uint32_t>(text.find(word)); };
  using V = std::vector<std::string>;
  EXPECT_EQ(titles(fix_unknown_kind(ws, "e.kg", at("papr"))), V{"Change kind to `paper` (preferred)"});
  EXPECT_EQ(titles(fix_unknown_kind(ws, "e.kg", at("Paper"))), V{"Change kind to `paper` (preferred)"});
  EXPECT_EQ(titles(fix_unknown_kind(ws, "e.kg", at("paster"))), (V{"Change kind to `poster`", "Change kind to `paper`"}));
  EXPECT_TRUE(fix_unknown_kind(ws, "e.kg", at("widget")).empty());
  EXPECT_TRUE(fix_unknown_kind(ws, "e.kg", at("person")).empty());  // Declared: nothing to fix.

  const auto fixes = fix_unknown_kind(ws, "e.kg", at("papr"));
  const Files after = apply_edits(fixes[0].edit, kKinds);
  EXPECT_EQ(after.at("e.kg").substr(0, 13), "paper one {}\n");
}

TEST(UnknownKind, ClosestNames) {
  const std::vector<std::string> names = {"method", "methods-x", "concept", "framework"};
  EXPECT_EQ(closest_names("methd", names), (std::vector<std::string>{"method"}));
  EXPECT_EQ(closest_names("METHOD", names), (std::vector<std::string>{"method"}));
  EXPECT_EQ(closest_names("concepts", names), (std::vector<std::string>{"concept"}));
  EXPECT_EQ(closest_names("methods", names, 1), (std::vector<std::string>{"method"}));
  EXPECT_EQ(closest_names("methods", names), (std::vector<std::string>{"method", "methods-x"}));
  EXPECT_EQ(closest_names("methd", {"method", "meth"}), (std::vector<std::string>{"meth", "method"}));
  EXPECT_TRUE(closest_names("zzz", names).empty());
  EXPECT_EQ(closest_names("cafe", {"cage", "café"}), (std::vector<std::string>{"café", "cage"}));  // Ties by name.
}

TEST(UnknownKind, FromTheWorkspaceDiagnostics) {
  const Workspace ws = workspace(kKinds);
  const auto all = ws.diagnostics();
  std::vector<std::string> seen;
  for (const auto& d : all.at("e.kg")) {
    for (const auto& fix : quick_fixes(ws, "e.kg", d)) seen.push_back(d.code + ": " + fix.title);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "unknown-kind: Change kind to `paper`",
                      "unknown-kind: Change kind to `paper`",
                      "unknown-kind: Change kind to `poster`",
                      "unknown-kind: Change kind to `paper`",
                      "unknown-relation: Change relation to `uses`",
                  }));
  // Applying every preferred fix leaves only `widget` and `paster` unknown.
  WorkspaceEdit all_fixes;
  for (const auto& d : all.at("e.kg")) {
    for (const auto& fix : quick_fixes(ws, "e.kg", d))
      if (fix.preferred) all_fixes.edits.insert(all_fixes.edits.end(), fix.edit.edits.begin(), fix.edit.edits.end());
  }
  const Workspace fixed = workspace(apply_edits(all_fixes, kKinds));
  EXPECT_EQ(count_code(fixed, "unknown-kind"), 2u);
  EXPECT_EQ(count_code(fixed, "unknown-relation"), 0u);
}

// ---- likely duplicates: the fixes offered for the similarity layer's warning ----

TEST(LikelyDuplicate, OffersLinkAndBothMerges) {
  const Workspace ws = workspace(kPapers);
  const Document* doc = ws.document("b.kg");
  Diagnostic d;
  d.code = "likely-duplicate";
  d.range = doc->entities[0].id_range;
  d.data = "a";
  const auto fixes = quick_fixes(ws, "b.kg", d);
  EXPECT_EQ(titles(fixes), (std::vector<std::string>{"Add `related-to a` to `b`", "Merge `a` into `b`",
                                                     "Merge `b` into `a`"}));
  // A pair that an edge already joins gets no link, but can still be merged.
  d.range = ws.document("a.kg")->entities[0].id_range;
  d.data = "c";
  EXPECT_EQ(titles(quick_fixes(ws, "a.kg", d)), (std::vector<std::string>{"Merge `c` into `a`", "Merge `a` into `c`"}));
  d.code = "duplicate-id";
  EXPECT_TRUE(quick_fixes(ws, "b.kg", d).empty());
}

}  // namespace
}  // namespace kgls::test
