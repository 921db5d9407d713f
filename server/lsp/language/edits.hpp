// The edit layer's byte-span edits (formatting, rename, quick fixes) in LSP coordinates:
// each span is converted with the LineIndex of the document it was computed on, i.e. the
// snapshot's text, the same text the client's version number names.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/edit.hpp"
#include "lsp/language/engine.hpp"

namespace kgls::lang {

struct TextEdit {
  Range range;
  std::string text;
};

struct FileEdits {
  std::string path;
  std::optional<int32_t> version;  // Set for open documents.
  std::vector<TextEdit> edits;
};

/// Groups by file, in path order; files the snapshot does not hold are left out.
std::vector<FileEdits> to_file_edits(const Snapshot& snapshot, const WorkspaceEdit& edit);

std::vector<TextEdit> format_document_edits(const Snapshot& snapshot, std::string_view path);
std::vector<TextEdit> format_range_edits(const Snapshot& snapshot, std::string_view path, Range range);

struct PrepareRenameResult {
  SourceRange range;
  std::string placeholder;
};
/// The word to rename, or the edit layer's reason why there is none.
std::optional<PrepareRenameResult> prepare_rename_at(const Snapshot& snapshot, std::string_view path,
                                                     Position position, std::string& error);
/// The rename's edits, or `error` with the edit layer's message (an existing name, an
/// invalid one).
std::vector<FileEdits> rename_at(const Snapshot& snapshot, std::string_view path, Position position,
                                 const std::string& new_name, std::string& error);

/// A diagnostic as the client sent it back in a code action request.
struct ClientDiagnostic {
  Range range;
  std::string code;
  std::string message;
  std::string data;
};

struct CodeAction {
  std::string title;
  bool preferred = false;
  size_t diagnostic = 0;  // Index into the request's diagnostics.
  std::vector<FileEdits> edits;
};

/// The edit layer's quick fixes for each diagnostic of the request, linked to it.
std::vector<CodeAction> code_actions(const Snapshot& snapshot, std::string_view path,
                                     const std::vector<ClientDiagnostic>& diagnostics);

}  // namespace kgls::lang
