#include "lsp/protocol/protocol.hpp"

namespace kgls::lsp {

// ---- Basic structures ----------------------------------------------------------------

bool fromJSON(const json& j, Position& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("line", out.line) && o.required("character", out.character);
}

json toJSON(const Position& p) { return {{"line", p.line}, {"character", p.character}}; }

bool fromJSON(const json& j, Range& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("start", out.start) && o.required("end", out.end);
}

json toJSON(const Range& r) { return {{"start", toJSON(r.start)}, {"end", toJSON(r.end)}}; }

json toJSON(const Location& l) { return {{"uri", l.uri}, {"range", toJSON(l.range)}}; }

// The writers put members in name order, as nlohmann's object map does (json_text.hpp).
void writeJSON(std::string& out, const Position& p) {
  out += "{\"character\":";
  append_json_number(out, p.character);
  out += ",\"line\":";
  append_json_number(out, p.line);
  out += '}';
}

void writeJSON(std::string& out, const Range& r) {
  out += "{\"end\":";
  writeJSON(out, r.end);
  out += ",\"start\":";
  writeJSON(out, r.start);
  out += '}';
}

void writeJSON(std::string& out, const Location& l) {
  out += "{\"range\":";
  writeJSON(out, l.range);
  out += ",\"uri\":";
  append_json_string(out, l.uri);
  out += '}';
}

bool fromJSON(const json& j, TextDocumentIdentifier& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("uri", out.uri);
}

bool fromJSON(const json& j, VersionedTextDocumentIdentifier& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("uri", out.uri) && o.required("version", out.version);
}

bool fromJSON(const json& j, TextDocumentItem& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("uri", out.uri) && o.optional("languageId", out.languageId) &&
         o.required("version", out.version) && o.required("text", out.text);
}

bool fromJSON(const json& j, TextDocumentPositionParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument) &&
         o.required("position", out.position);
}

bool fromJSON(const json& j, NoParams&, Where w) {
  return j.is_null() || j.is_object() || w.expected("no params or an object", j);
}

bool fromJSON(const json& j, CancelParams& out, Where w) {
  ObjectReader o(j, w);
  if (!o || !o.required("id", out.id)) return false;
  return out.id.is_number_integer() || out.id.is_string() ||
         w.field("id").expected("an integer or a string", out.id);
}

// ---- Lifecycle -----------------------------------------------------------------------

bool fromJSON(const json& j, WorkspaceFolder& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("uri", out.uri) && o.optional("name", out.name);
}

json toJSON(const WorkspaceFolder& f) { return {{"uri", f.uri}, {"name", f.name}}; }

namespace {

// Follows a path of object members; null when any step is missing or not an object.
const json* dig(const json& j, std::initializer_list<const char*> keys) {
  const json* at = &j;
  for (const char* key : keys) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

bool flag(const json& j, std::initializer_list<const char*> keys) {
  const json* v = dig(j, keys);
  return v && v->is_boolean() && v->get<bool>();
}

}  // namespace

bool fromJSON(const json& j, ClientCapabilities& out, Where w) {
  if (!j.is_object()) return w.expected("an object", j);
  out.work_done_progress = flag(j, {"window", "workDoneProgress"});
  out.watched_files_dynamic_registration =
      flag(j, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  out.workspace_folders = flag(j, {"workspace", "workspaceFolders"});
  out.hierarchical_document_symbols =
      flag(j, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
  out.line_folding_only = flag(j, {"textDocument", "foldingRange", "lineFoldingOnly"});
  if (const json* limit = dig(j, {"textDocument", "foldingRange", "rangeLimit"});
      limit && limit->is_number_unsigned()) {
    out.folding_range_limit = limit->get<uint32_t>();
  }
  out.diagnostic_related_information =
      flag(j, {"textDocument", "publishDiagnostics", "relatedInformation"});
  out.workspace_edit_document_changes = flag(j, {"workspace", "workspaceEdit", "documentChanges"});
  return true;
}

bool fromJSON(const json& j, InitializeParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.optional("processId", out.processId) && o.optional("rootUri", out.rootUri) &&
         o.optional("rootPath", out.rootPath) &&
         o.optional("workspaceFolders", out.workspaceFolders) &&
         o.optional("capabilities", out.capabilities) &&
         o.optional("initializationOptions", out.initializationOptions);
}

json toJSON(const ServerCapabilities& c) {
  json caps = {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2 /* incremental */}, {"save", {{"includeText", false}}}}},
      {"workspace",
       {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
  };
  if (c.definition) caps["definitionProvider"] = true;
  if (c.references) caps["referencesProvider"] = true;
  if (c.document_highlight) caps["documentHighlightProvider"] = true;
  if (c.document_symbol) caps["documentSymbolProvider"] = true;
  if (c.workspace_symbol) caps["workspaceSymbolProvider"] = true;
  if (c.folding_range) caps["foldingRangeProvider"] = true;
  if (c.selection_range) caps["selectionRangeProvider"] = true;
  if (c.type_hierarchy) caps["typeHierarchyProvider"] = true;
  if (c.call_hierarchy) caps["callHierarchyProvider"] = true;
  if (c.hover) caps["hoverProvider"] = true;
  if (c.completion) {
    caps["completionProvider"] = {{"resolveProvider", true},
                                  {"triggerCharacters", c.completion_triggers}};
  }
  if (c.rename) caps["renameProvider"] = {{"prepareProvider", true}};
  if (c.code_action) caps["codeActionProvider"] = {{"codeActionKinds", {"quickfix"}}};
  if (c.formatting) caps["documentFormattingProvider"] = true;
  if (c.range_formatting) caps["documentRangeFormattingProvider"] = true;
  if (!c.token_types.empty()) {
    caps["semanticTokensProvider"] = {
        {"legend", {{"tokenTypes", c.token_types}, {"tokenModifiers", c.token_modifiers}}},
        {"full", true},
        {"range", true}};
  }
  if (c.inlay_hint) caps["inlayHintProvider"] = true;
  if (c.code_lens) caps["codeLensProvider"] = {{"resolveProvider", false}};
  if (!c.commands.empty()) caps["executeCommandProvider"] = {{"commands", c.commands}};
  return caps;
}

json toJSON(const InitializeResult& r) {
  return {{"capabilities", toJSON(r.capabilities)},
          {"serverInfo", {{"name", "kgls"}, {"version", r.server_version}}}};
}

bool fromJSON(const json& j, lang::Options& out, Where w) {
  if (j.is_null()) return true;
  ObjectReader o(j, w);
  if (!o) return false;
  if (const json* inner = o.member("kgls")) return fromJSON(*inner, out, w.field("kgls"));
  if (const json* d = o.member("diagnostics")) {
    ObjectReader diagnostics(*d, w.field("diagnostics"));
    uint32_t delay = static_cast<uint32_t>(out.diagnostics_delay.count());
    if (!diagnostics || !diagnostics.optional("delay", delay) ||
        !diagnostics.optional("workspace", out.workspace_diagnostics) ||
        !diagnostics.optional("mentions", out.mentions)) {
      return false;
    }
    out.diagnostics_delay = std::chrono::milliseconds(delay);
  }
  if (const json* s = o.member("workspaceSymbols")) {
    ObjectReader symbols(*s, w.field("workspaceSymbols"));
    uint32_t limit = static_cast<uint32_t>(out.workspace_symbol_limit);
    if (!symbols || !symbols.optional("limit", limit)) return false;
    out.workspace_symbol_limit = limit;
  }
  if (const json* f = o.member("files")) {
    ObjectReader files(*f, w.field("files"));
    int64_t max_size = static_cast<int64_t>(out.max_file_size);
    if (!files || !files.optional("maxSize", max_size)) return false;
    if (max_size < 0) return w.field("files").field("maxSize").fail("must not be negative");
    out.max_file_size = static_cast<uint64_t>(max_size);
  }
  if (const json* i = o.member("index")) {
    ObjectReader index(*i, w.field("index"));
    if (!index || !index.optional("path", out.index_path) ||
        !index.optional("enabled", out.index_enabled)) {
      return false;
    }
  }
  if (const json* s = o.member("similarity")) {
    const Where at = w.field("similarity");
    ObjectReader similarity(*s, at);
    SimilaritySettings& out_s = out.similarity;
    if (!similarity || !similarity.optional("duplicates", out_s.duplicates) ||
        !similarity.optional("threshold", out_s.similarity_threshold) ||
        !similarity.optional("duplicateThreshold", out_s.duplicate_threshold) ||
        !similarity.optional("relatedLimit", out_s.related_limit)) {
      return false;
    }
    if (!(out_s.similarity_threshold >= -1 && out_s.similarity_threshold <= 1))
      return at.field("threshold").fail("must be a cosine between -1 and 1");
    if (!(out_s.duplicate_threshold >= -1 && out_s.duplicate_threshold <= 1))
      return at.field("duplicateThreshold").fail("must be a score between -1 and 1");
    if (const json* e = similarity.member("embedder")) {
      const Where where = at.field("embedder");
      ObjectReader embedder(*e, where);
      EmbedderSettings& es = out_s.embedder;
      uint32_t timeout = static_cast<uint32_t>(es.timeout.count());
      if (!embedder || !embedder.optional("kind", es.kind) || !embedder.optional("url", es.url) ||
          !embedder.optional("model", es.model) ||
          !embedder.optional("apiKeyEnv", es.api_key_env) ||
          !embedder.optional("command", es.command) ||
          !embedder.optional("dimensions", es.dimensions) ||
          !embedder.optional("batchSize", es.batch_size) ||
          !embedder.optional("timeout", timeout) || !embedder.optional("retries", es.retries)) {
        return false;
      }
      es.timeout = std::chrono::milliseconds(timeout);
      if (es.kind != "builtin" && es.kind != "http" && es.kind != "command")
        return where.field("kind").fail("must be builtin, http or command, got \"" + es.kind + "\"");
    }
  }
  return true;
}

// ---- Document synchronisation --------------------------------------------------------

bool fromJSON(const json& j, DidOpenTextDocumentParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument);
}

bool fromJSON(const json& j, TextDocumentContentChangeEvent& out, Where w) {
  ObjectReader o(j, w);
  return o && o.optional("range", out.range) && o.required("text", out.text);
}

bool fromJSON(const json& j, DidChangeTextDocumentParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument) &&
         o.required("contentChanges", out.contentChanges);
}

bool fromJSON(const json& j, DidCloseTextDocumentParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument);
}

bool fromJSON(const json& j, DidSaveTextDocumentParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument);
}

bool fromJSON(const json& j, FileEvent& out, Where w) {
  ObjectReader o(j, w);
  int32_t type = 0;
  if (!o || !o.required("uri", out.uri) || !o.required("type", type)) return false;
  if (type < 1 || type > 3) return w.field("type").fail("expected 1, 2 or 3, got " + std::to_string(type));
  out.type = static_cast<FileChangeType>(type);
  return true;
}

bool fromJSON(const json& j, DidChangeWatchedFilesParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("changes", out.changes);
}

bool fromJSON(const json& j, DidChangeWorkspaceFoldersParams& out, Where w) {
  ObjectReader o(j, w);
  if (!o) return false;
  const json* event = o.member("event");
  if (!event) return w.field("event").fail("missing");
  ObjectReader e(*event, w.field("event"));
  return e && e.required("added", out.added) && e.required("removed", out.removed);
}

bool fromJSON(const json& j, DidChangeConfigurationParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.optional("settings", out.settings);
}

// ---- Server -> client ----------------------------------------------------------------

json toJSON(const FileSystemWatcher& w) { return {{"globPattern", w.globPattern}}; }

json toJSON(const Registration& r) {
  return {{"id", r.id},
          {"method", r.method},
          {"registerOptions", {{"watchers", toJSON(r.watchers)}}}};
}

json toJSON(const RegistrationParams& p) { return {{"registrations", toJSON(p.registrations)}}; }

json toJSON(const WorkDoneProgressCreateParams& p) { return {{"token", p.token}}; }

json toJSON(const ProgressParams& p) {
  json value;
  switch (p.kind) {
    case ProgressParams::Kind::Begin:
      value = {{"kind", "begin"}, {"title", p.title}, {"cancellable", false}};
      break;
    case ProgressParams::Kind::Report:
      value = {{"kind", "report"}};
      break;
    case ProgressParams::Kind::End:
      value = {{"kind", "end"}};
      break;
  }
  if (!p.message.empty()) value["message"] = p.message;
  if (p.percentage && p.kind != ProgressParams::Kind::End) value["percentage"] = *p.percentage;
  return {{"token", p.token}, {"value", value}};
}

json toJSON(const ShowMessageParams& p) {
  return {{"type", static_cast<int>(p.type)}, {"message", p.message}};
}

// ---- Diagnostics ---------------------------------------------------------------------

json toJSON(const DiagnosticRelatedInformation& r) {
  return {{"location", toJSON(r.location)}, {"message", r.message}};
}

json toJSON(const Diagnostic& d) {
  json out = {{"range", toJSON(d.range)},
              {"severity", d.severity},
              {"code", d.code},
              {"source", "kgls"},
              {"message", d.message}};
  if (!d.relatedInformation.empty()) out["relatedInformation"] = toJSON(d.relatedInformation);
  if (!d.data.empty()) out["data"] = d.data;
  return out;
}

json toJSON(const PublishDiagnosticsParams& p) {
  json out = {{"uri", p.uri}, {"diagnostics", toJSON(p.diagnostics)}};
  if (p.version) out["version"] = *p.version;
  return out;
}

void writeJSON(std::string& out, const DiagnosticRelatedInformation& r) {
  out += "{\"location\":";
  writeJSON(out, r.location);
  out += ",\"message\":";
  append_json_string(out, r.message);
  out += '}';
}

void writeJSON(std::string& out, const Diagnostic& d) {
  out += "{\"code\":";
  append_json_string(out, d.code);
  if (!d.data.empty()) {
    out += ",\"data\":";
    append_json_string(out, d.data);
  }
  out += ",\"message\":";
  append_json_string(out, d.message);
  out += ",\"range\":";
  writeJSON(out, d.range);
  if (!d.relatedInformation.empty()) {
    out += ",\"relatedInformation\":";
    writeJSON(out, d.relatedInformation);
  }
  out += ",\"severity\":";
  append_json_number(out, d.severity);
  out += ",\"source\":\"kgls\"}";
}

void writeJSON(std::string& out, const PublishDiagnosticsParams& p) {
  out += "{\"diagnostics\":";
  writeJSON(out, p.diagnostics);
  out += ",\"uri\":";
  append_json_string(out, p.uri);
  if (p.version) {
    out += ",\"version\":";
    append_json_number(out, *p.version);
  }
  out += '}';
}

// ---- Navigation ----------------------------------------------------------------------

bool fromJSON(const json& j, ReferenceParams& out, Where w) {
  ObjectReader o(j, w);
  if (!o || !o.required("textDocument", out.textDocument) ||
      !o.required("position", out.position)) {
    return false;
  }
  // `context` is required by the spec; a client that leaves it out gets the default.
  if (const json* context = o.member("context")) {
    ObjectReader c(*context, w.field("context"));
    return c && c.optional("includeDeclaration", out.includeDeclaration);
  }
  return true;
}

json toJSON(const DocumentHighlight& h) {
  return {{"range", toJSON(h.range)}, {"kind", static_cast<int>(h.kind)}};
}

// ---- Symbols -------------------------------------------------------------------------

bool fromJSON(const json& j, DocumentSymbolParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument);
}

json toJSON(const DocumentSymbol& s) {
  json out = {{"name", s.name},
              {"kind", static_cast<int>(s.kind)},
              {"range", toJSON(s.range)},
              {"selectionRange", toJSON(s.selectionRange)}};
  if (!s.detail.empty()) out["detail"] = s.detail;
  if (!s.children.empty()) out["children"] = toJSON(s.children);
  return out;
}

json toJSON(const SymbolInformation& s) {
  json out = {{"name", s.name}, {"kind", static_cast<int>(s.kind)},
              {"location", toJSON(s.location)}};
  if (!s.containerName.empty()) out["containerName"] = s.containerName;
  return out;
}

void writeJSON(std::string& out, const DocumentSymbol& s) {
  out += '{';
  if (!s.children.empty()) {
    out += "\"children\":";
    writeJSON(out, s.children);
    out += ',';
  }
  if (!s.detail.empty()) {
    out += "\"detail\":";
    append_json_string(out, s.detail);
    out += ',';
  }
  out += "\"kind\":";
  append_json_number(out, static_cast<int>(s.kind));
  out += ",\"name\":";
  append_json_string(out, s.name);
  out += ",\"range\":";
  writeJSON(out, s.range);
  out += ",\"selectionRange\":";
  writeJSON(out, s.selectionRange);
  out += '}';
}

void writeJSON(std::string& out, const SymbolInformation& s) {
  out += '{';
  if (!s.containerName.empty()) {
    out += "\"containerName\":";
    append_json_string(out, s.containerName);
    out += ',';
  }
  out += "\"kind\":";
  append_json_number(out, static_cast<int>(s.kind));
  out += ",\"location\":";
  writeJSON(out, s.location);
  out += ",\"name\":";
  append_json_string(out, s.name);
  out += '}';
}

bool fromJSON(const json& j, WorkspaceSymbolParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("query", out.query);
}

// ---- Structure -----------------------------------------------------------------------

bool fromJSON(const json& j, FoldingRangeParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument);
}

json toJSON(const FoldingRange& f) {
  json out = {{"startLine", f.startLine}, {"endLine", f.endLine}};
  if (f.startCharacter) out["startCharacter"] = *f.startCharacter;
  if (f.endCharacter) out["endCharacter"] = *f.endCharacter;
  if (!f.kind.empty()) out["kind"] = f.kind;
  return out;
}

bool fromJSON(const json& j, SelectionRangeParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument) &&
         o.required("positions", out.positions);
}

json toJSON(const SelectionRange& s) {
  json out = nullptr;
  // Built from the outermost range inwards, so each inner range holds its parent.
  for (auto it = s.chain.rbegin(); it != s.chain.rend(); ++it) {
    json node = {{"range", toJSON(*it)}};
    if (!out.is_null()) node["parent"] = std::move(out);
    out = std::move(node);
  }
  return out;
}

}  // namespace kgls::lsp
