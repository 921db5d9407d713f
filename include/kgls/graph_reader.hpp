// The questions the card asks of the graph, behind one interface: an entity by ID, the
// edges touching it, and what a neighbour line needs (kind, title, edge count, summary),
// with the schema's kinds and plurals. The workspace snapshot in memory answers them
// (`WorkspaceGraph`, workspace.hpp: hover, the graph picture) and so does the SQLite index
// (`IndexGraph`, index.hpp: `kgls show`); the card layer gathers a card from either with
// one gatherer (`card_data`, card.hpp), so the two cannot drift apart.
//
// Completion, the hierarchies, definition and references are not graph questions in this
// sense: they answer about positions in documents being edited, so they read the
// workspace snapshot's syntax (ARCHITECTURE.md, `server/card/`).
//
// Views returned by a reader (`std::string_view` members) stay valid as long as the reader
// (and the workspace or index under it) lives. A reader belongs to one thread at a time.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kgls/text.hpp"

namespace kgls {

enum class Direction { Out, In };

/// One typed edge between the card's entity and a neighbour.
struct Link {
  std::string relation;
  Direction direction = Direction::Out;  // Out: entity -> neighbour.
  std::string note;
  std::string path{};  // The file the edge is written in, as the reader names files.
  SourceRange range{};  // The edge in that file.
};

/// An entity's first definition (in path order, then file order).
struct GraphEntity {
  std::string id;
  std::string kind;
  std::string title;  // `title`, else the ID.
  std::string status;
  std::string summary;
  std::string path;
  SourceRange id_range;
  size_t definitions = 1;  // More than one: a duplicate ID.
  /// Every field (title, summary and status too) in file order: key and displayed value.
  std::vector<std::pair<std::string, std::string>> fields;
};

/// One edge touching an entity, seen from it.
struct EdgeView {
  std::string_view other;  // The neighbour's ID.
  std::string_view relation;
  Direction direction = Direction::Out;
  std::string_view note;  // Empty when the edge has none.
  std::string_view path;
  SourceRange range;
};

/// What a neighbour line needs before the neighbour is known to be shown.
struct GraphNeighbour {
  bool defined = false;    // False: no file defines the ID.
  std::string_view kind;   // Empty when not defined.
  std::string_view title;  // `title`, else the ID (the view asked about, when not defined).
  int64_t edge_count = 0;  // Edges touching it, in and out, anywhere.
};

class GraphReader {
 public:
  virtual ~GraphReader() = default;
  /// The first definition of an ID, with its fields; nullopt when no file defines it.
  virtual std::optional<GraphEntity> entity(std::string_view id) const = 0;
  /// Every edge touching the ID: those of its definitions (out) in path and file order,
  /// then those naming it as target (in) in path and file order.
  virtual std::vector<EdgeView> edges(std::string_view id) const = 0;
  /// A neighbour's kind, title and edge count, in one lookup.
  virtual GraphNeighbour neighbour(std::string_view id) const = 0;
  /// A defined entity's summary (as displayed), for the neighbours a card shows.
  virtual std::string summary(std::string_view id) const = 0;
  /// The kinds the schema declares, in the order of their declarations (path, then file
  /// order).
  virtual std::vector<std::string> declared_kinds() const = 0;
  /// The `plural` a kind's declaration gives, or "".
  virtual std::string kind_plural(std::string_view kind) const = 0;
};

}  // namespace kgls
