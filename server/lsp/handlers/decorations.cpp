// semanticTokens (full and range), inlayHint and codeLens: protocol glue over
// language/decorations.
#include "lsp/handlers/features.hpp"
#include "lsp/language/decorations.hpp"
#include "lsp/protocol/editing.hpp"

namespace kgls::lsp {

void bind_decorations(Binder& binder, ServerCapabilities& capabilities, ServerContext& context) {
  capabilities.token_types.assign(std::begin(lang::kTokenTypes), std::end(lang::kTokenTypes));
  capabilities.token_modifiers.assign(std::begin(lang::kTokenModifiers), std::end(lang::kTokenModifiers));
  // A file's tokens are five numbers each, tens of thousands of them: written as text.
  const auto tokens = [&context](const SemanticTokensParams& p, Callback<JsonText> reply) {
    reply_for_document(context, document_key(p.textDocument.uri), std::move(reply),
                        [path = document_key(p.textDocument.uri), range = p.range](
                            const lang::Snapshot& s, const lang::CancelToken&) {
                          SemanticTokens out;
                          if (const Document* d = s.workspace.document(path))
                            out.data = lang::encode_tokens(lang::semantic_tokens(*d, range));
                          auto text = std::make_shared<std::string>();
                          writeJSON(*text, out);
                          return JsonText{std::move(text)};
                        });
  };
  binder.request<SemanticTokensParams, JsonText>("textDocument/semanticTokens/full", tokens);
  binder.request<SemanticTokensParams, JsonText>("textDocument/semanticTokens/range", tokens);

  capabilities.inlay_hint = true;
  binder.request<InlayHintParams, std::vector<InlayHint>>(
      "textDocument/inlayHint", [&context](const InlayHintParams& p, Callback<std::vector<InlayHint>> reply) {
        reply_for_document(context, document_key(p.textDocument.uri), std::move(reply),
                            [path = document_key(p.textDocument.uri), range = p.range](
                                const lang::Snapshot& s, const lang::CancelToken&) {
                              std::vector<InlayHint> out;
                              for (auto& h : lang::title_hints(s.workspace, path, range))
                                out.push_back({h.position, std::move(h.label), std::move(h.tooltip)});
                              return out;
                            });
      });

  capabilities.code_lens = true;
  binder.request<CodeLensParams, std::vector<CodeLens>>(
      "textDocument/codeLens", [&context](const CodeLensParams& p, Callback<std::vector<CodeLens>> reply) {
        reply_for_document(
            context, document_key(p.textDocument.uri), std::move(reply),
            [uri = p.textDocument.uri, path = document_key(p.textDocument.uri)](
                const lang::Snapshot& s, const lang::CancelToken& cancel) {
              std::vector<CodeLens> out;
              for (const auto& lens : lang::reference_lenses(s.workspace, path, cancel)) {
                CodeLens l;
                l.range = lens.range.utf16;
                l.title = std::to_string(lens.count) + (lens.count == 1 ? " reference" : " references");
                l.uri = uri;
                l.position = lens.range.utf16.start;
                for (const auto& r : lens.references) l.locations.push_back(to_location(r.path, r.range));
                out.push_back(std::move(l));
              }
              return out;
            });
      });
}

}  // namespace kgls::lsp
