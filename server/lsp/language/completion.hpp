// Completion: what may be typed at a position, read from the text before the cursor (an
// edit in progress rarely parses) and offered from the snapshot's workspace.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lsp/language/cancel.hpp"
#include "lsp/language/engine.hpp"

namespace kgls::lang {

enum class CompletionKind { Entity, Kind, Relation, FieldKey, Value };

struct CompletionCandidate {
  std::string label;
  CompletionKind kind = CompletionKind::Entity;
  std::string detail;       // "Title · kind" for entities.
  std::string filter_text;  // What the client matches the typed word against.
  std::string sort_text;    // Ranks the list (zero-padded rank).
  std::string insert_text;  // When it differs from the label ("title: ").
  Span replace;             // The word being completed (bytes of the document).
  std::string entity_id;    // For resolve: the card of this ID.
};

/// Where the cursor is, as completion sees it.
enum class CompletionContext { None, Kind, Member, EdgeTarget, Value, KindList };

struct CompletionList {
  CompletionContext context = CompletionContext::None;
  std::vector<CompletionCandidate> items;
  bool incomplete = false;  // Cut at `limit`: the client asks again as the word grows.
};

CompletionList complete(const Workspace& workspace, std::string_view path, Position position,
                        size_t limit, const CancelToken& cancel);

}  // namespace kgls::lang
