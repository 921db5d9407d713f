// The outline of a document (entities with their fields and edges) and symbol search
// across the workspace (by ID, title and alias, fuzzy).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "kgls/workspace.hpp"
#include "lsp/language/cancel.hpp"

namespace kgls::lang {

enum class SymbolRole { Entity, KindDeclaration, RelationDeclaration, Field, Edge };

struct OutlineNode {
  std::string name;
  std::string detail;
  SymbolRole role = SymbolRole::Entity;
  SourceRange range;      // The whole entity, field or edge.
  SourceRange selection;  // The name in it; always inside `range`.
  std::vector<OutlineNode> children;
};

/// One node per entity, in text order, with a child per field and edge.
std::vector<OutlineNode> document_outline(const Document& document);

struct SymbolMatch {
  std::string id;
  std::string kind;
  std::string title;
  std::string alias;  // The alias that matched best, when it beat the ID and title.
  SymbolRole role = SymbolRole::Entity;
  std::string path;
  SourceRange range;  // The ID.
  int score = 0;
};

/// Entities whose ID, title or an alias fuzzy-match `query`, best first (ties by ID),
/// at most `limit`. An empty query lists entities in workspace order.
std::vector<SymbolMatch> workspace_symbols(const Workspace& workspace, std::string_view query,
                                           size_t limit, const CancelToken& cancel);

SymbolRole role_of(const Entity& entity);

}  // namespace kgls::lang
