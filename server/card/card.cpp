// Gathering a card's data from the graph (the one gatherer, over GraphReader), the card's
// ranking and grouping policy, and the group labels ("Papers").
#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>
#include <cctype>
#include <string>

#include "kgls/card.hpp"
#include "kgls/support/fold.hpp"

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

std::string plural_label(const GraphReader& graph, std::string_view kind) {
  std::string declared = graph.kind_plural(kind);
  return declared.empty() ? english_plural(kind) : declared;
}

bool ranks_before(int64_t edges_a, std::string_view title_a, std::string_view id_a, int64_t edges_b,
                  std::string_view title_b, std::string_view id_b) {
  if (edges_a != edges_b) return edges_a > edges_b;
  if (title_a != title_b) {
    // Case-insensitive first, then byte order to break ties.
    if (const int c = folded_compare(title_a, title_b); c != 0) return c < 0;
    return title_a < title_b;
  }
  return id_a < id_b;
}

size_t group_position(std::string_view kind, const std::map<std::string, size_t, std::less<>>& declared) {
  if (kind.empty()) return declared.size() + 1;
  auto it = declared.find(kind);
  return it == declared.end() ? declared.size() : it->second;
}

std::optional<CardData> card_data(const GraphReader& graph, std::string_view id, size_t per_group) {
  std::optional<GraphEntity> entity = graph.entity(id);
  if (!entity) return std::nullopt;
  CardData card;
  card.kind = std::move(entity->kind);
  card.id = std::move(entity->id);
  card.status = std::move(entity->status);
  card.title = std::move(entity->title);
  card.summary = std::move(entity->summary);
  card.path = std::move(entity->path);
  card.id_range = entity->id_range;
  card.definitions = entity->definitions;
  for (auto& [key, value] : entity->fields) {
    if (key == "title" || key == "summary" || key == "status") continue;
    card.fields.push_back({std::move(key), std::move(value)});
  }

  // Every edge touching the ID, out then in, merged per neighbour. Views (into the
  // reader's data) until a neighbour is known to be shown.
  const std::vector<EdgeView> edges = graph.edges(card.id);
  struct Pending {
    std::string_view id;
    GraphNeighbour about;
    std::vector<const EdgeView*> links;
  };
  std::unordered_map<std::string_view, size_t> slot;
  std::vector<Pending> pending;
  for (const EdgeView& edge : edges) {
    auto [it, inserted] = slot.try_emplace(edge.other, pending.size());
    if (inserted) pending.push_back({edge.other, {}, {}});
    pending[it->second].links.push_back(&edge);
  }

  // Grouped by kind (unresolved targets under ""), each group ranked.
  std::map<std::string_view, std::vector<Pending*>> groups;
  for (Pending& n : pending) {
    n.about = graph.neighbour(n.id);
    groups[n.about.defined ? n.about.kind : std::string_view()].push_back(&n);
  }
  auto ranked = [](const Pending* a, const Pending* b) {
    return ranks_before(a->about.edge_count, a->about.title, a->id, b->about.edge_count, b->about.title, b->id);
  };
  std::map<std::string, size_t, std::less<>> declared;
  for (std::string& name : graph.declared_kinds()) declared.try_emplace(std::move(name), declared.size());

  std::vector<std::pair<std::string_view, std::vector<Pending*>*>> order;
  for (auto& [kind, members] : groups) {
    // Only the shown ones need the full order: the best `per_group` first, the rest counted.
    const size_t keep = per_group ? std::min(per_group, members.size()) : members.size();
    std::partial_sort(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(keep), members.end(), ranked);
    order.emplace_back(kind, &members);
  }
  // Groups in the order the schema declares their kinds, undeclared kinds after by their
  // best neighbour, unresolved targets last.
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    const size_t pa = group_position(a.first, declared), pb = group_position(b.first, declared);
    if (pa != pb) return pa < pb;
    return ranked(a.second->front(), b.second->front());
  });

  for (const auto& [kind, members] : order) {
    CardGroup group;
    group.kind = std::string(kind);
    group.label = kind.empty() ? "Unresolved" : plural_label(graph, kind);
    const size_t keep = per_group ? std::min(per_group, members->size()) : members->size();
    if (keep < members->size()) group.count = members->size();
    for (size_t i = 0; i < keep; ++i) {
      const Pending& n = *(*members)[i];
      CardNeighbour out;
      out.id = std::string(n.id);
      out.defined = n.about.defined;
      out.title = std::string(n.about.title);
      if (n.about.defined) {
        out.kind = std::string(n.about.kind);
        out.summary = graph.summary(n.id);
      }
      out.edge_count = n.about.edge_count;
      for (const EdgeView* edge : n.links)
        out.links.push_back({std::string(edge->relation), edge->direction, std::string(edge->note),
                             std::string(edge->path), edge->range});
      group.neighbours.push_back(std::move(out));
    }
    card.neighbourhood.push_back(std::move(group));
  }
  return card;
}

}  // namespace kgls
