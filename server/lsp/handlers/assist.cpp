// hover, completion (+ resolve) and workspace/executeCommand (kgls.showCard,
// kgls.findDuplicates): protocol glue over language/{hover,completion} and the services.
#include "lsp/handlers/features.hpp"
#include "lsp/language/completion.hpp"
#include "lsp/language/hover.hpp"
#include "lsp/protocol/editing.hpp"

namespace kgls::lsp {

namespace {

constexpr size_t kCompletionLimit = 100;

CompletionItemKind item_kind(lang::CompletionKind k) {
  switch (k) {
    case lang::CompletionKind::Entity: return CompletionItemKind::Reference;
    case lang::CompletionKind::Kind: return CompletionItemKind::Class;
    case lang::CompletionKind::Relation: return CompletionItemKind::Function;
    case lang::CompletionKind::FieldKey: return CompletionItemKind::Property;
    case lang::CompletionKind::Value: return CompletionItemKind::Value;
  }
  return CompletionItemKind::Reference;
}

// kgls.showCard takes an ID, {"id": ...}, or a {textDocument, position} (what the VS Code
// extension sends: the card of the name under its cursor).
std::optional<std::string> card_for_argument(const lang::Snapshot& s, lang::Services& services,
                                             const json& arg) {
  if (arg.is_string()) return lang::card_markdown(s, services, arg.get<std::string>());
  if (!arg.is_object()) return std::nullopt;
  if (auto id = arg.find("id"); id != arg.end() && id->is_string())
    return lang::card_markdown(s, services, id->get<std::string>());
  JsonError error;
  auto at = parse_json<TextDocumentPositionParams>(arg, "arguments[0]", error);
  if (!at) throw std::invalid_argument(error.message());
  auto h = lang::hover(s, services, document_key(at->textDocument.uri), at->position);
  if (!h) return std::nullopt;
  return h->markdown;
}

json side(const EntityRef& ref) {
  return {{"id", ref.entity->id},
          {"uri", key_to_uri(ref.document->path)},
          {"range", toJSON(ref.entity->id_range.utf16)}};
}

}  // namespace

void bind_assist(Binder& binder, ServerCapabilities& capabilities, ServerContext& context) {
  capabilities.hover = true;
  binder.request<TextDocumentPositionParams, std::optional<Hover>>(
      "textDocument/hover",
      [&context](const TextDocumentPositionParams& p, Callback<std::optional<Hover>> reply) {
        reply_for_document(context, document_key(p.textDocument.uri), std::move(reply),
                            [&context, path = document_key(p.textDocument.uri), position = p.position](
                                const lang::Snapshot& s, const lang::CancelToken&) {
                              std::optional<Hover> out;
                              if (auto h = lang::hover(s, context.services, path, position))
                                out = Hover{std::move(h->markdown), h->range.utf16};
                              return out;
                            });
      });

  capabilities.completion = true;
  // Identifier characters start completion on their own; `:` offers a field's values.
  capabilities.completion_triggers = {":"};
  binder.request<TextDocumentPositionParams, CompletionList>(
      "textDocument/completion",
      [&context](const TextDocumentPositionParams& p, Callback<CompletionList> reply) {
        reply_for_document(
            context, document_key(p.textDocument.uri), std::move(reply),
            [path = document_key(p.textDocument.uri), position = p.position](
                const lang::Snapshot& s, const lang::CancelToken& cancel) {
              CompletionList out;
              const Document* document = s.workspace.document(path);
              if (!document) return out;
              auto list = lang::complete(s.workspace, path, position, kCompletionLimit, cancel);
              out.isIncomplete = list.incomplete;
              for (auto& c : list.items) {
                CompletionItem item;
                item.label = c.label;
                item.kind = item_kind(c.kind);
                item.detail = std::move(c.detail);
                item.filterText = std::move(c.filter_text);
                item.sortText = std::move(c.sort_text);
                item.replace = document->lines.range(c.replace).utf16;
                item.newText = c.insert_text.empty() ? c.label : c.insert_text;
                item.data = std::move(c.entity_id);
                out.items.push_back(std::move(item));
              }
              return out;
            });
      });
  binder.request<json, json>(
      "completionItem/resolve", [&context](const json& item, Callback<json> reply) {
        reply_from_snapshot(context, std::move(reply),
                            [&context, item](const lang::Snapshot& s, const lang::CancelToken&) {
                              json out = item;
                              const json* id = item.is_object() && item.contains("data") &&
                                                       item["data"].is_object() &&
                                                       item["data"].contains("id") &&
                                                       item["data"]["id"].is_string()
                                                   ? &item["data"]["id"]
                                                   : nullptr;
                              if (id) {
                                if (auto card = lang::card_markdown(s, context.services,
                                                                    id->get<std::string>())) {
                                  out["documentation"] = {{"kind", "markdown"}, {"value", *card}};
                                }
                              }
                              return out;
                            });
      });

  capabilities.commands = {"kgls.showCard", "kgls.findDuplicates"};
  binder.request<ExecuteCommandParams, json>(
      "workspace/executeCommand", [&context](const ExecuteCommandParams& p, Callback<json> reply) {
        if (p.command == "kgls.showCard") {
          if (p.arguments.empty()) {
            reply.error({ErrorCode::InvalidParams,
                         "kgls.showCard needs an argument: an ID or {textDocument, position}"});
            return;
          }
          reply_from_snapshot(context, std::move(reply),
                              [&context, arg = p.arguments[0]](const lang::Snapshot& s,
                                                               const lang::CancelToken&) {
                                auto card = card_for_argument(s, context.services, arg);
                                return card ? json(*card) : json(nullptr);
                              });
        } else if (p.command == "kgls.findDuplicates") {
          reply_from_snapshot(context, std::move(reply),
                              [&context](const lang::Snapshot& s, const lang::CancelToken&) {
                                json pairs = json::array();
                                for (const auto& d : context.services.duplicates(s)) {
                                  std::string message =
                                      d.reason == "same-name" ? "same name" : "similar text";
                                  for (const auto& why : d.disagreements) message += ", " + why;
                                  pairs.push_back({{"a", side(d.a)},
                                                   {"b", side(d.b)},
                                                   {"score", d.score},
                                                   {"message", message}});
                                }
                                return pairs;
                              });
        } else {
          reply.error({ErrorCode::InvalidParams, "unknown command: " + p.command +
                                                     " (kgls offers kgls.showCard, kgls.findDuplicates)"});
        }
      });
}

}  // namespace kgls::lsp
