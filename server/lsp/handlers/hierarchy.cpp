// Type hierarchy and call hierarchy (the edge tree): protocol glue over language/hierarchy.
#include "lsp/handlers/features.hpp"
#include "lsp/language/hierarchy.hpp"
#include "lsp/protocol/hierarchy.hpp"

namespace kgls::lsp {

namespace {

// The declarations of the schema get the symbols the outline gives them; every other
// entity is an object.
SymbolKind symbol_kind(std::string_view kind) {
  switch (schema_kind_of(kind)) {
    case SchemaKind::Kind: return SymbolKind::Class;
    case SchemaKind::Relation: return SymbolKind::Interface;
    case SchemaKind::Field: return SymbolKind::Field;
    case SchemaKind::None: break;
  }
  return SymbolKind::Object;
}

// `detail` empty: the entity's kind, and its ID when the name is a title.
HierarchyItem to_item(const lang::GraphNode& node, std::string detail = {}) {
  HierarchyItem item;
  item.name = node.title;
  item.kind = symbol_kind(node.kind);
  if (detail.empty()) detail = node.title == node.id ? node.kind : node.kind + " " + node.id;
  item.detail = std::move(detail);
  item.uri = key_to_uri(node.path);
  item.range = node.range.utf16;
  item.selectionRange = node.selection.utf16;
  item.id = node.id;
  return item;
}

// The entity an item sent back by the client stands for: its data, else its position.
std::optional<std::string> item_id(const lang::Snapshot& s, const HierarchyItem& item) {
  if (!item.id.empty()) return item.id;
  auto node = lang::node_at(s.workspace, document_key(item.uri), item.selectionRange.start);
  if (!node) return std::nullopt;
  return node->id;
}

std::vector<Range> ranges(const std::vector<SourceRange>& in) {
  std::vector<Range> out;
  out.reserve(in.size());
  for (const auto& r : in) out.push_back(r.utf16);
  return out;
}

using Items = std::vector<HierarchyItem>;
using Nodes = std::vector<lang::GraphNode> (*)(const Workspace&, std::string_view,
                                               const lang::CancelToken&);

void bind_items(Binder& binder, ServerContext& context, const char* method, Nodes nodes) {
  binder.request<HierarchyItemParams, Items>(
      method, [&context, nodes](const HierarchyItemParams& p, Callback<Items> reply) {
        reply_from_snapshot(context, std::move(reply),
                            [item = p.item, nodes](const lang::Snapshot& s,
                                                   const lang::CancelToken& cancel) {
                              Items out;
                              const auto id = item_id(s, item);
                              if (!id) return out;
                              for (const auto& node : nodes(s.workspace, *id, cancel))
                                out.push_back(to_item(node));
                              return out;
                            });
      });
}

void bind_prepare(Binder& binder, ServerContext& context, const char* method) {
  binder.request<TextDocumentPositionParams, std::optional<Items>>(
      method, [&context](const TextDocumentPositionParams& p, Callback<std::optional<Items>> reply) {
        reply_for_document(context, document_key(p.textDocument.uri), std::move(reply),
                            [path = document_key(p.textDocument.uri), position = p.position](
                                const lang::Snapshot& s,
                                const lang::CancelToken&) -> std::optional<Items> {
                              auto node = lang::node_at(s.workspace, path, position);
                              if (!node) return std::nullopt;
                              return Items{to_item(*node)};
                            });
      });
}

}  // namespace

void bind_hierarchy(Binder& binder, ServerCapabilities& capabilities, ServerContext& context) {
  capabilities.type_hierarchy = true;
  bind_prepare(binder, context, "textDocument/prepareTypeHierarchy");
  bind_items(binder, context, "typeHierarchy/supertypes", &lang::supertypes);
  bind_items(binder, context, "typeHierarchy/subtypes", &lang::subtypes);

  capabilities.call_hierarchy = true;
  bind_prepare(binder, context, "textDocument/prepareCallHierarchy");
  using IncomingCalls = std::vector<CallHierarchyIncomingCall>;
  binder.request<HierarchyItemParams, IncomingCalls>(
      "callHierarchy/incomingCalls",
      [&context](const HierarchyItemParams& p, Callback<IncomingCalls> reply) {
        reply_from_snapshot(
            context, std::move(reply),
            [item = p.item](const lang::Snapshot& s, const lang::CancelToken& cancel) {
              IncomingCalls out;
              const auto id = item_id(s, item);
              if (!id) return out;
              for (const auto& g : lang::incoming_edges(s.workspace, *id, cancel))
                out.push_back({to_item(g.node, g.relation), ranges(g.edges)});
              return out;
            });
      });
  using OutgoingCalls = std::vector<CallHierarchyOutgoingCall>;
  binder.request<HierarchyItemParams, OutgoingCalls>(
      "callHierarchy/outgoingCalls",
      [&context](const HierarchyItemParams& p, Callback<OutgoingCalls> reply) {
        reply_from_snapshot(
            context, std::move(reply),
            [item = p.item](const lang::Snapshot& s, const lang::CancelToken& cancel) {
              OutgoingCalls out;
              const auto id = item_id(s, item);
              if (!id) return out;
              for (const auto& g : lang::outgoing_edges(s.workspace, *id, cancel))
                out.push_back({to_item(g.node, g.relation), ranges(g.edges)});
              return out;
            });
      });
}

}  // namespace kgls::lsp
