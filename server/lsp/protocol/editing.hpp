// The protocol types of the editing features (hover, completion, rename, code actions,
// formatting, semantic tokens, inlay hints, code lens, commands), each with its
// fromJSON / toJSON; the structures shared by every feature are in protocol.hpp.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lsp/protocol/protocol.hpp"

namespace kgls::lsp {

// ---- Hover and completion ------------------------------------------------------------

struct Hover {
  std::string markdown;  // MarkupKind.Markdown
  Range range;
};
json toJSON(const Hover& h);

/// LSP CompletionItemKind values kgls uses.
enum class CompletionItemKind { Function = 3, Field = 5, Variable = 6, Class = 7, Property = 10, Value = 12, Keyword = 14, Reference = 18 };

struct CompletionItem {
  std::string label;
  CompletionItemKind kind = CompletionItemKind::Reference;
  std::string detail;
  std::string filterText;
  std::string sortText;
  Range replace;           // textEdit.range
  std::string newText;     // textEdit.newText
  std::string data;        // The ID whose card completionItem/resolve adds; may be empty.
};
json toJSON(const CompletionItem& c);

struct CompletionList {
  bool isIncomplete = false;
  std::vector<CompletionItem> items;
};
json toJSON(const CompletionList& l);

// ---- Edits ---------------------------------------------------------------------------

struct TextEdit {
  Range range;
  std::string newText;
};
json toJSON(const TextEdit& e);

/// The edits of one file; `version` set for open documents.
struct TextDocumentEdits {
  std::string uri;
  std::optional<int32_t> version;
  std::vector<TextEdit> edits;
};

/// Sent as `documentChanges` (TextDocumentEdit with the version) when the client supports
/// them, else as `changes`.
struct WorkspaceEdit {
  bool document_changes = false;
  std::vector<TextDocumentEdits> files;
};
json toJSON(const WorkspaceEdit& e);

struct RenameParams {
  TextDocumentIdentifier textDocument;
  Position position;
  std::string newName;
};
bool fromJSON(const json& j, RenameParams& out, Where w);

struct PrepareRenameResult {
  Range range;
  std::string placeholder;
};
json toJSON(const PrepareRenameResult& r);

/// A diagnostic as the client sends it back (its code may be a number or a string, its
/// data anything: only a string is ours).
struct CodeActionDiagnostic {
  Range range;
  std::string code;
  std::string message;
  std::string data;
  json original;  // Echoed in the action's `diagnostics`.
};
bool fromJSON(const json& j, CodeActionDiagnostic& out, Where w);

struct CodeActionParams {
  TextDocumentIdentifier textDocument;
  Range range;
  std::vector<CodeActionDiagnostic> diagnostics;  // context.diagnostics
  std::optional<std::vector<std::string>> only;   // context.only
};
bool fromJSON(const json& j, CodeActionParams& out, Where w);

struct CodeAction {
  std::string title;
  bool isPreferred = false;
  json diagnostic;  // The one it fixes.
  WorkspaceEdit edit;
};
json toJSON(const CodeAction& a);

struct DocumentFormattingParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json& j, DocumentFormattingParams& out, Where w);

struct DocumentRangeFormattingParams {
  TextDocumentIdentifier textDocument;
  Range range;
};
bool fromJSON(const json& j, DocumentRangeFormattingParams& out, Where w);

// ---- Decorations ---------------------------------------------------------------------

struct SemanticTokensParams {
  TextDocumentIdentifier textDocument;
  std::optional<Range> range;  // textDocument/semanticTokens/range
};
bool fromJSON(const json& j, SemanticTokensParams& out, Where w);

struct SemanticTokens {
  std::vector<uint32_t> data;  // Relative encoding, five numbers per token.
};
json toJSON(const SemanticTokens& t);
void writeJSON(std::string& out, const SemanticTokens& t);

struct InlayHintParams {
  TextDocumentIdentifier textDocument;
  Range range;
};
bool fromJSON(const json& j, InlayHintParams& out, Where w);

struct InlayHint {
  Position position;
  std::string label;
  std::string tooltip;
};
json toJSON(const InlayHint& h);

struct CodeLensParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json& j, CodeLensParams& out, Where w);

struct CodeLens {
  Range range;
  std::string title;  // "3 references"
  /// editor.action.showReferences's arguments: the document, the position, the locations.
  std::string uri;
  Position position;
  std::vector<Location> locations;
};
json toJSON(const CodeLens& l);

struct ExecuteCommandParams {
  std::string command;
  std::vector<json> arguments;
};
bool fromJSON(const json& j, ExecuteCommandParams& out, Where w);

}  // namespace kgls::lsp
