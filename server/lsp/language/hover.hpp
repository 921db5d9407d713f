// Hover: the entity card (Markdown) for the name under the cursor, and the card text the
// `kgls.showCard` command returns.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "lsp/language/services.hpp"

namespace kgls::lang {

struct HoverResult {
  std::string markdown;
  SourceRange range;  // The word hovered.
};

/// On an entity ID or edge target: its card. On a kind or relation word: the card of its
/// declaration (title, plural, required, ...) with how often the workspace uses it; a word
/// no entity declares gets a short note with the same counts. An unresolved target says so.
/// On a field key (or the ID of its `field` declaration): its declaration, the language's
/// meaning of it, whether the entity's kind requires it; on a value: the allowed values
/// (the declaration's `values`, else those in use), the hovered one marked. This file only
/// locates what is under the cursor; the Markdown is the card layer's (render.cpp).
std::optional<HoverResult> hover(const Snapshot& snapshot, Services& services,
                                 std::string_view path, Position position);

/// The card of an ID, or nullopt when no file defines it.
std::optional<std::string> card_markdown(const Snapshot& snapshot, Services& services,
                                         const std::string& id);

}  // namespace kgls::lang
