#include "lsp/protocol/editing.hpp"

namespace kgls::lsp {

json toJSON(const Hover& h) {
  return {{"contents", {{"kind", "markdown"}, {"value", h.markdown}}}, {"range", toJSON(h.range)}};
}

json toJSON(const CompletionItem& c) {
  json out = {{"label", c.label},
              {"kind", static_cast<int>(c.kind)},
              {"detail", c.detail},
              {"filterText", c.filterText},
              {"sortText", c.sortText},
              {"textEdit", {{"range", toJSON(c.replace)}, {"newText", c.newText}}}};
  if (!c.data.empty()) out["data"] = {{"id", c.data}};
  return out;
}

json toJSON(const CompletionList& l) {
  return {{"isIncomplete", l.isIncomplete}, {"items", toJSON(l.items)}};
}

json toJSON(const TextEdit& e) { return {{"range", toJSON(e.range)}, {"newText", e.newText}}; }

json toJSON(const WorkspaceEdit& e) {
  if (e.document_changes) {
    json changes = json::array();
    for (const auto& f : e.files) {
      changes.push_back({{"textDocument",
                          {{"uri", f.uri}, {"version", f.version ? json(*f.version) : json(nullptr)}}},
                         {"edits", toJSON(f.edits)}});
    }
    return {{"documentChanges", changes}};
  }
  json changes = json::object();
  for (const auto& f : e.files) changes[f.uri] = toJSON(f.edits);
  return {{"changes", changes}};
}

bool fromJSON(const json& j, RenameParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument) && o.required("position", out.position) &&
         o.required("newName", out.newName);
}

json toJSON(const PrepareRenameResult& r) {
  return {{"range", toJSON(r.range)}, {"placeholder", r.placeholder}};
}

bool fromJSON(const json& j, CodeActionDiagnostic& out, Where w) {
  ObjectReader o(j, w);
  if (!o || !o.required("range", out.range) || !o.optional("message", out.message)) return false;
  out.original = j;
  if (auto it = j.find("code"); it != j.end()) {
    if (it->is_string()) out.code = it->get<std::string>();
    else if (it->is_number_integer()) out.code = std::to_string(it->get<int64_t>());
  }
  if (auto it = j.find("data"); it != j.end() && it->is_string()) out.data = it->get<std::string>();
  return true;
}

bool fromJSON(const json& j, CodeActionParams& out, Where w) {
  ObjectReader o(j, w);
  if (!o || !o.required("textDocument", out.textDocument) || !o.required("range", out.range)) return false;
  const json* context = o.member("context");
  if (!context) return true;
  ObjectReader c(*context, w.field("context"));
  return c && c.optional("diagnostics", out.diagnostics) && c.optional("only", out.only);
}

json toJSON(const CodeAction& a) {
  json out = {{"title", a.title}, {"kind", "quickfix"}, {"edit", toJSON(a.edit)}};
  if (!a.diagnostic.is_null()) out["diagnostics"] = json::array({a.diagnostic});
  if (a.isPreferred) out["isPreferred"] = true;
  return out;
}

bool fromJSON(const json& j, DocumentFormattingParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument);
}

bool fromJSON(const json& j, DocumentRangeFormattingParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument) && o.required("range", out.range);
}

bool fromJSON(const json& j, SemanticTokensParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument) && o.optional("range", out.range);
}

json toJSON(const SemanticTokens& t) { return {{"data", t.data}}; }

void writeJSON(std::string& out, const SemanticTokens& t) {
  out += "{\"data\":[";
  for (size_t i = 0; i < t.data.size(); ++i) {
    if (i > 0) out += ',';
    append_json_number(out, t.data[i]);
  }
  out += "]}";
}

bool fromJSON(const json& j, InlayHintParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument) && o.required("range", out.range);
}

json toJSON(const InlayHint& h) {
  return {{"position", toJSON(h.position)},
          {"label", h.label},
          {"kind", 1 /* Type: the closest of the two kinds to "what this names" */},
          {"paddingLeft", true},
          {"tooltip", h.tooltip}};
}

bool fromJSON(const json& j, CodeLensParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("textDocument", out.textDocument);
}

json toJSON(const CodeLens& l) {
  return {{"range", toJSON(l.range)},
          {"command",
           {{"title", l.title},
            {"command", "editor.action.showReferences"},
            {"arguments", {l.uri, toJSON(l.position), toJSON(l.locations)}}}}};
}

bool fromJSON(const json& j, ExecuteCommandParams& out, Where w) {
  ObjectReader o(j, w);
  return o && o.required("command", out.command) && o.optional("arguments", out.arguments);
}

}  // namespace kgls::lsp
