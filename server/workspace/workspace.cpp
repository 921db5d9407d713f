// The workspace: documents by path, the ID table, and the cross-file checks.
#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <unordered_map>

#include "kgls/workspace.hpp"

namespace kgls {

struct Workspace::Tables {
  std::unordered_map<std::string, std::vector<EntityRef>> definitions;
  std::unordered_map<std::string, std::vector<EdgeRef>> incoming;
  std::unordered_map<std::string, std::string> lowercase_ids;  // For "did you mean" on case slips.
  std::vector<EntityRef> entities;
  Schema schema;
};

namespace {

std::mutex& tables_mutex() {
  // Building the derived tables is rare; one lock for all workspaces keeps the class copyable.
  static std::mutex m;
  return m;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string where(const Document& doc, const SourceRange& r) {
  return doc.path + ":" + std::to_string(r.lsp.start.line + 1) + ":" +
         std::to_string(doc.lines.display_column(r.bytes.begin));
}

std::string join(const std::vector<std::string>& items, size_t limit = 12) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > limit) out += ", …";
  return out;
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

Schema build_schema(const std::vector<EntityRef>& entities) {
  Schema schema;
  for (const auto& ref : entities) {
    const Entity& e = *ref.entity;
    auto list = [&](const char* key) {
      const Field* f = e.field(key);
      return f ? f->value.strings() : std::vector<std::string>{};
    };
    auto text = [&](const char* key) {
      const Field* f = e.field(key);
      return f ? f->value.display() : std::string();
    };
    if (e.kind == "kind" && !schema.kinds.count(e.id)) {
      schema.kinds[e.id] = Schema::Kind{ref, text("plural"), list("required")};
    } else if (e.kind == "relation" && !schema.relations.count(e.id)) {
      schema.relations[e.id] = Schema::Relation{ref, text("inverse"), list("from"), list("to")};
    }
  }
  return schema;
}

bool builtin_kind(std::string_view kind) { return kind == "kind" || kind == "relation"; }

}  // namespace

void Workspace::set_document(std::shared_ptr<const Document> document) {
  std::string path = document->path;
  documents_[std::move(path)] = std::move(document);
  tables_.reset();
}

void Workspace::remove_document(std::string_view path) {
  if (auto it = documents_.find(path); it != documents_.end()) {
    documents_.erase(it);
    tables_.reset();
  }
}

const Document* Workspace::document(std::string_view path) const {
  auto it = documents_.find(path);
  return it == documents_.end() ? nullptr : it->second.get();
}

std::vector<std::shared_ptr<const Document>> Workspace::documents() const {
  std::vector<std::shared_ptr<const Document>> out;
  out.reserve(documents_.size());
  for (const auto& [path, doc] : documents_) out.push_back(doc);
  return out;
}

void Workspace::ensure_tables() const {
  std::lock_guard lock(tables_mutex());
  if (tables_) return;
  auto t = std::make_shared<Tables>();
  for (const auto& [path, doc] : documents_) {
    for (const auto& e : doc->entities) {
      EntityRef ref{doc.get(), &e};
      t->entities.push_back(ref);
      t->definitions[e.id].push_back(ref);
      t->lowercase_ids.emplace(lowercase(e.id), e.id);
      for (const auto& edge : e.edges) t->incoming[edge.target].push_back({doc.get(), &e, &edge});
    }
  }
  t->schema = build_schema(t->entities);
  tables_ = std::move(t);
}

const std::vector<EntityRef>& Workspace::definitions(std::string_view id) const {
  static const std::vector<EntityRef> none;
  ensure_tables();
  auto it = tables_->definitions.find(std::string(id));
  return it == tables_->definitions.end() ? none : it->second;
}

EntityRef Workspace::find(std::string_view id) const {
  const auto& defs = definitions(id);
  return defs.empty() ? EntityRef{} : defs.front();
}

const std::vector<EdgeRef>& Workspace::incoming(std::string_view id) const {
  static const std::vector<EdgeRef> none;
  ensure_tables();
  auto it = tables_->incoming.find(std::string(id));
  return it == tables_->incoming.end() ? none : it->second;
}

std::vector<EntityRef> Workspace::entities() const {
  ensure_tables();
  return tables_->entities;
}

const Schema& Workspace::schema() const {
  ensure_tables();
  return tables_->schema;
}

std::map<std::string, std::vector<Diagnostic>> Workspace::diagnostics() const {
  ensure_tables();
  const Tables& t = *tables_;
  std::map<std::string, std::vector<Diagnostic>> out;
  for (const auto& [path, doc] : documents_) out[path] = doc->diagnostics;

  auto add = [&](const Document& doc, SourceRange range, Severity severity, const char* code, std::string message,
                 std::string data = {}) -> Diagnostic& {
    auto& list = out[doc.path];
    Diagnostic d;
    d.range = range;
    d.severity = severity;
    d.code = code;
    d.message = std::move(message);
    d.data = std::move(data);
    list.push_back(std::move(d));
    return list.back();
  };

  // duplicate-id: on every definition, each pointing at the others.
  for (const auto& [id, defs] : t.definitions) {
    if (defs.size() < 2) continue;
    for (const auto& ref : defs) {
      std::vector<std::string> others;
      std::vector<RelatedLocation> related;
      for (const auto& other : defs) {
        if (other.entity == ref.entity) continue;
        others.push_back(where(*other.document, other.entity->id_range));
        related.push_back({other.document->path, other.entity->id_range, "other definition of `" + id + "`"});
      }
      auto& d = add(*ref.document, ref.entity->id_range, Severity::Error, "duplicate-id",
                    "`" + id + "` is defined " + std::to_string(defs.size()) + " times; also at " + join(others, 5),
                    id);
      d.related = std::move(related);
    }
  }

  const Schema& schema = t.schema;
  std::vector<std::string> kind_names, relation_names;
  for (const auto& [name, k] : schema.kinds) kind_names.push_back(name);
  for (const auto& [name, r] : schema.relations) relation_names.push_back(name);

  for (const auto& ref : t.entities) {
    const Document& doc = *ref.document;
    const Entity& e = *ref.entity;
    // unknown-kind and missing-field.
    if (!builtin_kind(e.kind) && !schema.kinds.empty()) {
      auto k = schema.kinds.find(e.kind);
      if (k == schema.kinds.end()) {
        add(doc, e.kind_range, Severity::Warning, "unknown-kind",
            "kind `" + e.kind + "` is not declared; declared kinds: " + join(kind_names), e.kind);
      } else {
        for (const auto& key : k->second.required) {
          if (!e.field(key)) {
            add(doc, e.id_range, Severity::Warning, "missing-field",
                "`" + e.id + "` has no `" + key + "` field, which kind `" + e.kind + "` requires", key);
          }
        }
      }
    }
    for (const auto& edge : e.edges) {
      // unresolved-reference.
      auto defs = t.definitions.find(edge.target);
      const Entity* target = defs == t.definitions.end() ? nullptr : defs->second.front().entity;
      if (!target) {
        std::string message = "no entity `" + edge.target + "` is defined in the workspace";
        auto near = t.lowercase_ids.find(lowercase(edge.target));
        if (near != t.lowercase_ids.end()) message += "; did you mean `" + near->second + "`? (IDs are case-sensitive)";
        add(doc, edge.target_range, Severity::Error, "unresolved-reference", std::move(message), edge.target);
      }
      // unknown-relation and relation-kinds.
      if (schema.relations.empty()) continue;
      auto r = schema.relations.find(edge.relation);
      if (r == schema.relations.end()) {
        add(doc, edge.relation_range, Severity::Warning, "unknown-relation",
            "relation `" + edge.relation + "` is not declared; declared relations: " + join(relation_names),
            edge.relation);
        continue;
      }
      const auto& rel = r->second;
      if (!rel.from.empty() && !contains(rel.from, e.kind)) {
        add(doc, edge.relation_range, Severity::Warning, "relation-kinds",
            "`" + edge.relation + "` does not go from a `" + e.kind + "`; it goes from: " + join(rel.from),
            edge.relation);
      }
      if (target && !rel.to.empty() && !contains(rel.to, target->kind)) {
        add(doc, edge.target_range, Severity::Warning, "relation-kinds",
            "`" + edge.relation + "` does not lead to a `" + target->kind + "` (`" + edge.target +
                "`); it leads to: " + join(rel.to),
            edge.relation);
      }
    }
  }
  for (auto& [path, list] : out) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.range.bytes.begin < b.range.bytes.begin; });
  }
  return out;
}

}  // namespace kgls
