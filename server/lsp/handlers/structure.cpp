// foldingRange and selectionRange: protocol glue over language/structure.
#include "lsp/handlers/features.hpp"
#include "lsp/language/structure.hpp"

namespace kgls::lsp {

void bind_structure(Binder& binder, ServerCapabilities& capabilities, ServerContext& context) {
  capabilities.folding_range = true;
  binder.request<FoldingRangeParams, std::vector<FoldingRange>>(
      "textDocument/foldingRange",
      [&context](const FoldingRangeParams& p, Callback<std::vector<FoldingRange>> reply) {
        reply_for_document(
            context, document_key(p.textDocument.uri), std::move(reply),
            [path = document_key(p.textDocument.uri), limit = context.client.folding_range_limit](
                const lang::Snapshot& s, const lang::CancelToken&) {
              std::vector<FoldingRange> out;
              const Document* document = s.workspace.document(path);
              if (!document) return out;
              // Whole lines only: every client supports them, and a fold that keeps its
              // closing `}` visible reads the same with or without columns.
              for (const auto& fold : lang::folding_ranges(*document)) {
                FoldingRange range;
                range.startLine = fold.start_line;
                range.endLine = fold.end_line;
                range.kind = fold.kind == lang::Fold::Kind::Comment ? "comment" : "region";
                out.push_back(std::move(range));
                if (limit && out.size() >= *limit) break;
              }
              return out;
            });
      });

  capabilities.selection_range = true;
  binder.request<SelectionRangeParams, std::vector<SelectionRange>>(
      "textDocument/selectionRange",
      [&context](const SelectionRangeParams& p, Callback<std::vector<SelectionRange>> reply) {
        reply_for_document(
            context, document_key(p.textDocument.uri), std::move(reply),
            [path = document_key(p.textDocument.uri), positions = p.positions](
                const lang::Snapshot& s, const lang::CancelToken&) {
              std::vector<SelectionRange> out;
              const Document* document = s.workspace.document(path);
              if (!document) return out;
              for (auto& chain : lang::selection_ranges(*document, positions))
                out.push_back({std::move(chain)});
              return out;
            });
      });
}

}  // namespace kgls::lsp
