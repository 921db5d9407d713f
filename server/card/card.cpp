// Gathering a card's data from the index, and the group labels ("Papers").
#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <unordered_map>
#include <cctype>
#include <string>

#include "kgls/card.hpp"
#include "kgls/workspace.hpp"

namespace kgls {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The plural of one lower-case English word.
std::string plural_word(const std::string& word) {
  // The few irregular nouns a knowledge graph's kinds are likely to use.
  static constexpr std::array<std::array<const char*, 2>, 8> kIrregular = {{
      {"person", "people"},
      {"child", "children"},
      {"man", "men"},
      {"woman", "women"},
      {"criterion", "criteria"},
      {"phenomenon", "phenomena"},
      {"datum", "data"},
      {"series", "series"},
  }};
  for (const auto& [one, many] : kIrregular) {
    if (word == one) return many;
  }
  if (word.empty()) return word;
  if (ends_with(word, "sis")) return word.substr(0, word.size() - 2) + "es";  // analysis -> analyses
  if (ends_with(word, "s") || ends_with(word, "x") || ends_with(word, "z") || ends_with(word, "ch") ||
      ends_with(word, "sh")) {
    return word + "es";
  }
  if (word.size() > 1 && word.back() == 'y' && !is_vowel(word[word.size() - 2])) {
    return word.substr(0, word.size() - 1) + "ies";  // property -> properties
  }
  return word + "s";
}

}  // namespace

std::string english_plural(std::string_view kind) {
  std::string words(kind);
  for (char& c : words) {
    if (c == '-' || c == '_') c = ' ';
  }
  const size_t last = words.rfind(' ');
  const size_t start = last == std::string::npos ? 0 : last + 1;
  std::string tail = words.substr(start);
  // Only an all-lower-case last word is English we can inflect; "GPU" becomes "GPUs".
  bool lower = true;
  for (char c : tail) lower = lower && !(c >= 'A' && c <= 'Z');
  std::string out = words.substr(0, start) + (lower ? plural_word(tail) : tail + "s");
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string plural_label(Index& index, std::string_view kind) {
  std::string declared = index.kind_plural(kind);
  return declared.empty() ? english_plural(kind) : declared;
}

namespace {

void fill_groups(CardData& card, std::vector<NeighbourGroup> groups,
                 const std::function<std::string(std::string_view)>& label) {
  for (NeighbourGroup& group : groups) {
    CardGroup out;
    out.kind = group.kind;
    out.label = group.kind.empty() ? "Unresolved" : label(group.kind);
    for (Neighbour& n : group.neighbours) {
      out.neighbours.push_back({std::move(n.id), std::move(n.kind), std::move(n.title), std::move(n.summary),
                                n.defined, n.edge_count, std::move(n.links)});
    }
    card.neighbourhood.push_back(std::move(out));
  }
}

}  // namespace

std::optional<CardData> card_data(Index& index, std::string_view id) {
  const std::vector<EntityRecord> definitions = index.definitions(id);
  if (definitions.empty()) return std::nullopt;
  const EntityRecord& entity = definitions.front();
  CardData card;
  card.kind = entity.kind;
  card.id = entity.id;
  card.status = entity.status;
  card.title = entity.title;
  card.summary = entity.summary;
  card.path = entity.path;
  card.id_range = entity.id_range;
  card.definitions = definitions.size();
  for (FieldRecord& field : index.fields(entity.key)) {
    if (field.key == "title" || field.key == "summary" || field.key == "status") continue;
    card.fields.push_back({std::move(field.key), std::move(field.value)});
  }
  fill_groups(card, index.neighbours(id), [&](std::string_view kind) { return plural_label(index, kind); });
  return card;
}


std::vector<std::string> declared_kinds(const Workspace& workspace) {
  // Declarations in path order, then file order.
  std::vector<std::pair<std::pair<std::string_view, const Entity*>, std::string_view>> kinds;
  for (const auto& [name, k] : workspace.schema().kinds)
    kinds.push_back({{k.declaration.document->path, k.declaration.entity}, name});
  std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
    if (a.first.first != b.first.first) return a.first.first < b.first.first;
    return a.first.second < b.first.second;  // Entities of one document lie in one array.
  });
  std::vector<std::string> out;
  for (const auto& [where, name] : kinds) out.emplace_back(name);
  return out;
}

std::optional<CardData> card_data(const Workspace& workspace, std::string_view id, size_t per_group) {
  const std::vector<EntityRef> definitions = workspace.definitions(id);
  if (definitions.empty()) return std::nullopt;
  const Entity& entity = *definitions.front().entity;
  CardData card;
  card.kind = entity.kind;
  card.id = entity.id;
  card.status = entity.status();
  card.title = entity.title();
  card.summary = entity.summary();
  card.path = definitions.front().document->path;
  card.id_range = entity.id_range;
  card.definitions = definitions.size();
  for (const Field& field : entity.fields) {
    if (field.key == "title" || field.key == "summary" || field.key == "status") continue;
    card.fields.push_back({field.key, field.value.display()});
  }

  // Every edge touching the ID, out then in, each in path and file order, merged per
  // neighbour: the neighbourhood the index gives, from the snapshot in memory. Views into
  // the snapshot's documents until a neighbour is known to be shown.
  struct Pending {
    std::string_view id;
    const Entity* entity = nullptr;  // First definition; null when unresolved.
    std::string_view title;
    int64_t edges = 0;
    std::vector<std::pair<const Edge*, Direction>> links;
  };
  std::unordered_map<std::string_view, size_t> slot;
  std::vector<Pending> pending;
  auto add = [&](std::string_view other, const Edge* edge, Direction direction) {
    auto [it, inserted] = slot.try_emplace(other, pending.size());
    if (inserted) pending.push_back({other, nullptr, {}, 0, {}});
    pending[it->second].links.emplace_back(edge, direction);
  };
  for (const EntityRef& d : definitions) {
    for (const Edge& e : d.entity->edges) add(e.target, &e, Direction::Out);
  }
  for (const EdgeRef& r : workspace.incoming(id)) add(r.source->id, r.edge, Direction::In);

  std::map<std::string_view, std::vector<Pending*>> groups;
  for (Pending& n : pending) {
    const Workspace::About about = workspace.about(n.id);
    n.entity = about.first.entity;
    n.edges = static_cast<int64_t>(about.edge_count);
    n.title = n.id;
    if (n.entity) {
      if (const Field* f = n.entity->field("title"); f && !f->value.text.empty()) n.title = f->value.text;
    }
    groups[n.entity ? std::string_view(n.entity->kind) : std::string_view()].push_back(&n);
  }
  auto ranked = [](const Pending* a, const Pending* b) {
    return ranks_before(a->edges, a->title, a->id, b->edges, b->title, b->id);
  };

  const Schema& schema = workspace.schema();
  std::map<std::string, size_t, std::less<>> declared;
  for (std::string& name : declared_kinds(workspace)) declared.try_emplace(std::move(name), declared.size());

  std::vector<std::pair<std::string_view, std::vector<Pending*>*>> order;
  for (auto& [kind, members] : groups) {
    // Only the shown ones need the full order: the best `per_group` first, the rest counted.
    const size_t keep = per_group ? std::min(per_group, members.size()) : members.size();
    std::partial_sort(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(keep), members.end(), ranked);
    order.emplace_back(kind, &members);
  }
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    const size_t pa = group_position(a.first, declared), pb = group_position(b.first, declared);
    if (pa != pb) return pa < pb;
    return ranked(a.second->front(), b.second->front());
  });

  for (const auto& [kind, members] : order) {
    CardGroup group;
    group.kind = std::string(kind);
    if (kind.empty()) {
      group.label = "Unresolved";
    } else {
      auto it = schema.kinds.find(kind);
      group.label = it == schema.kinds.end() || it->second.plural.empty() ? english_plural(kind) : it->second.plural;
    }
    const size_t keep = per_group ? std::min(per_group, members->size()) : members->size();
    if (keep < members->size()) group.count = members->size();
    for (size_t i = 0; i < keep; ++i) {
      const Pending& n = *(*members)[i];
      CardNeighbour out;
      out.id = std::string(n.id);
      out.defined = n.entity != nullptr;
      out.title = std::string(n.title);
      if (n.entity) {
        out.kind = n.entity->kind;
        out.summary = n.entity->summary();
      }
      out.edge_count = n.edges;
      for (const auto& [edge, direction] : n.links)
        out.links.push_back({edge->relation, direction, edge->note.value_or("")});
      group.neighbours.push_back(std::move(out));
    }
    card.neighbourhood.push_back(std::move(group));
  }
  return card;
}

}  // namespace kgls
