// The protocol types of the type hierarchy and the call hierarchy (the edge tree), each
// with its fromJSON / toJSON.
#pragma once
#include <string>
#include <vector>

#include "lsp/protocol/protocol.hpp"

namespace kgls::lsp {

/// A TypeHierarchyItem or CallHierarchyItem (the two have the same members). `data` is
/// {"id": ID}: the entity the item stands for, read back by the follow-up requests.
struct HierarchyItem {
  std::string name;
  SymbolKind kind = SymbolKind::Object;
  std::string detail;
  std::string uri;
  Range range;
  Range selectionRange;
  std::string id;  // data.id; empty when the client sent none.
};
bool fromJSON(const json& j, HierarchyItem& out, Where w);
json toJSON(const HierarchyItem& i);

/// typeHierarchy/supertypes, typeHierarchy/subtypes, callHierarchy/incomingCalls and
/// callHierarchy/outgoingCalls all take {item}.
struct HierarchyItemParams {
  HierarchyItem item;
};
bool fromJSON(const json& j, HierarchyItemParams& out, Where w);

struct CallHierarchyIncomingCall {
  HierarchyItem from;
  std::vector<Range> fromRanges;
};
json toJSON(const CallHierarchyIncomingCall& c);

struct CallHierarchyOutgoingCall {
  HierarchyItem to;
  std::vector<Range> fromRanges;
};
json toJSON(const CallHierarchyOutgoingCall& c);

}  // namespace kgls::lsp
