// The workspace: documents by path, the ID table, and the cross-file checks.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <set>
#include <unordered_map>

#include "kgls/support/fold.hpp"
#include "kgls/workspace.hpp"

namespace kgls {

namespace {

// Lets a table be searched with a string_view: no key string is built per lookup (a card
// of a hub looks up thousands).
struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class V>
using ByID = std::unordered_map<std::string, V, ViewHash, std::equal_to<>>;

}  // namespace

struct Workspace::Tables {
  std::vector<std::shared_ptr<const Document>> documents;  // Keeps the refs below valid.
  // One entry per ID: where it is defined and which edges point at it.
  struct Names {
    std::vector<EntityRef> definitions;
    std::vector<EdgeRef> incoming;
  };
  ByID<Names> ids;
  const Names* names(std::string_view id) const {
    if (ids.empty()) return nullptr;  // The overlay mostly is: no hashing for nothing.
    auto it = ids.find(id);
    return it == ids.end() ? nullptr : &it->second;
  }
  ByID<std::string> lowercase_ids;  // For "did you mean" on case slips.
  Schema schema;
};

namespace {

std::mutex& tables_mutex() {
  // Building the derived tables is rare; one lock for all workspaces keeps the class copyable.
  static std::mutex m;
  return m;
}

std::string where(const Document& doc, const SourceRange& r) {
  return doc.path + ":" + std::to_string(r.utf16.start.line + 1) + ":" +
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
    if (e.schema() == SchemaKind::Kind && !schema.kinds.count(e.id)) {
      schema.kinds[e.id] = Schema::Kind{ref, text("plural"), list("required")};
    } else if (e.schema() == SchemaKind::Relation && !schema.relations.count(e.id)) {
      const Field* hierarchy = e.field("hierarchy");
      schema.relations[e.id] =
          Schema::Relation{ref, text("inverse"), list("from"), list("to"),
                           hierarchy && hierarchy->value.type == Value::Type::Bool &&
                               hierarchy->value.boolean};
    } else if (e.schema() == SchemaKind::Field && !schema.fields.count(e.id)) {
      schema.fields[e.id] = Schema::Field{ref, list("values")};
    }
  }
  return schema;
}

bool declares_schema(const Document& doc) {
  return std::any_of(doc.entities.begin(), doc.entities.end(),
                     [](const Entity& e) { return e.is_schema(); });
}

// More changed documents than this and the tables are rebuilt rather than overlaid.
constexpr size_t kMaxOverlay = 32;

// Path order, then file order: the order of a full build.
bool before(const EntityRef& a, const EntityRef& b) {
  if (a.document != b.document) return a.document->path < b.document->path;
  return a.entity < b.entity;
}

}  // namespace

void Workspace::note_change(const Document* old, std::shared_ptr<const Document> added) {
  // The same text parsed again (a file opened as it is on disk) is the same content.
  static std::atomic<uint64_t> revisions{0};
  if (!old || !added || old->text != added->text) revision_ = ++revisions;
  overlay_.reset();
  if (!base_) return;  // Built from scratch when next needed.
  if ((old && declares_schema(*old)) || (added && declares_schema(*added))) {
    base_.reset();
    return;
  }
  if (old) {
    auto it = std::find_if(fresh_.begin(), fresh_.end(),
                           [&](const auto& d) { return d.get() == old; });
    if (it != fresh_.end()) {
      fresh_.erase(it);
    } else {
      masked_.push_back(old);
    }
  }
  if (added) fresh_.push_back(std::move(added));
  if (fresh_.size() + masked_.size() > kMaxOverlay) base_.reset();
}

void Workspace::set_document(std::shared_ptr<const Document> document) {
  std::lock_guard lock(tables_mutex());
  auto& slot = documents_[document->path];
  // Held until note_change() has compared it: this map may have been its last owner.
  const std::shared_ptr<const Document> old = std::move(slot);
  slot = document;
  note_change(old.get(), std::move(document));
}

void Workspace::remove_document(std::string_view path) {
  if (auto it = documents_.find(path); it != documents_.end()) {
    std::lock_guard lock(tables_mutex());
    const std::shared_ptr<const Document> old = std::move(it->second);  // As in set_document.
    documents_.erase(it);
    note_change(old.get(), nullptr);
  }
}

const Document* Workspace::document(std::string_view path) const {
  auto it = documents_.find(path);
  return it == documents_.end() ? nullptr : it->second.get();
}

std::shared_ptr<const Document> Workspace::shared_document(std::string_view path) const {
  auto it = documents_.find(path);
  return it == documents_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const Document>> Workspace::documents() const {
  std::vector<std::shared_ptr<const Document>> out;
  out.reserve(documents_.size());
  for (const auto& [path, doc] : documents_) out.push_back(doc);
  return out;
}

void Workspace::add_document(Tables& t, const std::shared_ptr<const Document>& doc) {
  t.documents.push_back(doc);
  for (const auto& e : doc->entities) {
    EntityRef ref{doc.get(), &e};
    t.ids[e.id].definitions.push_back(ref);
    t.lowercase_ids.emplace(fold_case(e.id), e.id);
    for (const auto& edge : e.edges) t.ids[edge.target].incoming.push_back({doc.get(), &e, &edge});
  }
}

void Workspace::ensure_tables() const {
  std::lock_guard lock(tables_mutex());
  if (!base_) {
    auto t = std::make_shared<Tables>();
    t->documents.reserve(documents_.size());
    std::vector<EntityRef> entities;
    for (const auto& [path, doc] : documents_) {
      add_document(*t, doc);
      for (const auto& e : doc->entities) entities.push_back({doc.get(), &e});
    }
    t->schema = build_schema(entities);
    base_ = std::move(t);
    masked_.clear();
    fresh_.clear();
    overlay_.reset();
  }
  if (!overlay_) {
    auto t = std::make_shared<Tables>();
    for (const auto& doc : fresh_) add_document(*t, doc);
    overlay_ = std::move(t);
  }
}

bool Workspace::masked(const Document* document) const {
  return std::find(masked_.begin(), masked_.end(), document) != masked_.end();
}

std::vector<EntityRef> Workspace::definitions(std::string_view id) const {
  ensure_tables();
  std::vector<EntityRef> out;
  if (const auto* n = base_->names(id)) {
    for (const auto& ref : n->definitions)
      if (!masked(ref.document)) out.push_back(ref);
  }
  if (const auto* n = overlay_->names(id); n && !n->definitions.empty()) {
    out.insert(out.end(), n->definitions.begin(), n->definitions.end());
    std::sort(out.begin(), out.end(), before);
  }
  return out;
}

EntityRef Workspace::sole_definition(std::string_view id) const {
  ensure_tables();
  EntityRef out;
  size_t count = 0;
  for (const Tables* t : {base_.get(), overlay_.get()}) {
    const auto* n = t->names(id);
    if (!n) continue;
    for (const auto& ref : n->definitions) {
      if (t == base_.get() && masked(ref.document)) continue;
      if (++count > 1) return {};
      out = ref;
    }
  }
  return out;
}

EntityRef Workspace::find(std::string_view id) const {
  ensure_tables();
  return first_definition_ref(id);
}

Workspace::About Workspace::about(std::string_view id) const {
  ensure_tables();
  About out;
  const EntityRef* best = nullptr;
  size_t edges = 0;
  if (const auto* n = base_->names(id)) {
    for (const auto& ref : n->definitions) {
      if (masked(ref.document)) continue;
      if (!best) best = &ref;
      edges += ref.entity->edges.size();
    }
    if (masked_.empty()) {
      edges += n->incoming.size();
    } else {
      for (const auto& ref : n->incoming) edges += !masked(ref.document);
    }
  }
  if (const auto* n = overlay_->names(id)) {
    for (const auto& ref : n->definitions) {
      if (!best || before(ref, *best)) best = &ref;
      edges += ref.entity->edges.size();
    }
    edges += n->incoming.size();
  }
  if (best) out.first = *best;
  out.edge_count = edges;
  return out;
}

std::vector<EdgeRef> Workspace::incoming(std::string_view id) const {
  ensure_tables();
  std::vector<EdgeRef> out;
  if (const auto* n = base_->names(id)) {
    for (const auto& ref : n->incoming)
      if (!masked(ref.document)) out.push_back(ref);
  }
  if (const auto* n = overlay_->names(id); n && !n->incoming.empty()) {
    out.insert(out.end(), n->incoming.begin(), n->incoming.end());
    std::stable_sort(out.begin(), out.end(), [](const EdgeRef& a, const EdgeRef& b) {
      return a.document != b.document && a.document->path < b.document->path;
    });
  }
  return out;
}

std::vector<EntityRef> Workspace::entities() const {
  std::vector<EntityRef> out;
  for (const auto& [path, doc] : documents_) {
    for (const auto& e : doc->entities) out.push_back({doc.get(), &e});
  }
  return out;
}

const Schema& Workspace::schema() const {
  // Documents that declare kinds or relations never go into the overlay.
  ensure_tables();
  return base_->schema;
}

const Entity* Workspace::first_definition(std::string_view id) const {
  return first_definition_ref(id).entity;
}

EntityRef Workspace::first_definition_ref(std::string_view id) const {
  const EntityRef* best = nullptr;
  if (const auto* n = base_->names(id)) {
    for (const auto& ref : n->definitions) {
      if (!masked(ref.document)) {
        best = &ref;
        break;
      }
    }
  }
  if (const auto* n = overlay_->names(id); n && !n->definitions.empty()) {
    if (!best || before(n->definitions.front(), *best)) best = &n->definitions.front();
  }
  return best ? *best : EntityRef{};
}

std::string Workspace::case_slip(std::string_view target) const {
  const std::string lower = fold_case(target);
  for (const Tables* t : {base_.get(), overlay_.get()}) {
    auto near = t->lowercase_ids.find(lower);
    if (near != t->lowercase_ids.end() && first_definition(near->second)) return near->second;
  }
  return {};
}

void Workspace::check(const Document& doc, std::vector<Diagnostic>& list) const {
  list = doc.diagnostics;
  auto add = [&](SourceRange range, Severity severity, const char* code, std::string message,
                 std::string data = {}) -> Diagnostic& {
    Diagnostic d;
    d.range = range;
    d.severity = severity;
    d.code = code;
    d.message = std::move(message);
    d.data = std::move(data);
    list.push_back(std::move(d));
    return list.back();
  };

  const Schema& schema = base_->schema;
  std::vector<std::string> kind_names, relation_names;
  for (const auto& [name, k] : schema.kinds) kind_names.push_back(name);
  for (const auto& [name, r] : schema.relations) relation_names.push_back(name);

  for (const Entity& e : doc.entities) {
    // duplicate-id: on every definition, each pointing at the others.
    const auto defs = definitions(e.id);
    if (defs.size() > 1) {
      std::vector<std::string> others;
      std::vector<RelatedLocation> related;
      for (const auto& other : defs) {
        if (other.entity == &e) continue;
        others.push_back(where(*other.document, other.entity->id_range));
        related.push_back({other.document->path, other.entity->id_range, "other definition of `" + e.id + "`"});
      }
      auto& d = add(e.id_range, Severity::Error, "duplicate-id",
                    "`" + e.id + "` is defined " + std::to_string(defs.size()) + " times; also at " + join(others, 5),
                    e.id);
      d.related = std::move(related);
    }
    // unknown-kind and missing-field.
    if (!e.is_schema() && !schema.kinds.empty()) {
      auto k = schema.kinds.find(e.kind);
      if (k == schema.kinds.end()) {
        add(e.kind_range, Severity::Warning, "unknown-kind",
            "kind `" + e.kind + "` is not declared; declared kinds: " + join(kind_names), e.kind);
      } else {
        for (const auto& key : k->second.required) {
          if (!e.field(key)) {
            add(e.id_range, Severity::Warning, "missing-field",
                "`" + e.id + "` has no `" + key + "` field, which kind `" + e.kind + "` requires", key);
          }
        }
      }
    }
    // invalid-value: a value (or list item) outside its `field` declaration's `values`.
    if (!e.is_schema() && !schema.fields.empty()) {
      for (const Field& field : e.fields) {
        auto f = schema.fields.find(field.key);
        if (f == schema.fields.end() || f->second.values.empty()) continue;
        const auto check_value = [&](const Value& v) {
          // An empty word is a value still being typed: the syntax error says enough.
          if (v.text.empty() || contains(f->second.values, v.text)) return;
          add(v.range, Severity::Warning, "invalid-value",
              "`" + v.text + "` is not a value of `" + field.key + "`; its values: " + join(f->second.values),
              field.key);
        };
        if (field.value.type == Value::Type::List) {
          for (const Value& item : field.value.items) check_value(item);
        } else {
          check_value(field.value);
        }
      }
    }
    for (const auto& edge : e.edges) {
      // unresolved-reference.
      const Entity* target = first_definition(edge.target);
      if (!target) {
        std::string message = "no entity `" + edge.target + "` is defined in the workspace";
        if (std::string near = case_slip(edge.target); !near.empty())
          message += "; did you mean `" + near + "`? (IDs are case-sensitive)";
        add(edge.target_range, Severity::Error, "unresolved-reference", std::move(message), edge.target);
      }
      // unknown-relation and relation-kinds.
      if (schema.relations.empty()) continue;
      auto r = schema.relations.find(edge.relation);
      if (r == schema.relations.end()) {
        add(edge.relation_range, Severity::Warning, "unknown-relation",
            "relation `" + edge.relation + "` is not declared; declared relations: " + join(relation_names),
            edge.relation);
        continue;
      }
      const auto& rel = r->second;
      if (!rel.from.empty() && !contains(rel.from, e.kind)) {
        add(edge.relation_range, Severity::Warning, "relation-kinds",
            "`" + edge.relation + "` does not go from a `" + e.kind + "`; it goes from: " + join(rel.from),
            edge.relation);
      }
      if (target && !rel.to.empty() && !contains(rel.to, target->kind)) {
        add(edge.target_range, Severity::Warning, "relation-kinds",
            "`" + edge.relation + "` does not lead to a `" + target->kind + "` (`" + edge.target +
                "`); it leads to: " + join(rel.to),
            edge.relation);
      }
    }
  }
  std::stable_sort(list.begin(), list.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.range.bytes.begin < b.range.bytes.begin; });
}

std::vector<Diagnostic> Workspace::diagnostics_of(std::string_view path) const {
  std::vector<Diagnostic> out;
  if (const Document* doc = document(path)) {
    ensure_tables();
    check(*doc, out);
  }
  return out;
}

std::map<std::string, std::vector<Diagnostic>> Workspace::diagnostics() const {
  ensure_tables();
  std::map<std::string, std::vector<Diagnostic>> out;
  for (const auto& [path, doc] : documents_) check(*doc, out[path]);
  return out;
}

std::map<std::string, std::vector<Diagnostic>> Workspace::diagnostics(
    const Workspace& previous,
    const std::map<std::string, std::vector<Diagnostic>>& previous_result) const {
  ensure_tables();
  previous.ensure_tables();
  // The documents that changed, as (old, new); either may be null.
  std::vector<std::pair<const Document*, const Document*>> changed;
  {
    auto a = previous.documents_.begin(), b = documents_.begin();
    while (a != previous.documents_.end() || b != documents_.end()) {
      if (b == documents_.end() || (a != previous.documents_.end() && a->first < b->first)) {
        changed.push_back({a->second.get(), nullptr});
        ++a;
      } else if (a == previous.documents_.end() || b->first < a->first) {
        changed.push_back({nullptr, b->second.get()});
        ++b;
      } else {
        if (a->second != b->second) changed.push_back({a->second.get(), b->second.get()});
        ++a;
        ++b;
      }
    }
  }
  // A changed schema can change any document's checks.
  const bool schema_changed = std::any_of(changed.begin(), changed.end(), [](const auto& c) {
    return (c.first && declares_schema(*c.first)) || (c.second && declares_schema(*c.second));
  });
  if (schema_changed || changed.size() > documents_.size() / 4 + kMaxOverlay) return diagnostics();

  // IDs whose definitions changed (added, removed, or with another kind): the documents
  // that define them (duplicate-id) or point at them (unresolved-reference, relation-kinds,
  // the case-slip hint) are checked again.
  std::set<std::string> touched;
  for (const auto& [old_doc, new_doc] : changed) {
    std::set<std::pair<std::string_view, std::string_view>> before_ids, after_ids;
    if (old_doc)
      for (const auto& e : old_doc->entities) before_ids.insert({e.id, e.kind});
    if (new_doc)
      for (const auto& e : new_doc->entities) after_ids.insert({e.id, e.kind});
    for (const auto& p : before_ids)
      if (!after_ids.count(p)) touched.insert(std::string(p.first));
    for (const auto& p : after_ids)
      if (!before_ids.count(p)) touched.insert(std::string(p.first));
    // A duplicate-id elsewhere names this file's line and column, which may have moved.
    if (new_doc) {
      for (const auto& e : new_doc->entities)
        if (definitions(e.id).size() > 1) touched.insert(e.id);
    }
  }
  std::set<std::string, std::less<>> recheck;
  for (const auto& [old_doc, new_doc] : changed) {
    if (new_doc) recheck.insert(new_doc->path);
  }
  if (!touched.empty()) {
    std::set<std::string> touched_lower;
    for (const auto& id : touched) {
      touched_lower.insert(fold_case(id));
      for (const Workspace* ws : {&previous, this}) {
        for (const auto& ref : ws->definitions(id)) recheck.insert(ref.document->path);
        for (const auto& ref : ws->incoming(id)) recheck.insert(ref.document->path);
      }
    }
    // An unresolved reference elsewhere whose case-slip hint may name a touched ID.
    for (const auto& [path, list] : previous_result) {
      for (const auto& d : list) {
        if (d.code == "unresolved-reference" && touched_lower.count(fold_case(d.data))) {
          recheck.insert(path);
          break;
        }
      }
    }
  }

  std::map<std::string, std::vector<Diagnostic>> out;
  for (const auto& [path, doc] : documents_) {
    auto& list = out[path];
    auto old = previous_result.find(path);
    if (recheck.count(path) || old == previous_result.end()) {
      check(*doc, list);
    } else {
      list = old->second;
    }
  }
  return out;
}

}  // namespace kgls
