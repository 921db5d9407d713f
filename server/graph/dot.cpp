// Writing a neighbourhood as Graphviz DOT: the look of the picture (colours, labels, the
// legend) and nothing else. File text reaches DOT only through dot_escape() (quoted
// strings) and xml_escape() (the legend's HTML-like label).
#include <array>
#include <cstdint>
#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "index/export.hpp"
#include "kgls/graph.hpp"
#include "kgls/support/hash.hpp"
#include "kgls/support/utf8.hpp"
#include "kgls/text.hpp"

namespace kgls {

namespace {

constexpr const char* kFont = "Helvetica,Arial,sans-serif";
// ColorBrewer's Set3 without its grey (kept for unresolved targets): pastel fills that
// black text reads well on.
constexpr std::array<const char*, 11> kPalette = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
                                                  "#b3de69", "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f"};
constexpr const char* kUnresolved = "#e5e5e5";
constexpr const char* kDuplicate = "#c0392b";
// A label line holds about this many characters; a title gets at most kLines lines.
constexpr size_t kLineWidth = 26;
constexpr size_t kLines = 3;

// Text as DOT string content: bytes that are not UTF-8 become U+FFFD (Graphviz would
// complain and guess at another charset), then dot_escape().
std::string q(std::string_view text) {
  std::string valid;
  size_t bad = 0;
  while (!is_valid_utf8(text, &bad)) {
    valid.append(text.substr(0, bad));
    valid += "\xEF\xBF\xBD";
    text.remove_prefix(bad + 1);
  }
  valid.append(text);
  return dot_escape(valid);
}

// A title in at most kLines lines of about kLineWidth characters, broken between words
// (a longer word is cut), the rest replaced by "…". Returned as DOT string content.
std::string wrapped_label(std::string_view title) {
  std::vector<std::string> words;
  std::string word;
  for (char c : title) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!word.empty()) words.push_back(std::move(word)), word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::vector<std::string> lines;
  std::string line;
  bool truncated = false;
  for (std::string& w : words) {
    if (code_points(w) > kLineWidth) w = std::string(utf8_prefix(w, kLineWidth - 1)) + "…";
    if (line.empty()) {
      line = std::move(w);
    } else if (code_points(line) + 1 + code_points(w) <= kLineWidth) {
      line += ' ';
      line += w;
    } else {
      lines.push_back(std::move(line));
      line.clear();
      if (lines.size() == kLines) {
        truncated = true;
        break;
      }
      line = std::move(w);
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  if (truncated) lines.back() += " …";
  std::string out;
  for (const std::string& l : lines) {
    if (!out.empty()) out += "\\n";
    out += q(l);
  }
  return out;
}

std::string score_text(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", score);
  return buf;
}

}  // namespace

std::string kind_colour(std::string_view kind, const std::vector<std::string>& declared_kinds) {
  if (kind.empty()) return kUnresolved;
  for (size_t i = 0; i < declared_kinds.size(); ++i) {
    if (declared_kinds[i] == kind) return kPalette[i % kPalette.size()];
  }
  return kPalette[fnv1a32(kind) % kPalette.size()];
}

std::string neighbourhood_dot(const Neighbourhood& graph) {
  std::ostringstream out;
  out << "digraph neighbourhood {\n";
  out << "  graph [rankdir=LR, bgcolor=\"white\", nodesep=0.25, ranksep=0.7, fontname=\"" << kFont
      << "\", fontsize=10, labelloc=b, labeljust=l";

  // The legend: the kinds shown, in the order of their first node, then the line styles.
  std::vector<std::string> kinds;
  std::set<std::string> seen;
  bool unresolved = false;
  for (const GraphNode& n : graph.nodes) {
    if (!n.defined) unresolved = true;
    else if (seen.insert(n.kind).second) kinds.push_back(n.kind);
  }
  out << ", label=<<table border=\"0\" cellspacing=\"4\" cellpadding=\"3\"><tr>";
  for (const std::string& kind : kinds) {
    out << "<td bgcolor=\"" << kind_colour(kind, graph.declared_kinds) << "\" border=\"1\" color=\"#4d4d4d\">"
        << xml_escape(kind) << "</td>";
  }
  if (unresolved) out << "<td bgcolor=\"" << kUnresolved << "\" border=\"1\" color=\"#4d4d4d\">unresolved</td>";
  if (!graph.duplicates.empty())
    out << "<td><font color=\"" << kDuplicate << "\">- - likely duplicate</font></td>";
  out << "</tr>";
  if (graph.left_out > 0) {
    out << "<tr><td colspan=\"" << kinds.size() + unresolved + !graph.duplicates.empty() + 1
        << "\" align=\"left\">" << graph.nodes.size() << " entities shown, the nearest and most connected first; "
        << graph.left_out << " more left out</td></tr>";
  }
  out << "</table>>];\n";

  out << "  node [shape=box, style=\"rounded,filled\", fontname=\"" << kFont
      << "\", fontsize=11, color=\"#4d4d4d\", margin=\"0.12,0.06\"];\n";
  out << "  edge [fontname=\"" << kFont << "\", fontsize=9, color=\"#666666\", fontcolor=\"#333333\", arrowsize=0.7];\n";

  for (const GraphNode& n : graph.nodes) {
    out << "  \"" << q(n.id) << "\" [label=\"" << wrapped_label(n.title) << "\", fillcolor=\""
        << kind_colour(n.defined ? n.kind : "", graph.declared_kinds) << "\"";
    if (n.defined) {
      out << ", tooltip=\"" << q(n.kind) << " · " << q(n.id) << "\"";
    } else {
      out << ", style=\"rounded,dashed,filled\", fontcolor=\"#555555\", tooltip=\"no file defines "
          << q(n.id) << "\"";
    }
    if (n.depth == 0) out << ", penwidth=3, fontsize=13";
    out << "];\n";
  }
  for (const GraphEdge& e : graph.edges) {
    out << "  \"" << q(graph.nodes[e.source].id) << "\" -> \"" << q(graph.nodes[e.target].id)
        << "\" [label=\"" << q(e.relation) << "\"];\n";
  }
  for (const GraphDuplicate& d : graph.duplicates) {
    out << "  \"" << q(graph.nodes[d.a].id) << "\" -> \"" << q(graph.nodes[d.b].id)
        << "\" [xlabel=\"likely duplicate " << score_text(d.score) << "\", style=dashed, dir=none, constraint=false"
        << ", color=\"" << kDuplicate << "\", fontcolor=\"" << kDuplicate << "\"];\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace kgls
