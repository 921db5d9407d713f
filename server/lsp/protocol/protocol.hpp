// The LSP types kgls speaks, each followed by its fromJSON (what we receive) and/or
// toJSON (what we send). Only the LSP layer includes this file.
//
// Positions: `Position::character` counts UTF-16 code units (the LSP default, and the only
// encoding we announce); kgls::LineIndex converts them to byte offsets.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kgls/text.hpp"
#include "lsp/language/options.hpp"
#include "lsp/protocol/json_map.hpp"
#include "lsp/protocol/json_text.hpp"

namespace kgls::lsp {

// ---- Basic structures ----------------------------------------------------------------

bool fromJSON(const json& j, Position& out, Where w);
json toJSON(const Position& p);
void writeJSON(std::string& out, const Position& p);

bool fromJSON(const json& j, Range& out, Where w);
json toJSON(const Range& r);
void writeJSON(std::string& out, const Range& r);

struct Location {
  std::string uri;
  Range range;
};
json toJSON(const Location& l);
void writeJSON(std::string& out, const Location& l);

struct TextDocumentIdentifier {
  std::string uri;
};
bool fromJSON(const json& j, TextDocumentIdentifier& out, Where w);

struct VersionedTextDocumentIdentifier {
  std::string uri;
  int32_t version = 0;
};
bool fromJSON(const json& j, VersionedTextDocumentIdentifier& out, Where w);

struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  int32_t version = 0;
  std::string text;
};
bool fromJSON(const json& j, TextDocumentItem& out, Where w);

struct TextDocumentPositionParams {
  TextDocumentIdentifier textDocument;
  Position position;
};
bool fromJSON(const json& j, TextDocumentPositionParams& out, Where w);

/// Requests without params (shutdown) accept null or an empty object.
struct NoParams {};
bool fromJSON(const json& j, NoParams& out, Where w);

/// `id` of $/cancelRequest: an integer or a string.
struct CancelParams {
  json id;
};
bool fromJSON(const json& j, CancelParams& out, Where w);

// ---- Lifecycle -----------------------------------------------------------------------

struct WorkspaceFolder {
  std::string uri;
  std::string name;
};
bool fromJSON(const json& j, WorkspaceFolder& out, Where w);
json toJSON(const WorkspaceFolder& f);

/// The client capabilities kgls acts on. Read leniently: a client that sends an odd
/// capability gets the default, not a failed initialize.
struct ClientCapabilities {
  bool work_done_progress = false;                // window.workDoneProgress
  bool watched_files_dynamic_registration = false;  // workspace.didChangeWatchedFiles
  bool workspace_folders = false;                 // workspace.workspaceFolders
  bool hierarchical_document_symbols = false;     // textDocument.documentSymbol
  bool line_folding_only = false;                 // textDocument.foldingRange
  std::optional<uint32_t> folding_range_limit;    // textDocument.foldingRange.rangeLimit
  bool diagnostic_related_information = false;    // textDocument.publishDiagnostics
  bool workspace_edit_document_changes = false;   // workspace.workspaceEdit.documentChanges
};
bool fromJSON(const json& j, ClientCapabilities& out, Where w);

struct InitializeParams {
  std::optional<int64_t> processId;
  std::optional<std::string> rootUri;
  std::optional<std::string> rootPath;  // Deprecated, still sent by old clients.
  std::optional<std::vector<WorkspaceFolder>> workspaceFolders;
  ClientCapabilities capabilities;
  json initializationOptions;  // Read by fromJSON(json, lang::Options&, Where).
};
bool fromJSON(const json& j, InitializeParams& out, Where w);

/// What kgls offers; each feature group sets its own flags when it binds its handlers.
struct ServerCapabilities {
  bool definition = false;
  bool references = false;
  bool document_highlight = false;
  bool document_symbol = false;
  bool workspace_symbol = false;
  bool folding_range = false;
  bool selection_range = false;
  bool type_hierarchy = false;  // handlers/hierarchy.cpp
  bool call_hierarchy = false;
  // Set by the editing groups (handlers/{assist,editing,decorations}.cpp).
  bool hover = false;
  bool completion = false;  // With resolveProvider.
  std::vector<std::string> completion_triggers;
  bool rename = false;  // With prepareProvider.
  bool code_action = false;  // quickfix only.
  bool formatting = false;
  bool range_formatting = false;
  std::vector<std::string> token_types;  // The semantic tokens legend; empty: no tokens.
  std::vector<std::string> token_modifiers;
  bool inlay_hint = false;
  bool code_lens = false;
  std::vector<std::string> commands;  // workspace/executeCommand
};
json toJSON(const ServerCapabilities& c);

struct InitializeResult {
  ServerCapabilities capabilities;
  std::string server_version;
};
json toJSON(const InitializeResult& r);

/// kgls settings: {"kgls": {...}} or the inner object itself. Reads into `out`, so a
/// partial update keeps the other values.
///   { "diagnostics": { "delay": 75, "workspace": true },
///     "workspaceSymbols": { "limit": 200 }, "files": { "maxSize": 33554432 } }
bool fromJSON(const json& j, lang::Options& out, Where w);

// ---- Document synchronisation --------------------------------------------------------

struct DidOpenTextDocumentParams {
  TextDocumentItem textDocument;
};
bool fromJSON(const json& j, DidOpenTextDocumentParams& out, Where w);

/// A whole-document replacement when `range` is absent.
struct TextDocumentContentChangeEvent {
  std::optional<Range> range;
  std::string text;
};
bool fromJSON(const json& j, TextDocumentContentChangeEvent& out, Where w);

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier textDocument;
  std::vector<TextDocumentContentChangeEvent> contentChanges;
};
bool fromJSON(const json& j, DidChangeTextDocumentParams& out, Where w);

struct DidCloseTextDocumentParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json& j, DidCloseTextDocumentParams& out, Where w);

struct DidSaveTextDocumentParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json& j, DidSaveTextDocumentParams& out, Where w);

enum class FileChangeType { Created = 1, Changed = 2, Deleted = 3 };

struct FileEvent {
  std::string uri;
  FileChangeType type = FileChangeType::Changed;
};
bool fromJSON(const json& j, FileEvent& out, Where w);

struct DidChangeWatchedFilesParams {
  std::vector<FileEvent> changes;
};
bool fromJSON(const json& j, DidChangeWatchedFilesParams& out, Where w);

struct DidChangeWorkspaceFoldersParams {
  std::vector<WorkspaceFolder> added;
  std::vector<WorkspaceFolder> removed;
};
bool fromJSON(const json& j, DidChangeWorkspaceFoldersParams& out, Where w);

struct DidChangeConfigurationParams {
  json settings;
};
bool fromJSON(const json& j, DidChangeConfigurationParams& out, Where w);

// ---- Server -> client: registration, progress, messages ------------------------------

struct FileSystemWatcher {
  std::string globPattern;
};
json toJSON(const FileSystemWatcher& w);

struct Registration {
  std::string id;
  std::string method;
  std::vector<FileSystemWatcher> watchers;  // didChangeWatchedFiles' registerOptions.
};
json toJSON(const Registration& r);

struct RegistrationParams {
  std::vector<Registration> registrations;
};
json toJSON(const RegistrationParams& p);

struct WorkDoneProgressCreateParams {
  std::string token;
};
json toJSON(const WorkDoneProgressCreateParams& p);

/// $/progress with a begin, report or end value.
struct ProgressParams {
  enum class Kind { Begin, Report, End };
  std::string token;
  Kind kind = Kind::Report;
  std::string title;    // Begin only.
  std::string message;  // Optional.
  std::optional<uint32_t> percentage;  // Begin and report.
};
json toJSON(const ProgressParams& p);

enum class MessageType { Error = 1, Warning = 2, Info = 3, Log = 4 };

struct ShowMessageParams {
  MessageType type = MessageType::Info;
  std::string message;
};
json toJSON(const ShowMessageParams& p);

// ---- Diagnostics ---------------------------------------------------------------------

struct DiagnosticRelatedInformation {
  Location location;
  std::string message;
};
json toJSON(const DiagnosticRelatedInformation& r);
void writeJSON(std::string& out, const DiagnosticRelatedInformation& r);

struct Diagnostic {
  Range range;
  int severity = 1;
  std::string code;
  std::string message;
  std::vector<DiagnosticRelatedInformation> relatedInformation;
  std::string data;  // Facts for quick fixes; sent when not empty.
};
json toJSON(const Diagnostic& d);
void writeJSON(std::string& out, const Diagnostic& d);

struct PublishDiagnosticsParams {
  std::string uri;
  std::optional<int32_t> version;
  std::vector<Diagnostic> diagnostics;
};
json toJSON(const PublishDiagnosticsParams& p);
void writeJSON(std::string& out, const PublishDiagnosticsParams& p);

// ---- Navigation ----------------------------------------------------------------------

struct ReferenceParams {
  TextDocumentIdentifier textDocument;
  Position position;
  bool includeDeclaration = false;  // context.includeDeclaration
};
bool fromJSON(const json& j, ReferenceParams& out, Where w);

enum class DocumentHighlightKind { Text = 1, Read = 2, Write = 3 };

struct DocumentHighlight {
  Range range;
  DocumentHighlightKind kind = DocumentHighlightKind::Text;
};
json toJSON(const DocumentHighlight& h);

// ---- Symbols -------------------------------------------------------------------------

struct DocumentSymbolParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json& j, DocumentSymbolParams& out, Where w);

/// LSP SymbolKind values kgls uses.
enum class SymbolKind {
  Class = 5,
  Property = 7,
  Field = 8,
  Interface = 11,
  Object = 19,
};

struct DocumentSymbol {
  std::string name;
  std::string detail;
  SymbolKind kind = SymbolKind::Object;
  Range range;
  Range selectionRange;
  std::vector<DocumentSymbol> children;
};
json toJSON(const DocumentSymbol& s);
void writeJSON(std::string& out, const DocumentSymbol& s);

struct SymbolInformation {
  std::string name;
  SymbolKind kind = SymbolKind::Object;
  Location location;
  std::string containerName;
};
json toJSON(const SymbolInformation& s);
void writeJSON(std::string& out, const SymbolInformation& s);

struct WorkspaceSymbolParams {
  std::string query;
};
bool fromJSON(const json& j, WorkspaceSymbolParams& out, Where w);

// ---- Structure -----------------------------------------------------------------------

struct FoldingRangeParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json& j, FoldingRangeParams& out, Where w);

struct FoldingRange {
  uint32_t startLine = 0;
  std::optional<uint32_t> startCharacter;
  uint32_t endLine = 0;
  std::optional<uint32_t> endCharacter;
  std::string kind;  // "comment", "region" or empty.
};
json toJSON(const FoldingRange& f);

struct SelectionRangeParams {
  TextDocumentIdentifier textDocument;
  std::vector<Position> positions;
};
bool fromJSON(const json& j, SelectionRangeParams& out, Where w);

/// A chain of ranges, innermost first; sent as nested {range, parent} objects.
struct SelectionRange {
  std::vector<Range> chain;
};
json toJSON(const SelectionRange& s);

// ---- Containers ----------------------------------------------------------------------

template <class T>
json toJSON(const std::vector<T>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(toJSON(item));
  return out;
}

template <class T>
json toJSON(const std::optional<T>& value) {
  return value ? toJSON(*value) : json(nullptr);
}

inline json toJSON(const json& value) { return value; }

/// The text of toJSON(items), written directly (json_text.hpp).
template <class T>
void writeJSON(std::string& out, const std::vector<T>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    writeJSON(out, items[i]);
  }
  out += ']';
}

}  // namespace kgls::lsp
