// DOT and GraphML writers over the index.
#include "export.hpp"

#include <set>
#include <string>

#include "kgls/support/utf8.hpp"

namespace kgls {

namespace {

bool xml_allowed(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         cp >= 0x10000;
}

void dot_node(std::ostream& out, const std::string& id, const std::string& label, const std::string& kind,
              const std::string& tooltip, bool defined) {
  out << "  \"" << dot_escape(id) << "\" [label=\"" << dot_escape(label) << "\"";
  if (!kind.empty()) out << ", kind=\"" << dot_escape(kind) << "\"";
  if (!tooltip.empty()) out << ", tooltip=\"" << dot_escape(tooltip) << "\"";
  if (!defined) out << ", style=dashed";
  out << "];\n";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = decode_utf8(text, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8.
      ++i;
      continue;
    }
    if (xml_allowed(cp)) {
      switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\r': out += "&#13;"; break;  // Kept: a raw CR would be normalised away.
        default: out.append(text.substr(i, n));
      }
    }
    i += n;
  }
  return out;
}

std::string dot_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out += c;
    }
  }
  return out;
}

void write_dot(Index& index, std::ostream& out) {
  const auto entities = index.all_entities();
  const auto edges = index.all_edges();
  std::set<std::string, std::less<>> defined;
  out << "digraph kg {\n";
  out << "  graph [rankdir=LR];\n";
  out << "  node [shape=box, style=rounded];\n";
  for (const EntityRecord& e : entities) {
    defined.insert(e.id);
    dot_node(out, e.id, e.title, e.kind, e.summary, true);
  }
  std::set<std::string, std::less<>> missing;
  for (const EdgeRecord& edge : edges) {
    if (!defined.count(edge.target) && missing.insert(edge.target).second) {
      dot_node(out, edge.target, edge.target, "", "", false);
    }
  }
  for (const EdgeRecord& edge : edges) {
    out << "  \"" << dot_escape(edge.source) << "\" -> \"" << dot_escape(edge.target) << "\" [label=\""
        << dot_escape(edge.relation) << "\"";
    if (!edge.note.empty()) out << ", tooltip=\"" << dot_escape(edge.note) << "\"";
    out << "];\n";
  }
  out << "}\n";
}

void write_graphml(Index& index, std::ostream& out) {
  const auto entities = index.all_entities();
  const auto edges = index.all_edges();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  static constexpr const char* kNodeKeys[] = {"kind", "title", "status", "summary", "aliases", "tags", "file"};
  for (const char* key : kNodeKeys) {
    out << "  <key id=\"" << key << "\" for=\"node\" attr.name=\"" << key << "\" attr.type=\"string\"/>\n";
  }
  out << "  <key id=\"defined\" for=\"node\" attr.name=\"defined\" attr.type=\"boolean\">"
         "<default>true</default></key>\n";
  out << "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n";
  out << "  <key id=\"note\" for=\"edge\" attr.name=\"note\" attr.type=\"string\"/>\n";
  out << "  <graph id=\"kg\" edgedefault=\"directed\">\n";

  auto data = [&](const char* key, const std::string& value) {
    if (!value.empty()) out << "      <data key=\"" << key << "\">" << xml_escape(value) << "</data>\n";
  };
  std::set<std::string, std::less<>> defined;
  for (const EntityRecord& e : entities) {
    defined.insert(e.id);
    std::vector<std::string> tags;
    for (const FieldRecord& f : index.fields(e.key)) {
      if (f.key == "tags") tags = f.items;
    }
    out << "    <node id=\"" << xml_escape(e.id) << "\">\n";
    data("kind", e.kind);
    data("title", e.title);
    data("status", e.status);
    data("summary", e.summary);
    data("aliases", join(index.aliases(e.key)));
    data("tags", join(tags));
    data("file", e.path);
    out << "    </node>\n";
  }
  // GraphML edges must join declared nodes: an unresolved target becomes a bare node.
  std::set<std::string, std::less<>> missing;
  for (const EdgeRecord& edge : edges) {
    if (!defined.count(edge.target) && missing.insert(edge.target).second) {
      out << "    <node id=\"" << xml_escape(edge.target) << "\">\n"
          << "      <data key=\"defined\">false</data>\n    </node>\n";
    }
  }
  size_t n = 0;
  for (const EdgeRecord& edge : edges) {
    out << "    <edge id=\"e" << n++ << "\" source=\"" << xml_escape(edge.source) << "\" target=\""
        << xml_escape(edge.target) << "\">\n";
    data("relation", edge.relation);
    data("note", edge.note);
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

}  // namespace kgls
