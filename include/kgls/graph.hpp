// An entity's neighbourhood as a picture (`kgls graph`): which entities and edges to draw,
// written as Graphviz DOT, laid out by Graphviz's `dot` program into SVG, and wrapped in a
// self-contained HTML page whose nodes can be clicked.
//
// Three steps, each its own unit (server/graph/README.md): neighbourhood() gathers the
// nodes and edges from a Workspace through the card's gatherer (card_data), breadth first to
// a depth, at most `max_nodes`, the nearer and then the most connected first;
// neighbourhood_dot() writes them as DOT; render_svg() runs Graphviz, and graph_html() makes
// the page. Graphviz is a program the user installs, not a library kgls links: without it
// the DOT still comes out, and render_svg() says what to install.
//
// The graph layer knows nothing of LSP or JSON. Every piece of file text that reaches DOT
// goes through dot_escape() (the DOT export's), and every piece that reaches HTML outside
// the SVG through xml_escape(); Graphviz escapes what it writes into the SVG.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/index.hpp"
#include "kgls/workspace.hpp"

namespace kgls {

struct GraphOptions {
  /// Steps from the centre: 0 is the entity alone, 1 its neighbours, 2 theirs, ...
  size_t depth = 1;
  /// At most this many entities, the centre included.
  size_t max_nodes = 200;
};

struct GraphNode {
  std::string id;
  std::string kind;   // Empty for an edge target that no file defines.
  std::string title;  // `title`, else the ID.
  bool defined = true;
  size_t depth = 0;  // Steps from the centre (0: the centre).
  int64_t edge_count = 0;  // Typed edges touching it, in and out, anywhere.
};

/// A typed edge between two shown nodes: source --relation--> target (node indexes).
struct GraphEdge {
  size_t source = 0;
  size_t target = 0;
  std::string relation;
};

/// A likely-duplicate pair between two shown nodes (a < b, node indexes).
struct GraphDuplicate {
  size_t a = 0;
  size_t b = 0;
  double score = 0;
};

struct Neighbourhood {
  /// The centre first, then by depth, each depth the most connected first (the card's
  /// ranking: edge count, then title, then ID).
  std::vector<GraphNode> nodes;
  /// Sorted by source, target, relation; an edge written twice is drawn once.
  std::vector<GraphEdge> edges;
  std::vector<GraphDuplicate> duplicates;
  GraphOptions options;
  /// Entities one step from a shown one, within the depth, that the cap left out.
  size_t left_out = 0;
  /// The kinds of the workspace's schema in declaration order (for stable colours).
  std::vector<std::string> declared_kinds;
};

/// The neighbourhood of `id`: breadth first from it along typed edges (either way) and
/// likely-duplicate pairs (`duplicates`, as the similarity pass found them), at most
/// options.depth steps and options.max_nodes nodes; a level that does not fit keeps its most
/// connected entities. Every typed edge and pair between two shown nodes is drawn. nullopt
/// when no file defines `id`.
std::optional<Neighbourhood> neighbourhood(const Workspace& workspace, std::string_view id,
                                           const GraphOptions& options,
                                           const std::vector<StoredDuplicate>& duplicates = {});

/// The neighbourhood as a Graphviz digraph: one rounded box per entity (label = title,
/// filled with its kind's colour, the centre drawn thicker; an unresolved target dashed and
/// grey), one arrow per typed edge (label = relation), one dashed undirected line per likely
/// duplicate (label = its score), and a legend of the kinds shown.
std::string neighbourhood_dot(const Neighbourhood& graph);

/// The fill colour of a kind: declared kinds take the palette in declaration order,
/// undeclared ones a colour chosen by a hash of the name; "" (unresolved) is grey.
std::string kind_colour(std::string_view kind, const std::vector<std::string>& declared_kinds);

/// Graphviz's `dot` program: its path, found on PATH, or nullopt.
std::optional<std::string> find_graphviz();

/// What to tell a user who has no Graphviz (one line, with the package to install).
std::string graphviz_missing_message();

/// Lays `dot_text` out with Graphviz's `dot` and returns the SVG. nullopt with a one-line
/// `error` when Graphviz is not installed, fails, or takes longer than `timeout_ms`.
std::optional<std::string> render_svg(const std::string& dot_text, std::string& error, int timeout_ms = 60000);

/// A self-contained HTML page: the SVG inline (its XML prolog dropped), a strict Content
/// Security Policy, and a script by which a click (or Enter) on a node posts
/// `{command: "open", id}` to the editor: through acquireVsCodeApi().postMessage inside a
/// VS Code webview, else window.parent.postMessage.
std::string graph_html(const Neighbourhood& graph, std::string_view svg);

}  // namespace kgls
