// rename + prepareRename, codeAction, formatting and rangeFormatting: protocol glue over
// language/edits (which converts the edit layer's byte spans with each document's LineIndex).
#include "lsp/handlers/features.hpp"
#include "lsp/language/edits.hpp"
#include "lsp/protocol/editing.hpp"

namespace kgls::lsp {

namespace {

WorkspaceEdit to_protocol(const std::vector<lang::FileEdits>& files, bool document_changes) {
  WorkspaceEdit out;
  out.document_changes = document_changes;
  for (const auto& f : files) {
    TextDocumentEdits edits;
    edits.uri = key_to_uri(f.path);
    edits.version = f.version;
    for (const auto& e : f.edits) edits.edits.push_back({e.range, e.text});
    out.files.push_back(std::move(edits));
  }
  return out;
}

std::vector<TextEdit> to_protocol(const std::vector<lang::TextEdit>& edits) {
  std::vector<TextEdit> out;
  for (const auto& e : edits) out.push_back({e.range, e.text});
  return out;
}


}  // namespace

void bind_editing(Binder& binder, ServerCapabilities& capabilities, ServerContext& context) {
  capabilities.rename = true;
  binder.request<TextDocumentPositionParams, std::optional<PrepareRenameResult>>(
      "textDocument/prepareRename",
      [&context](const TextDocumentPositionParams& p,
                 Callback<std::optional<PrepareRenameResult>> reply) {
        const std::string path = document_key(p.textDocument.uri);
        context.engine.read(path, [reply = std::move(reply), path,
                                   position = p.position](std::shared_ptr<const lang::Snapshot> s) {
          std::string error;
          auto target = lang::prepare_rename_at(*s, path, position, error);
          if (!target) {
            reply.error({ErrorCode::RequestFailed, error});
            return;
          }
          reply(PrepareRenameResult{target->range.utf16, target->placeholder});
        });
      });
  binder.request<RenameParams, WorkspaceEdit>(
      "textDocument/rename", [&context](const RenameParams& p, Callback<WorkspaceEdit> reply) {
        context.engine.read([reply = std::move(reply), path = document_key(p.textDocument.uri),
                             position = p.position, name = p.newName,
                             versioned = context.client.workspace_edit_document_changes](
                                std::shared_ptr<const lang::Snapshot> s) {
          try {
            std::string error;
            auto files = lang::rename_at(*s, path, position, name, error);
            if (!error.empty()) {
              reply.error({ErrorCode::RequestFailed, error});
              return;
            }
            reply(to_protocol(files, versioned));
          } catch (const std::exception& e) {
            reply.error({ErrorCode::InternalError, e.what()});
          }
        });
      });

  capabilities.code_action = true;
  binder.request<CodeActionParams, std::vector<CodeAction>>(
      "textDocument/codeAction",
      [&context](const CodeActionParams& p, Callback<std::vector<CodeAction>> reply) {
        reply_from_snapshot(
            context, std::move(reply),
            [p, versioned = context.client.workspace_edit_document_changes](
                const lang::Snapshot& s, const lang::CancelToken&) {
              std::vector<CodeAction> out;
              if (p.only && std::find_if(p.only->begin(), p.only->end(), [](const std::string& k) {
                              return k == "quickfix" || k.rfind("quickfix.", 0) == 0;
                            }) == p.only->end()) {
                return out;  // Only quick fixes here.
              }
              std::vector<lang::ClientDiagnostic> diagnostics;
              for (const auto& d : p.diagnostics)
                diagnostics.push_back({d.range, d.code, d.message, d.data});
              for (auto& a : lang::code_actions(s, document_key(p.textDocument.uri), diagnostics)) {
                CodeAction action;
                action.title = std::move(a.title);
                action.isPreferred = a.preferred;
                action.diagnostic = p.diagnostics[a.diagnostic].original;
                action.edit = to_protocol(a.edits, versioned);
                out.push_back(std::move(action));
              }
              return out;
            });
      });

  capabilities.formatting = true;
  binder.request<DocumentFormattingParams, std::vector<TextEdit>>(
      "textDocument/formatting",
      [&context](const DocumentFormattingParams& p, Callback<std::vector<TextEdit>> reply) {
        reply_for_document(context, document_key(p.textDocument.uri), std::move(reply),
                            [path = document_key(p.textDocument.uri)](const lang::Snapshot& s,
                                                                      const lang::CancelToken&) {
                              return to_protocol(lang::format_document_edits(s, path));
                            });
      });
  capabilities.range_formatting = true;
  binder.request<DocumentRangeFormattingParams, std::vector<TextEdit>>(
      "textDocument/rangeFormatting",
      [&context](const DocumentRangeFormattingParams& p, Callback<std::vector<TextEdit>> reply) {
        reply_for_document(context, document_key(p.textDocument.uri), std::move(reply),
                            [path = document_key(p.textDocument.uri), range = p.range](
                                const lang::Snapshot& s, const lang::CancelToken&) {
                              return to_protocol(lang::format_range_edits(s, path, range));
                            });
      });
}

}  // namespace kgls::lsp
