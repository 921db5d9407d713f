// Document synchronisation and workspace changes: open, change, close, watched files,
// workspace folders and settings. Everything is forwarded to the engine, which applies it
// off the I/O thread in the order received.
#include "lsp/handlers/features.hpp"

namespace kgls::lsp {

void bind_sync(Binder& binder, ServerCapabilities&, ServerContext& context) {
  // The sync capabilities (open/close, incremental change) are always announced.
  binder.notification<DidOpenTextDocumentParams>(
      "textDocument/didOpen", [&context](const DidOpenTextDocumentParams& p) {
        context.engine.open(document_key(p.textDocument.uri), p.textDocument.text,
                            p.textDocument.version);
      });

  binder.notification<DidChangeTextDocumentParams>(
      "textDocument/didChange", [&context](const DidChangeTextDocumentParams& p) {
        std::vector<lang::ContentChange> changes;
        changes.reserve(p.contentChanges.size());
        for (const auto& c : p.contentChanges) changes.push_back({c.range, c.text});
        context.engine.change(document_key(p.textDocument.uri), std::move(changes),
                              p.textDocument.version);
      });

  binder.notification<DidCloseTextDocumentParams>(
      "textDocument/didClose", [&context](const DidCloseTextDocumentParams& p) {
        context.engine.close(document_key(p.textDocument.uri));
      });

  // The editor's text is already ours; a save only says the burst of edits is over, so
  // the diagnostics waiting for its end are computed now.
  binder.notification<DidSaveTextDocumentParams>(
      "textDocument/didSave", [&context](const DidSaveTextDocumentParams& p) {
        context.engine.saved(document_key(p.textDocument.uri));
      });

  binder.notification<DidChangeWatchedFilesParams>(
      "workspace/didChangeWatchedFiles", [&context](const DidChangeWatchedFilesParams& p) {
        std::vector<std::pair<std::string, lang::FileChange>> events;
        for (const auto& change : p.changes) {
          auto path = uri_to_path(change.uri);
          if (!path) continue;
          const auto type = change.type == FileChangeType::Created   ? lang::FileChange::Created
                            : change.type == FileChangeType::Deleted ? lang::FileChange::Deleted
                                                                     : lang::FileChange::Changed;
          events.emplace_back(std::move(*path), type);
        }
        context.engine.files_changed(std::move(events));
      });

  binder.notification<DidChangeWorkspaceFoldersParams>(
      "workspace/didChangeWorkspaceFolders",
      [&context](const DidChangeWorkspaceFoldersParams& p) {
        for (const auto& folder : p.removed) {
          if (auto path = uri_to_path(folder.uri)) {
            context.engine.remove_folder(*path);
            context.services.remove_folder(*path);
          }
        }
        for (const auto& folder : p.added) {
          if (auto path = uri_to_path(folder.uri)) {
            context.log.info("workspace folder " + *path);
            context.engine.add_folder(*path);
            context.services.add_folder(*path, context.options);
          } else {
            context.log.warn("ignoring workspace folder " + folder.uri + ": not a file:// URI");
          }
        }
      });

  binder.notification<DidChangeConfigurationParams>(
      "workspace/didChangeConfiguration", [&context](const DidChangeConfigurationParams& p) {
        lang::Options options = context.options;
        JsonError error;
        if (!fromJSON(p.settings, options, Where(error, "params.settings"))) {
          context.log.warn("ignoring settings: " + error.message());
          return;
        }
        context.options = options;
        context.engine.set_options(options);
      });
}

}  // namespace kgls::lsp
