// The graph questions of graph_reader.hpp answered from the SQLite index.
#include "kgls/index.hpp"

namespace kgls {

std::optional<GraphEntity> IndexGraph::entity(std::string_view id) const {
  std::vector<EntityRecord> definitions = index_.definitions(id);
  if (definitions.empty()) return std::nullopt;
  EntityRecord& e = definitions.front();
  GraphEntity out;
  out.id = std::move(e.id);
  out.kind = std::move(e.kind);
  out.title = std::move(e.title);
  out.status = std::move(e.status);
  out.summary = std::move(e.summary);
  out.path = std::move(e.path);
  out.id_range = e.id_range;
  out.definitions = definitions.size();
  for (FieldRecord& field : index_.fields(e.key)) out.fields.emplace_back(std::move(field.key), std::move(field.value));
  return out;
}

std::vector<EdgeView> IndexGraph::edges(std::string_view id) const {
  std::vector<EdgeView> out;
  auto add = [&](std::vector<EdgeRecord> records, Direction direction) {
    for (EdgeRecord& r : records) {
      const EdgeRecord& kept = edges_.emplace_back(std::move(r));
      out.push_back({direction == Direction::Out ? std::string_view(kept.target) : std::string_view(kept.source),
                     kept.relation, direction, kept.note, kept.path, kept.range});
    }
  };
  add(index_.outgoing(id), Direction::Out);
  add(index_.backlinks(id), Direction::In);
  return out;
}

GraphNeighbour IndexGraph::neighbour(std::string_view id) const {
  auto [it, inserted] = entities_.try_emplace(std::string(id));
  if (inserted) it->second = index_.entity(id);
  GraphNeighbour out;
  out.edge_count = index_.edge_count(id);
  out.title = id;
  if (const auto& record = it->second) {
    out.defined = true;
    out.kind = record->kind;
    out.title = record->title;
  }
  return out;
}

std::string IndexGraph::summary(std::string_view id) const {
  auto [it, inserted] = entities_.try_emplace(std::string(id));
  if (inserted) it->second = index_.entity(id);
  return it->second ? it->second->summary : std::string();
}

std::vector<std::string> IndexGraph::declared_kinds() const { return index_.declared_kinds(); }

std::string IndexGraph::kind_plural(std::string_view kind) const { return index_.kind_plural(kind); }

}  // namespace kgls
