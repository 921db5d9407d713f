#include "lsp/language/hierarchy.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>
#include <utility>

#include "lsp/language/navigation.hpp"

namespace kgls::lang {

namespace {

// The relations that build a hierarchy when no declaration says which do.
constexpr std::string_view kDefaultHierarchy[] = {"is-a", "subclass-of", "subproperty-of",
                                                  "part-of"};

GraphNode node_from(const EntityRef& ref) {
  const Entity& e = *ref.entity;
  return {e.id, e.kind, e.title(), ref.document->path, e.range, e.id_range};
}

// Path, then text order: the order a reader meets the edges in.
void sort_edges(std::vector<EdgeRef>& edges) {
  std::sort(edges.begin(), edges.end(), [](const EdgeRef& a, const EdgeRef& b) {
    if (a.document != b.document) return a.document->path < b.document->path;
    return a.edge->range.bytes.begin < b.edge->range.bytes.begin;
  });
}

std::vector<EdgeRef> incoming_sorted(const Workspace& workspace, std::string_view id) {
  auto edges = workspace.incoming(id);
  sort_edges(edges);
  return edges;
}

// Groups edges by (neighbour ID, relation), keeping the order of each group's first edge.
class Grouper {
 public:
  void add(const EntityRef& neighbour, const Edge& edge) {
    auto key = std::make_pair(neighbour.entity->id, edge.relation);
    auto [it, added] = index_.emplace(std::move(key), groups_.size());
    if (added) groups_.push_back({node_from(neighbour), edge.relation, {}});
    groups_[it->second].edges.push_back(edge.range);
  }
  std::vector<EdgeGroup> take() { return std::move(groups_); }

 private:
  std::map<std::pair<std::string, std::string>, size_t> index_;
  std::vector<EdgeGroup> groups_;
};

}  // namespace

std::set<std::string, std::less<>> hierarchy_relations(const Workspace& workspace) {
  std::set<std::string, std::less<>> out;
  for (const auto& [name, relation] : workspace.schema().relations) {
    if (relation.hierarchy) out.insert(name);
  }
  if (out.empty()) out.insert(std::begin(kDefaultHierarchy), std::end(kDefaultHierarchy));
  return out;
}

std::optional<GraphNode> node_of(const Workspace& workspace, std::string_view id) {
  const EntityRef ref = workspace.find(id);
  if (!ref.entity) return std::nullopt;
  return node_from(ref);
}

std::optional<GraphNode> node_at(const Workspace& workspace, std::string_view path,
                                 Position position) {
  const Document* document = workspace.document(path);
  if (!document) return std::nullopt;
  const uint32_t offset = document->lines.offset(position);
  if (const auto symbol = symbol_at(workspace, *document, offset);
      symbol && symbol->space != SymbolSpace::Kind) {
    // An ID or an edge target (or a relation word, which names its declaration).
    if (auto node = node_of(workspace, symbol->name)) return node;
  }
  const Entity* entity = document->entity_at(offset);
  // Just after the closing brace counts; the start of the next line does not.
  if (!entity && offset > 0 && document->text[offset - 1] != '\n')
    entity = document->entity_at(offset - 1);
  if (!entity) return std::nullopt;
  return node_from({document, entity});
}

std::vector<GraphNode> supertypes(const Workspace& workspace, std::string_view id,
                                  const CancelToken& cancel) {
  const auto relations = hierarchy_relations(workspace);
  std::vector<GraphNode> out;
  std::unordered_set<std::string> seen{std::string(id)};
  for (const auto& definition : workspace.definitions(id)) {
    for (const Edge& edge : definition.entity->edges) {
      cancel.check();
      if (!relations.count(edge.relation) || seen.count(edge.target)) continue;
      const EntityRef target = workspace.find(edge.target);
      if (!target.entity) continue;
      seen.insert(edge.target);
      out.push_back(node_from(target));
    }
  }
  return out;
}

std::vector<GraphNode> subtypes(const Workspace& workspace, std::string_view id,
                                const CancelToken& cancel) {
  const auto relations = hierarchy_relations(workspace);
  std::vector<GraphNode> out;
  std::unordered_set<std::string> seen{std::string(id)};
  for (const EdgeRef& ref : incoming_sorted(workspace, id)) {
    cancel.check();
    if (!relations.count(ref.edge->relation) || !seen.insert(ref.source->id).second) continue;
    out.push_back(node_from({ref.document, ref.source}));
  }
  return out;
}

std::vector<EdgeGroup> incoming_edges(const Workspace& workspace, std::string_view id,
                                      const CancelToken& cancel) {
  Grouper groups;
  for (const EdgeRef& ref : incoming_sorted(workspace, id)) {
    cancel.check();
    groups.add({ref.document, ref.source}, *ref.edge);
  }
  return groups.take();
}

std::vector<EdgeGroup> outgoing_edges(const Workspace& workspace, std::string_view id,
                                      const CancelToken& cancel) {
  Grouper groups;
  for (const auto& definition : workspace.definitions(id)) {
    for (const Edge& edge : definition.entity->edges) {
      cancel.check();
      const EntityRef target = workspace.find(edge.target);
      if (target.entity) groups.add(target, edge);
    }
  }
  return groups.take();
}

}  // namespace kgls::lang
