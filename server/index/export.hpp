// Writing the indexed graph as Graphviz DOT or GraphML (the JSON export lives in the CLI,
// the only place besides the LSP layer that knows JSON).
#pragma once
#include <ostream>

#include "kgls/index.hpp"

namespace kgls {

/// A `digraph` Graphviz renders: one box per entity (label = title), one arrow per edge
/// (label = relation); unresolved targets are dashed boxes.
void write_dot(Index& index, std::ostream& out);

/// GraphML with node attributes (kind, title, status, summary, aliases, tags, file,
/// defined) and edge attributes (relation, note).
void write_graphml(Index& index, std::ostream& out);

/// Text made safe for XML 1.0: markup characters escaped, characters XML forbids dropped,
/// invalid UTF-8 replaced by U+FFFD.
std::string xml_escape(std::string_view text);

/// A DOT double-quoted string's content: `"` and `\` escaped, line breaks as `\n`.
std::string dot_escape(std::string_view text);

}  // namespace kgls
