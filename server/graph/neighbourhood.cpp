// Which entities and edges a neighbourhood picture shows: breadth first from the centre
// through the card's gatherer (card_data over the workspace snapshot, a WorkspaceGraph), so
// the picture and the card never disagree about who is a neighbour.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "kgls/card.hpp"
#include "kgls/graph.hpp"

namespace kgls {

namespace {

// A node met one step from a shown one, before the level is ranked and cut.
struct Candidate {
  std::string id;
  std::string kind;
  std::string title;
  bool defined = false;
  int64_t edges = 0;
};

}  // namespace

std::optional<Neighbourhood> neighbourhood(const Workspace& workspace, std::string_view id,
                                           const GraphOptions& options,
                                           const std::vector<StoredDuplicate>& duplicates) {
  const WorkspaceGraph graph(workspace);
  std::optional<CardData> centre = card_data(graph, id);
  if (!centre) return std::nullopt;

  // Each entity's likely duplicates, both ways.
  std::unordered_map<std::string_view, std::vector<std::pair<std::string_view, double>>> pairs_of;
  for (const StoredDuplicate& p : duplicates) {
    if (p.a == p.b) continue;
    pairs_of[p.a].emplace_back(p.b, p.score);
    pairs_of[p.b].emplace_back(p.a, p.score);
  }

  Neighbourhood out;
  out.options = options;
  out.declared_kinds = graph.declared_kinds();
  std::unordered_map<std::string, size_t> index_of;
  // The card of each shown node that a file defines (by node index); gathered once.
  std::vector<std::optional<CardData>> cards;

  auto add_node = [&](GraphNode node, std::optional<CardData> card) {
    index_of.emplace(node.id, out.nodes.size());
    out.nodes.push_back(std::move(node));
    cards.push_back(std::move(card));
  };
  const int64_t centre_edges = graph.neighbour(centre->id).edge_count;
  GraphNode first{centre->id, centre->kind, centre->title.empty() ? centre->id : centre->title, true, 0, centre_edges};
  add_node(std::move(first), std::move(centre));

  const size_t cap = std::max<size_t>(options.max_nodes, 1);
  std::vector<size_t> frontier = {0};
  for (size_t depth = 1; depth <= options.depth && !frontier.empty(); ++depth) {
    std::vector<Candidate> candidates;
    std::unordered_set<std::string> met;
    auto meet = [&](Candidate c) {
      if (index_of.count(c.id) || !met.insert(c.id).second) return;
      candidates.push_back(std::move(c));
    };
    for (size_t n : frontier) {
      if (const auto& card = cards[n]) {
        for (const CardGroup& group : card->neighbourhood) {
          for (const CardNeighbour& nb : group.neighbours)
            meet({nb.id, nb.kind, nb.title.empty() ? nb.id : nb.title, nb.defined, nb.edge_count});
        }
      }
      auto it = pairs_of.find(out.nodes[n].id);
      if (it == pairs_of.end()) continue;
      for (const auto& [other, score] : it->second) {
        const GraphNeighbour about = graph.neighbour(other);
        if (!about.defined) continue;  // A pair from an older pass: its entity is gone.
        meet({std::string(other), std::string(about.kind), std::string(about.title), true, about.edge_count});
      }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return ranks_before(a.edges, a.title, a.id, b.edges, b.title, b.id);
    });
    const size_t room = cap - out.nodes.size();
    const size_t keep = std::min(room, candidates.size());
    out.left_out += candidates.size() - keep;
    frontier.clear();
    for (size_t i = 0; i < keep; ++i) {
      Candidate& c = candidates[i];
      frontier.push_back(out.nodes.size());
      std::optional<CardData> card = c.defined ? card_data(graph, c.id) : std::nullopt;
      add_node({std::move(c.id), std::move(c.kind), std::move(c.title), c.defined, depth, c.edges}, std::move(card));
    }
  }

  // Every typed edge between two shown nodes, taken once: from its source's card (an
  // unresolved target has no card and no edges of its own). The outermost level's cards
  // are gathered now, for the edges among its nodes.
  std::set<std::tuple<size_t, size_t, std::string>> edges;
  for (size_t n = 0; n < out.nodes.size(); ++n) {
    if (!cards[n] && out.nodes[n].defined) cards[n] = card_data(graph, out.nodes[n].id);
    if (!cards[n]) continue;
    for (const CardGroup& group : cards[n]->neighbourhood) {
      for (const CardNeighbour& nb : group.neighbours) {
        auto it = index_of.find(nb.id);
        if (it == index_of.end()) continue;
        for (const Link& link : nb.links) {
          if (link.direction == Direction::Out) edges.emplace(n, it->second, link.relation);
        }
      }
    }
  }
  for (const auto& [source, target, relation] : edges) out.edges.push_back({source, target, relation});

  std::map<std::pair<size_t, size_t>, double> pairs;
  for (const StoredDuplicate& p : duplicates) {
    auto a = index_of.find(p.a), b = index_of.find(p.b);
    if (a == index_of.end() || b == index_of.end() || a->second == b->second) continue;
    const auto key = std::minmax(a->second, b->second);
    auto [it, inserted] = pairs.emplace(key, p.score);
    if (!inserted) it->second = std::max(it->second, p.score);
  }
  for (const auto& [key, score] : pairs) out.duplicates.push_back({key.first, key.second, score});
  return out;
}

}  // namespace kgls
