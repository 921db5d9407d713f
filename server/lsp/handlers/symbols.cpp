// documentSymbol and workspace/symbol: protocol glue over language/symbols.
#include "lsp/handlers/features.hpp"
#include "lsp/language/symbols.hpp"

namespace kgls::lsp {

namespace {

SymbolKind symbol_kind(lang::SymbolRole role) {
  switch (role) {
    case lang::SymbolRole::Entity: return SymbolKind::Object;
    case lang::SymbolRole::KindDeclaration: return SymbolKind::Class;
    case lang::SymbolRole::RelationDeclaration: return SymbolKind::Interface;
    case lang::SymbolRole::Field: return SymbolKind::Field;
    case lang::SymbolRole::Edge: return SymbolKind::Property;
  }
  return SymbolKind::Object;
}

DocumentSymbol to_symbol(const lang::OutlineNode& node) {
  DocumentSymbol out;
  out.name = node.name;
  out.detail = node.detail;
  out.kind = symbol_kind(node.role);
  out.range = node.range.lsp;
  out.selectionRange = node.selection.lsp;
  for (const auto& child : node.children) out.children.push_back(to_symbol(child));
  return out;
}

// Clients without hierarchy support get a flat list; members name their entity.
void flatten(const lang::OutlineNode& node, const std::string& uri, const std::string& container,
             std::vector<SymbolInformation>& out) {
  out.push_back({node.name, symbol_kind(node.role), {uri, node.range.lsp}, container});
  for (const auto& child : node.children) flatten(child, uri, node.name, out);
}

}  // namespace

void bind_symbols(Binder& binder, ServerCapabilities& capabilities, ServerContext& context) {
  capabilities.document_symbol = true;
  binder.request<DocumentSymbolParams, json>(
      "textDocument/documentSymbol",
      [&context](const DocumentSymbolParams& p, Callback<json> reply) {
        reply_from_snapshot(
            context, std::move(reply),
            [uri = p.textDocument.uri, hierarchical = context.client.hierarchical_document_symbols](
                const lang::Snapshot& s, const lang::CancelToken&) -> json {
              const Document* document = s.workspace.document(document_key(uri));
              if (!document) return json::array();
              const auto outline = lang::document_outline(*document);
              if (hierarchical) {
                std::vector<DocumentSymbol> out;
                for (const auto& node : outline) out.push_back(to_symbol(node));
                return toJSON(out);
              }
              std::vector<SymbolInformation> out;
              for (const auto& node : outline) flatten(node, uri, {}, out);
              return toJSON(out);
            });
      });

  capabilities.workspace_symbol = true;
  binder.request<WorkspaceSymbolParams, std::vector<SymbolInformation>>(
      "workspace/symbol",
      [&context](const WorkspaceSymbolParams& p, Callback<std::vector<SymbolInformation>> reply) {
        reply_from_snapshot(
            context, std::move(reply),
            [query = p.query](const lang::Snapshot& s, const lang::CancelToken& cancel) {
              std::vector<SymbolInformation> out;
              for (const auto& match : lang::workspace_symbols(
                       s.workspace, query, s.options.workspace_symbol_limit, cancel)) {
                std::string container = match.kind;
                if (match.title != match.id) container += " · " + match.title;
                if (!match.alias.empty()) container += " · alias " + match.alias;
                out.push_back({match.id, symbol_kind(match.role),
                               to_location(match.path, match.range), container});
              }
              return out;
            });
      });
}

}  // namespace kgls::lsp
