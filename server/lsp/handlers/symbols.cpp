// documentSymbol and workspace/symbol: protocol glue over language/symbols.
#include "lsp/handlers/features.hpp"
#include "lsp/handlers/reply_cache.hpp"
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

DocumentSymbol to_symbol(lang::OutlineNode&& node) {
  DocumentSymbol out;
  out.name = std::move(node.name);
  out.detail = std::move(node.detail);
  out.kind = symbol_kind(node.role);
  out.range = node.range.utf16;
  out.selectionRange = node.selection.utf16;
  out.children.reserve(node.children.size());
  for (auto& child : node.children) out.children.push_back(to_symbol(std::move(child)));
  return out;
}

// Clients without hierarchy support get a flat list; members name their entity.
void flatten(const lang::OutlineNode& node, const std::string& uri, const std::string& container,
             std::vector<SymbolInformation>& out) {
  out.push_back({node.name, symbol_kind(node.role), {uri, node.range.utf16}, container});
  for (const auto& child : node.children) flatten(child, uri, node.name, out);
}

// The reply's JSON text, written without a tree (json_text.hpp): the outline of a file of
// thousands of entities is megabytes. Consumes the outline.
std::string outline_json(std::vector<lang::OutlineNode>& outline, const std::string& uri,
                         bool hierarchical) {
  std::string out;
  out += '[';
  bool first = true;
  for (auto& node : outline) {
    if (hierarchical) {
      if (!first) out += ',';
      first = false;
      writeJSON(out, to_symbol(std::move(node)));
      continue;
    }
    std::vector<SymbolInformation> flat;
    flatten(node, uri, {}, flat);
    for (const auto& symbol : flat) {
      if (!first) out += ',';
      first = false;
      writeJSON(out, symbol);
    }
  }
  out += ']';
  return out;
}

}  // namespace

void bind_symbols(Binder& binder, ServerCapabilities& capabilities, ServerContext& context) {
  capabilities.document_symbol = true;
  // The same text of a document gets the text of the last reply (reply_cache.hpp).
  auto cache = std::make_shared<ReplyCache>();
  binder.request<DocumentSymbolParams, JsonText>(
      "textDocument/documentSymbol",
      [&context, cache](const DocumentSymbolParams& p, Callback<JsonText> reply) {
        reply_for_document(
            context, document_key(p.textDocument.uri), std::move(reply),
            [uri = p.textDocument.uri, hierarchical = context.client.hierarchical_document_symbols,
             cache](const lang::Snapshot& s, const lang::CancelToken& cancel) -> JsonText {
              const std::string path = document_key(uri);
              const auto document = s.workspace.shared_document(path);
              if (!document) return {std::make_shared<const std::string>("[]")};
              std::optional<int32_t> version;
              if (auto open = s.open_versions.find(path); open != s.open_versions.end())
                version = open->second;
              if (auto text = cache->find(uri, document, version)) return {std::move(text)};
              auto outline = lang::document_outline(*document);
              cancel.check();
              auto text = std::make_shared<const std::string>(outline_json(outline, uri, hierarchical));
              cache->store(uri, document, version, text);
              return {std::move(text)};
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
