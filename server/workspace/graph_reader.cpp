// The graph questions of graph_reader.hpp answered from a Workspace in memory.
#include <algorithm>

#include "kgls/workspace.hpp"

namespace kgls {

std::optional<GraphEntity> WorkspaceGraph::entity(std::string_view id) const {
  const std::vector<EntityRef> definitions = workspace_.definitions(id);
  if (definitions.empty()) return std::nullopt;
  const Entity& e = *definitions.front().entity;
  GraphEntity out;
  out.id = e.id;
  out.kind = e.kind;
  out.title = e.title();
  out.status = e.status();
  out.summary = e.summary();
  out.path = definitions.front().document->path;
  out.id_range = e.id_range;
  out.definitions = definitions.size();
  out.fields.reserve(e.fields.size());
  for (const Field& field : e.fields) out.fields.emplace_back(field.key, field.value.display());
  return out;
}

std::vector<EdgeView> WorkspaceGraph::edges(std::string_view id) const {
  std::vector<EdgeView> out;
  auto add = [&](std::string_view other, const Document& document, const Edge& edge, Direction direction) {
    out.push_back({other, edge.relation, direction, edge.note ? std::string_view(*edge.note) : std::string_view(),
                   document.path, edge.range});
  };
  for (const EntityRef& d : workspace_.definitions(id)) {
    for (const Edge& e : d.entity->edges) add(e.target, *d.document, e, Direction::Out);
  }
  for (const EdgeRef& r : workspace_.incoming(id)) add(r.source->id, *r.document, *r.edge, Direction::In);
  return out;
}

GraphNeighbour WorkspaceGraph::neighbour(std::string_view id) const {
  const Workspace::About about = workspace_.about(id);
  GraphNeighbour out;
  out.edge_count = static_cast<int64_t>(about.edge_count);
  out.title = id;
  if (const Entity* e = about.first.entity) {
    out.defined = true;
    out.kind = e->kind;
    out.title = e->id;  // A view into the document, not into the caller's key.
    if (const Field* f = e->field("title"); f && !f->value.text.empty()) out.title = f->value.text;
  }
  return out;
}

std::string WorkspaceGraph::summary(std::string_view id) const {
  const Entity* e = workspace_.find(id).entity;
  return e ? e->summary() : std::string();
}

std::vector<std::string> WorkspaceGraph::declared_kinds() const {
  // Declarations in path order, then file order.
  std::vector<std::pair<std::pair<std::string_view, const Entity*>, std::string_view>> kinds;
  for (const auto& [name, k] : workspace_.schema().kinds)
    kinds.push_back({{k.declaration.document->path, k.declaration.entity}, name});
  std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
    if (a.first.first != b.first.first) return a.first.first < b.first.first;
    return a.first.second < b.first.second;  // Entities of one document lie in one array.
  });
  std::vector<std::string> out;
  for (const auto& [where, name] : kinds) out.emplace_back(name);
  return out;
}

std::string WorkspaceGraph::kind_plural(std::string_view kind) const {
  const auto& kinds = workspace_.schema().kinds;
  auto it = kinds.find(kind);
  return it == kinds.end() ? std::string() : it->second.plural;
}

}  // namespace kgls
