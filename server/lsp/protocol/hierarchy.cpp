#include "lsp/protocol/hierarchy.hpp"

namespace kgls::lsp {

bool fromJSON(const json& j, HierarchyItem& out, Where w) {
  ObjectReader o(j, w);
  if (!o || !o.required("uri", out.uri) || !o.required("selectionRange", out.selectionRange) ||
      !o.optional("name", out.name) || !o.optional("detail", out.detail) ||
      !o.optional("range", out.range))
    return false;
  if (const json* data = o.member("data")) {
    ObjectReader d(*data, w.field("data"));
    return d && d.optional("id", out.id);
  }
  return true;
}

json toJSON(const HierarchyItem& i) {
  json out = {{"name", i.name},
              {"kind", static_cast<int>(i.kind)},
              {"uri", i.uri},
              {"range", toJSON(i.range)},
              {"selectionRange", toJSON(i.selectionRange)},
              {"data", {{"id", i.id}}}};
  if (!i.detail.empty()) out["detail"] = i.detail;
  return out;
}

bool fromJSON(const json& j, HierarchyItemParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("item", out.item);
}

json toJSON(const CallHierarchyIncomingCall& c) {
  return {{"from", toJSON(c.from)}, {"fromRanges", toJSON(c.fromRanges)}};
}

json toJSON(const CallHierarchyOutgoingCall& c) {
  return {{"to", toJSON(c.to)}, {"fromRanges", toJSON(c.fromRanges)}};
}

}  // namespace kgls::lsp
