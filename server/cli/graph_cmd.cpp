// `kgls graph ID [--depth N] [--format svg|dot|html]`: a picture of an entity's
// neighbourhood. The graph layer (server/graph) chooses what to draw and writes it; this
// file reads the options, loads the workspace, runs the similarity pass for the dashed
// likely-duplicate lines (as `kgls duplicates` does) and writes the result.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/index_options.hpp"
#include "cli/similarity_options.hpp"
#include "kgls/graph.hpp"

namespace fs = std::filesystem;

namespace kgls::cli {

namespace {

constexpr size_t kMaxNodes = 200;

const char* kGraphHelp = R"(usage: kgls graph ID [--depth N] [--max-nodes N] [--format svg|dot|html] [--output FILE]
                  [--no-duplicates] [--workspace DIR] [embedder options]

Draws the entity and its neighbours: the entities joined to it by typed edges, either
way, to depth N, and its likely duplicates. Nodes are coloured by kind, edges labelled
by relation, likely duplicates drawn as dashed lines. At most 200 entities: when a
level does not fit, its most connected entities are kept (the card's ranking).
Exit 1 when no file defines ID.
  --depth N       steps from the entity (default 1; 0 = the entity alone)
  --max-nodes N   at most N entities, 1 to 200 (default 200)
  --format svg    the picture, laid out by Graphviz's `dot` (default)
  --format dot    the Graphviz source, for your own tools; needs no Graphviz
  --format html   a page with the SVG inline; clicking an entity posts
                  {command: "open", id} to the editor (VS Code webview or parent frame)
  --output FILE   write to FILE instead of stdout
  --no-duplicates leave the likely duplicates out: no similarity pass, which is most
                  of the time on a large workspace
svg and html need Graphviz (Debian, Ubuntu: `apt-get install graphviz`).
)";

bool whole_number(const std::string& text, size_t lo, size_t hi, size_t& out) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  const size_t v = std::stoul(text);
  if (v < lo || v > hi) return false;
  out = v;
  return true;
}

}  // namespace

int run_graph(const Args& args) {
  IndexArgs where;
  EmbedderSettings embedder;
  std::vector<std::string> after_index, rest;
  std::string error;
  if (!parse_index_args(args, where, after_index, error) || !parse_embedder_args(after_index, embedder, rest, error)) {
    std::fprintf(stderr, "kgls graph: %s\n", error.c_str());
    return 2;
  }
  GraphOptions options;
  options.max_nodes = kMaxNodes;
  std::string format = "svg", output, id, value;
  bool duplicates = true;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == "--help" || rest[i] == "-h") {
      std::cout << kGraphHelp << "\noptions:" << kIndexOptionsHelp << kEmbedderOptionsHelp;
      return 0;
    }
    if (take_value(rest, i, "--format", format, error)) {
      if (error.empty() && format != "svg" && format != "dot" && format != "html")
        error = "--format must be svg, dot or html (not '" + format + "')";
    } else if (take_value(rest, i, "--depth", value, error)) {
      if (error.empty() && !whole_number(value, 0, 1000, options.depth))
        error = "--depth must be a whole number from 0 to 1000, not '" + value + "'";
    } else if (take_value(rest, i, "--max-nodes", value, error)) {
      if (error.empty() && !whole_number(value, 1, kMaxNodes, options.max_nodes))
        error = "--max-nodes must be a whole number from 1 to " + std::to_string(kMaxNodes) + ", not '" + value + "'";
    } else if (take_value(rest, i, "--output", output, error)) {
    } else if (rest[i] == "--no-duplicates") {
      duplicates = false;
    } else if (rest[i].rfind("--", 0) == 0 || !id.empty()) {
      error = "unexpected argument '" + rest[i] + "' (try `kgls graph --help`)";
    } else {
      id = rest[i];
    }
    if (!error.empty()) {
      std::fprintf(stderr, "kgls graph: %s\n", error.c_str());
      return 2;
    }
  }
  if (id.empty()) {
    std::fprintf(stderr, "kgls graph: which ID? (usage: kgls graph ID)\n");
    return 2;
  }
  // The .kg files are the truth and kgls never writes one.
  if (fs::path(output).extension() == ".kg") {
    std::fprintf(stderr, "kgls graph: refusing to write %s: .kg files are never written\n", output.c_str());
    return 2;
  }
  // Before any work: a picture needs Graphviz.
  if (format != "dot" && !find_graphviz()) {
    std::fprintf(stderr, "kgls graph: %s; `--format dot` writes the graph without it\n",
                 graphviz_missing_message().c_str());
    return 2;
  }

  SimilaritySession session;
  if (!open_similarity(where, embedder, session, error)) {
    std::fprintf(stderr, "kgls graph: %s\n", error.c_str());
    return 2;
  }
  for (const auto& e : session.errors) std::fprintf(stderr, "kgls graph: %s\n", e.c_str());
  if (!session.workspace->find(id).entity) {
    const std::string shown = strip_controls(id);
    std::fprintf(stderr, "kgls graph: no entity `%s` in %s\n", shown.c_str(), where.workspace.string().c_str());
    if (const auto index = open_index(where)) print_did_you_mean(*index, id);
    return 1;
  }

  // The dashed lines: the likely duplicates of `kgls duplicates` and `kgls check`.
  std::vector<StoredDuplicate> pairs;
  if (duplicates) {
    const SimilaritySettings settings;
    const SimilarityIndex similarity = SimilarityIndex::build(*session.workspace, *session.service);
    if (similarity.warning()) std::fprintf(stderr, "kgls graph: %s\n", similarity.warning()->c_str());
    for (const DuplicatePair& p : find_duplicates(similarity, settings.duplicate_threshold))
      pairs.push_back({p.a.entity->id, p.b.entity->id, p.score, p.cosine, p.reason, p.disagreements});
  }

  const std::optional<Neighbourhood> graph = neighbourhood(*session.workspace, id, options, pairs);
  if (!graph) return 1;  // Checked above; the workspace did not change since.
  if (graph->left_out > 0) {
    std::fprintf(stderr, "kgls graph: %zu entities shown, %zu more left out (at most %zu; the nearest and most "
                 "connected first)\n", graph->nodes.size(), graph->left_out, options.max_nodes);
  }

  std::string text = neighbourhood_dot(*graph);
  if (format != "dot") {
    std::optional<std::string> svg = render_svg(text, error);
    if (!svg) {
      std::fprintf(stderr, "kgls graph: %s\n", error.c_str());
      return 2;
    }
    text = format == "html" ? graph_html(*graph, *svg) : std::move(*svg);
  }
  if (output.empty() || output == "-") {
    std::cout << text;
    std::cout.flush();
    return std::cout ? 0 : 2;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    std::fprintf(stderr, "kgls graph: cannot write %s\n", output.c_str());
    return 2;
  }
  return 0;
}

}  // namespace kgls::cli
