// The duplicate fixes on the shared data sets: the labelled duplicate pairs of DBLP-ACM and
// schema.org (duplicates.tsv) merged and linked in the real workspaces, then re-parsed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "edit_test_util.hpp"
#include "kgls/edit.hpp"
#include "kgls/files.hpp"

namespace fs = std::filesystem;

namespace kgls::test {
namespace {

struct DataSet {
  Files files;
  std::vector<std::pair<std::string, std::string>> pairs;  // (a, b) from duplicates.tsv.
};

DataSet load(const char* name, size_t max_pairs) {
  DataSet set;
  const fs::path root = fs::path(KGLS_SHARED_DATA) / name;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return set;
  for (const auto& f : find_kg_files(root).files) {
    std::string text, error;
    if (read_file(f, text, error)) set.files[f.filename().string()] = std::move(text);
  }
  std::ifstream tsv(root / "duplicates.tsv");
  std::string line;
  std::getline(tsv, line);  // Header.
  while (set.pairs.size() < max_pairs && std::getline(tsv, line)) {
    std::istringstream fields(line);
    std::string a, b;
    if (std::getline(fields, a, '\t') && std::getline(fields, b, '\t')) set.pairs.emplace_back(a, b);
  }
  return set;
}

// The workspace after the edit: only the files it touches are parsed again.
Workspace edited(const Workspace& ws, const Files& files, const WorkspaceEdit& edit) {
  Workspace out = ws;
  std::set<std::string> paths;
  for (const auto& e : edit.edits) paths.insert(e.path);
  Files touched;
  for (const auto& p : paths) touched[p] = files.at(p);
  for (const auto& [path, text] : apply_edits(edit, touched)) out.set_document(parse_document(path, text));
  return out;
}

void check_pairs(const char* name) {
  const DataSet set = load(name, 12);
  if (set.files.empty()) GTEST_SKIP() << "shared data set " << name << " not found";
  ASSERT_FALSE(set.pairs.empty());
  const Workspace ws = workspace(set.files);
  size_t merged = 0;
  for (const auto& [a, b] : set.pairs) {
    SCOPED_TRACE(a + " <- " + b);
    const EntityRef into = ws.find(a), from = ws.find(b);
    if (!into.entity || !from.entity) continue;
    // Merge: b is gone, nothing names it, a has b's edges and names, and the files still parse.
    const EditResult r = merge_entities(ws, a, b);
    ASSERT_TRUE(r.ok()) << r.error;
    const Workspace after = edited(ws, set.files, r.edit);
    EXPECT_TRUE(after.definitions(b).empty());
    EXPECT_TRUE(after.incoming(b).empty());
    const Entity& result = *after.find(a).entity;
    std::set<std::pair<std::string, std::string>> edges;
    for (const auto& g : result.edges) edges.insert({g.relation, g.target});
    for (const auto& g : from.entity->edges) {
      if (g.target == a || g.target == b) continue;
      EXPECT_TRUE(edges.count({g.relation, g.target})) << g.relation << " " << g.target;
    }
    for (const auto& g : result.edges) EXPECT_NE(g.target, a) << "a self-edge";
    const auto names = result.aliases();
    for (const auto& alias : from.entity->aliases()) {
      if (alias == result.title()) continue;
      EXPECT_NE(std::find(names.begin(), names.end(), alias), names.end()) << alias;
    }
    for (const auto& f : from.entity->fields) EXPECT_NE(result.field(f.key), nullptr) << f.key;
    for (const auto& e : r.edit.edits) EXPECT_TRUE(after.document(e.path)->diagnostics.empty()) << e.path;
    EXPECT_EQ(after.entities().size() + 1, ws.entities().size());
    ++merged;

    // Link: one more incoming edge on b, the file still parses.
    const EditResult link = add_link(ws, a, b);
    if (link.ok()) {
      const Workspace linked = edited(ws, set.files, link.edit);
      EXPECT_EQ(linked.incoming(b).size(), ws.incoming(b).size() + 1);
      EXPECT_TRUE(linked.document(into.document->path)->diagnostics.empty());
    }
  }
  EXPECT_GE(merged, 10u);
}

TEST(RealData, DblpAcmDuplicatePairs) { check_pairs("dblp-acm"); }
TEST(RealData, SchemaOrgDuplicatePairs) { check_pairs("schemaorg"); }

}  // namespace
}  // namespace kgls::test
