#include "lsp/language/edits.hpp"

#include <algorithm>
#include <map>

namespace kgls::lang {

std::vector<FileEdits> to_file_edits(const Snapshot& snapshot, const WorkspaceEdit& edit) {
  std::map<std::string, FileEdits> by_path;
  for (const FileEdit& e : edit.edits) {
    const Document* document = snapshot.workspace.document(e.path);
    if (!document) continue;
    FileEdits& file = by_path[e.path];
    file.path = e.path;
    if (auto v = snapshot.open_versions.find(e.path); v != snapshot.open_versions.end())
      file.version = v->second;
    file.edits.push_back({document->lines.range(e.span).utf16, e.text});
  }
  std::vector<FileEdits> out;
  for (auto& [path, file] : by_path) out.push_back(std::move(file));
  return out;
}

namespace {

std::vector<TextEdit> on_document(const Document& document, const std::vector<FileEdit>& edits) {
  std::vector<TextEdit> out;
  for (const FileEdit& e : edits) out.push_back({document.lines.range(e.span).utf16, e.text});
  return out;
}

}  // namespace

std::vector<TextEdit> format_document_edits(const Snapshot& snapshot, std::string_view path) {
  const Document* document = snapshot.workspace.document(path);
  if (!document) return {};
  return on_document(*document, format_edits(*document));
}

std::vector<TextEdit> format_range_edits(const Snapshot& snapshot, std::string_view path, Range range) {
  const Document* document = snapshot.workspace.document(path);
  if (!document) return {};
  const Span span{document->lines.offset(range.start), document->lines.offset(range.end)};
  return on_document(*document, format_range(*document, span));
}

std::optional<PrepareRenameResult> prepare_rename_at(const Snapshot& snapshot, std::string_view path,
                                                     Position position, std::string& error) {
  const Document* document = snapshot.workspace.document(path);
  if (!document) {
    error = "the document is not open";
    return std::nullopt;
  }
  const RenameTarget target = prepare_rename(snapshot.workspace, path, document->lines.offset(position));
  if (!target.ok()) {
    error = target.error;
    return std::nullopt;
  }
  return PrepareRenameResult{document->lines.range(target.span), target.id};
}

std::vector<FileEdits> rename_at(const Snapshot& snapshot, std::string_view path, Position position,
                                 const std::string& new_name, std::string& error) {
  const Document* document = snapshot.workspace.document(path);
  if (!document) {
    error = "the document is not open";
    return {};
  }
  const RenameTarget target = prepare_rename(snapshot.workspace, path, document->lines.offset(position));
  if (!target.ok()) {
    error = target.error;
    return {};
  }
  const EditResult result = rename(snapshot.workspace, target.id, new_name);
  if (!result.ok()) {
    error = result.error;
    return {};
  }
  return to_file_edits(snapshot, result.edit);
}

std::vector<CodeAction> code_actions(const Snapshot& snapshot, std::string_view path,
                                     const std::vector<ClientDiagnostic>& diagnostics) {
  std::vector<CodeAction> out;
  const Document* document = snapshot.workspace.document(path);
  if (!document) return out;
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    const ClientDiagnostic& in = diagnostics[i];
    Diagnostic d;
    d.code = in.code;
    d.message = in.message;
    d.data = in.data;
    d.range = document->lines.range(
        {document->lines.offset(in.range.start), document->lines.offset(in.range.end)});
    std::vector<QuickFix> fixes = quick_fixes(snapshot.workspace, path, d);
    if (d.code == "likely-duplicate" && !d.data.empty()) {
      // Both merge directions: the edit layer offers one per diagnostic, and a person
      // looking at either warning may want to keep either entity.
      const Entity* here = document->entity_at(d.range.bytes.begin);
      if (here && here->id != d.data) {
        for (const auto& [into, from] : {std::pair{here->id, d.data}, std::pair{d.data, here->id}}) {
          EditResult merge = merge_entities(snapshot.workspace, into, from);
          const bool known = std::any_of(fixes.begin(), fixes.end(),
                                         [&](const QuickFix& f) { return f.title == merge.title; });
          if (merge.ok() && !known) fixes.push_back({merge.title, std::move(merge.edit), false});
        }
      }
    }
    for (const QuickFix& fix : fixes) {
      CodeAction action;
      action.title = fix.title;
      // "Create `paper x` in a.kg": a menu entry names the file, not its absolute path.
      if (const std::string full = " in " + std::string(path);
          action.title.size() > full.size() && action.title.ends_with(full)) {
        const size_t slash = path.rfind('/');
        action.title.resize(action.title.size() - full.size());
        action.title += " in " + std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
      }
      action.preferred = fix.preferred;
      action.diagnostic = i;
      action.edits = to_file_edits(snapshot, fix.edit);
      if (!action.edits.empty()) out.push_back(std::move(action));
    }
  }
  return out;
}

}  // namespace kgls::lang
