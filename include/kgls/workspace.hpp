// A workspace: many documents, the ID table, and the cross-file checks.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kgls/graph_reader.hpp"
#include "kgls/model.hpp"

namespace kgls {

/// Where an entity is defined.
struct EntityRef {
  const Document* document = nullptr;
  const Entity* entity = nullptr;
};

/// Where an edge is written.
struct EdgeRef {
  const Document* document = nullptr;
  const Entity* source = nullptr;
  const Edge* edge = nullptr;
};

/// What the workspace's `kind`, `relation` and `field` entities declare.
struct Schema {
  struct Kind {
    EntityRef declaration;
    std::string plural;  // Empty when not declared.
    std::vector<std::string> required;
  };
  struct Relation {
    EntityRef declaration;
    std::string inverse;
    std::vector<std::string> from;
    std::vector<std::string> to;
    bool hierarchy = false;  // `hierarchy: true`: its edges build the type hierarchy.
  };
  struct Field {
    EntityRef declaration;
    std::vector<std::string> values;  // Allowed values; empty: any.
  };
  std::map<std::string, Kind, std::less<>> kinds;
  std::map<std::string, Relation, std::less<>> relations;
  std::map<std::string, Field, std::less<>> fields;
};

/// An immutable-by-convention collection of documents. Copying is cheap (documents are
/// shared), so a server can hand a consistent snapshot to a reader and keep editing its own.
///
/// The lookup tables (definitions, incoming edges, schema) are built lazily over every
/// document once, then kept across edits: a changed document masks its old entries and its
/// new ones go into a small overlay, so a keystroke costs the size of the edited file, not of
/// the workspace. A change to a `kind`, `relation` or `field` declaration, or many changed files,
/// rebuilds the tables.
class Workspace {
 public:
  void set_document(std::shared_ptr<const Document> document);
  void remove_document(std::string_view path);
  const Document* document(std::string_view path) const;
  /// The same document, shared: a cache can tell by it (a weak_ptr) that a text is the one
  /// it saw.
  std::shared_ptr<const Document> shared_document(std::string_view path) const;
  /// Changes whenever a document is added, removed or given another text (not when the same
  /// text is parsed again, as when a file is opened); copies share it. Equal revisions: the
  /// same texts, so a cache of results derived from them can be keyed by it.
  uint64_t revision() const { return revision_; }
  std::vector<std::shared_ptr<const Document>> documents() const;  // Sorted by path.

  /// All definitions of an ID in path order (more than one is a duplicate-id error).
  std::vector<EntityRef> definitions(std::string_view id) const;
  /// The first definition, or {} when none.
  EntityRef find(std::string_view id) const;
  /// The definition when the ID has exactly one, else {} (none, or a duplicate ID); builds
  /// no list.
  EntityRef sole_definition(std::string_view id) const;
  /// Every edge whose target is the ID.
  std::vector<EdgeRef> incoming(std::string_view id) const;
  /// What a card needs of a neighbour, in one lookup and without building a list: its first
  /// definition ({} when none) and the edges touching it, in and out, anywhere (the edges of
  /// every definition plus incoming(id).size()).
  struct About {
    EntityRef first;
    size_t edge_count = 0;
  };
  About about(std::string_view id) const;
  /// Every entity in path order, then file order.
  std::vector<EntityRef> entities() const;
  const Schema& schema() const;

  /// Syntax and workspace diagnostics (duplicate-id, unresolved-reference, schema checks),
  /// keyed by document path; every document has an entry.
  std::map<std::string, std::vector<Diagnostic>> diagnostics() const;

  /// The same as diagnostics(), computed from `previous` (an earlier state of this
  /// workspace) and its diagnostics() result: only the documents that changed and those
  /// whose checks depend on an ID they define or defined are checked again.
  std::map<std::string, std::vector<Diagnostic>> diagnostics(
      const Workspace& previous,
      const std::map<std::string, std::vector<Diagnostic>>& previous_result) const;

  /// The syntax and workspace diagnostics of one document (empty when it is not here).
  std::vector<Diagnostic> diagnostics_of(std::string_view path) const;

 private:
  struct Tables;
  void ensure_tables() const;
  /// Marks `old` (a document being replaced or removed) and `added` as changed.
  void note_change(const Document* old, std::shared_ptr<const Document> added);
  bool masked(const Document* document) const;
  static void add_document(Tables& t, const std::shared_ptr<const Document>& doc);
  const Entity* first_definition(std::string_view id) const;
  EntityRef first_definition_ref(std::string_view id) const;  // Tables built.
  /// An ID that differs from `target` only in case, or empty.
  std::string case_slip(std::string_view target) const;
  void check(const Document& doc, std::vector<Diagnostic>& list) const;

  std::map<std::string, std::shared_ptr<const Document>, std::less<>> documents_;
  uint64_t revision_ = 0;
  // Derived tables, built lazily. `base_` covers the documents as they were when it was
  // built; `masked_` are those since replaced or removed, `fresh_` those added since (and
  // `overlay_` their tables).
  mutable std::shared_ptr<const Tables> base_;
  mutable std::shared_ptr<const Tables> overlay_;
  mutable std::vector<const Document*> masked_;
  mutable std::vector<std::shared_ptr<const Document>> fresh_;
};

/// The graph questions (graph_reader.hpp) answered from a workspace in memory: what hover
/// and the graph picture read. Views point into the workspace's documents; the workspace
/// must outlive the reader and not change under it. Files are named by the documents'
/// paths as the workspace holds them.
class WorkspaceGraph final : public GraphReader {
 public:
  explicit WorkspaceGraph(const Workspace& workspace) : workspace_(workspace) {}
  std::optional<GraphEntity> entity(std::string_view id) const override;
  std::vector<EdgeView> edges(std::string_view id) const override;
  GraphNeighbour neighbour(std::string_view id) const override;
  std::string summary(std::string_view id) const override;
  std::vector<std::string> declared_kinds() const override;
  std::string kind_plural(std::string_view kind) const override;

 private:
  const Workspace& workspace_;
};

}  // namespace kgls
