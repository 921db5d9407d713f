// definition, references, documentHighlight: protocol glue over language/navigation.
#include "lsp/handlers/features.hpp"
#include "lsp/language/navigation.hpp"

namespace kgls::lsp {

namespace {

std::vector<Location> to_locations(const std::vector<lang::Location>& in) {
  std::vector<Location> out;
  out.reserve(in.size());
  for (const auto& l : in) out.push_back(to_location(l.path, l.range));
  return out;
}

}  // namespace

void bind_navigation(Binder& binder, ServerCapabilities& capabilities, ServerContext& context) {
  capabilities.definition = true;
  binder.request<TextDocumentPositionParams, std::vector<Location>>(
      "textDocument/definition",
      [&context](const TextDocumentPositionParams& p, Callback<std::vector<Location>> reply) {
        reply_for_document(context, document_key(p.textDocument.uri), std::move(reply),
                            [path = document_key(p.textDocument.uri), position = p.position](
                                const lang::Snapshot& s, const lang::CancelToken&) {
                              return to_locations(
                                  lang::find_definition(s.workspace, path, position));
                            });
      });

  capabilities.references = true;
  binder.request<ReferenceParams, std::vector<Location>>(
      "textDocument/references",
      [&context](const ReferenceParams& p, Callback<std::vector<Location>> reply) {
        reply_from_snapshot(
            context, std::move(reply),
            [path = document_key(p.textDocument.uri), position = p.position,
             include = p.includeDeclaration](const lang::Snapshot& s,
                                             const lang::CancelToken& cancel) {
              return to_locations(
                  lang::find_references(s.workspace, path, position, include, cancel));
            });
      });

  capabilities.document_highlight = true;
  binder.request<TextDocumentPositionParams, std::vector<DocumentHighlight>>(
      "textDocument/documentHighlight",
      [&context](const TextDocumentPositionParams& p,
                 Callback<std::vector<DocumentHighlight>> reply) {
        reply_for_document(
            context, document_key(p.textDocument.uri), std::move(reply),
            [path = document_key(p.textDocument.uri), position = p.position](
                const lang::Snapshot& s, const lang::CancelToken&) {
              std::vector<DocumentHighlight> out;
              for (const auto& o : lang::document_highlights(s.workspace, path, position)) {
                out.push_back({o.location.range.utf16, o.declaration ? DocumentHighlightKind::Write
                                                                   : DocumentHighlightKind::Read});
              }
              return out;
            });
      });
}

}  // namespace kgls::lsp
