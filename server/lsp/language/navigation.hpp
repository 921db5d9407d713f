// Go to definition, find references and document highlights, on a path + position.
//
// A name in a `.kg` file lives in one of three spaces: entities (IDs and edge targets),
// kinds (the word before an ID, and the `from`/`to` lists of a relation) and relations
// (the word before an edge target). Kinds and relations are declared by entities of the
// built-in kinds `kind` and `relation`, so an ID or edge target that names such an entity
// belongs to that space too: `extends` the relation and the edge target `extends` are the
// same symbol.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/workspace.hpp"
#include "lsp/language/cancel.hpp"

namespace kgls::lang {

enum class SymbolSpace { Entity, Kind, Relation };

/// The name under the cursor and what it refers to.
struct Symbol {
  SymbolSpace space = SymbolSpace::Entity;
  std::string name;
  SourceRange range;  // The word under the cursor.
};

struct Location {
  std::string path;
  SourceRange range;
};

struct Occurrence {
  Location location;
  bool declaration = false;  // The ID of a defining entity.
};

/// The symbol at a byte offset (the cursor may sit just after the word).
std::optional<Symbol> symbol_at(const Workspace& workspace, const Document& document,
                                uint32_t offset);

/// Where the symbol at the position is declared: the IDs of its defining entities.
std::vector<Location> find_definition(const Workspace& workspace, std::string_view path,
                                      Position position);

/// Every mention of the symbol at the position across the workspace, in path then text
/// order; with `include_declaration`, the defining IDs too.
std::vector<Location> find_references(const Workspace& workspace, std::string_view path,
                                      Position position, bool include_declaration,
                                      const CancelToken& cancel);

/// The mentions of the symbol at the position in that document (for highlighting).
std::vector<Occurrence> document_highlights(const Workspace& workspace, std::string_view path,
                                            Position position);

/// Calls `visit` for every mention of `symbol` in `document`, in text order.
void for_each_occurrence(const Workspace& workspace, const Document& document,
                         const Symbol& symbol, const std::function<void(const Occurrence&)>& visit);

}  // namespace kgls::lang
