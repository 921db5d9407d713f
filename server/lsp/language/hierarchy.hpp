// The graph as trees: the type hierarchy (parents and children along the relations that
// build a hierarchy) and the edge tree (incoming and outgoing edges), on a path + position
// or an entity ID. Pure functions of a Workspace; the LSP layer only converts.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/workspace.hpp"
#include "lsp/language/cancel.hpp"

namespace kgls::lang {

/// One entity as a node of a tree: where its (first) definition is.
struct GraphNode {
  std::string id;
  std::string kind;
  std::string title;
  std::string path;
  SourceRange range;      // The whole entity.
  SourceRange selection;  // Its ID.
};

/// The relations whose edges build the hierarchy: those a `relation` declaration marks
/// `hierarchy: true`; when none does, `is-a`, `subclass-of`, `subproperty-of` and `part-of`.
std::set<std::string, std::less<>> hierarchy_relations(const Workspace& workspace);

/// The entity named at the position (an ID or an edge target that resolves), else the
/// entity whose text holds the position; nullopt outside any entity of the graph.
std::optional<GraphNode> node_at(const Workspace& workspace, std::string_view path,
                                 Position position);

/// The entity defined with this ID (its first definition), or nullopt.
std::optional<GraphNode> node_of(const Workspace& workspace, std::string_view id);

/// The targets of `id`'s edges along hierarchy relations, and the sources of the edges
/// along them that lead to `id`: each entity once, in edge order, never `id` itself,
/// unresolved targets left out.
std::vector<GraphNode> supertypes(const Workspace& workspace, std::string_view id,
                                  const CancelToken& cancel);
std::vector<GraphNode> subtypes(const Workspace& workspace, std::string_view id,
                                const CancelToken& cancel);

/// The edges of one relation between the node and one neighbour.
struct EdgeGroup {
  GraphNode node;        // The neighbour: the source (incoming) or the target (outgoing).
  std::string relation;
  std::vector<SourceRange> edges;  // The edge lines, in the source's document.
};

/// The edges leading to `id`, grouped by source entity and relation, in path then text
/// order; and `id`'s own edges (every definition's), grouped by target and relation, in
/// edge order (unresolved targets left out). An edge of an entity to itself is in both.
std::vector<EdgeGroup> incoming_edges(const Workspace& workspace, std::string_view id,
                                      const CancelToken& cancel);
std::vector<EdgeGroup> outgoing_edges(const Workspace& workspace, std::string_view id,
                                      const CancelToken& cancel);

}  // namespace kgls::lang
