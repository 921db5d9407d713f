// A workspace: many documents, the ID table, and the cross-file checks.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

/// What the workspace's `kind` and `relation` entities declare.
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
  };
  std::map<std::string, Kind, std::less<>> kinds;
  std::map<std::string, Relation, std::less<>> relations;
};

/// An immutable-by-convention collection of documents. Copying is cheap (documents are
/// shared), so a server can hand a consistent snapshot to a reader and keep editing its own.
class Workspace {
 public:
  void set_document(std::shared_ptr<const Document> document);
  void remove_document(std::string_view path);
  const Document* document(std::string_view path) const;
  std::vector<std::shared_ptr<const Document>> documents() const;  // Sorted by path.

  /// All definitions of an ID (more than one is a duplicate-id error).
  const std::vector<EntityRef>& definitions(std::string_view id) const;
  /// The first definition, or {} when none.
  EntityRef find(std::string_view id) const;
  /// Every edge whose target is the ID.
  const std::vector<EdgeRef>& incoming(std::string_view id) const;
  /// Every entity in path order, then file order.
  std::vector<EntityRef> entities() const;
  const Schema& schema() const;

  /// Syntax and workspace diagnostics (duplicate-id, unresolved-reference, schema checks),
  /// keyed by document path; every document has an entry.
  std::map<std::string, std::vector<Diagnostic>> diagnostics() const;

 private:
  void ensure_tables() const;

  std::map<std::string, std::shared_ptr<const Document>, std::less<>> documents_;
  // Derived tables, rebuilt lazily after a change.
  struct Tables;
  mutable std::shared_ptr<const Tables> tables_;
};

}  // namespace kgls
