// Quick fixes: create a missing entity, link or merge two likely duplicates, and correct an
// unknown kind or relation. Each computes edits against the texts as they are now.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edit/edit_util.hpp"
#include "kgls/edit.hpp"
#include "kgls/support/edit_distance.hpp"
#include "kgls/support/fold.hpp"
#include "kgls/support/utf8.hpp"
#include "syntax/unescape.hpp"

namespace kgls {

namespace {

using edit::first_on_line;
using edit::indent_at;
using edit::is_blank;
using edit::line_start;
using edit::next_line_start;

std::string_view slice(const Document& doc, Span s) { return std::string_view(doc.text).substr(s.begin, s.end - s.begin); }

std::string location(const EntityRef& ref) {
  return ref.document->path + ":" + std::to_string(ref.entity->id_range.utf16.start.line + 1);
}

// The one definition of an ID, or an error that says why there is not exactly one.
EntityRef unique(const Workspace& ws, std::string_view id, std::string& error) {
  const auto& defs = ws.definitions(id);
  if (defs.empty()) {
    error = "no entity `" + std::string(id) + "` is defined";
    return {};
  }
  if (defs.size() > 1) {
    error = "`" + std::string(id) + "` is defined " + std::to_string(defs.size()) + " times; fix the duplicate-id first";
    return {};
  }
  return defs.front();
}

// "path-expansion-trick" -> "Path Expansion Trick": `-` and `_` separate words, and each
// word's first ASCII letter is capitalised (other scripts have no case we can change safely).
std::string title_from_id(std::string_view id) {
  std::string out;
  bool start = true;
  for (char c : id) {
    if (c == '-' || c == '_') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      start = true;
      continue;
    }
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? std::string(id) : out;
}

// The text that separates an appended entity from what the file already holds.
std::string append_separator(std::string_view text, const std::string& nl) {
  if (text.empty()) return {};
  if (text.back() != '\n') return nl + nl;
  const uint32_t last_line = line_start(text, static_cast<uint32_t>(text.size() - 1));
  return is_blank(text.substr(last_line)) ? std::string() : nl;
}

// Inserting member lines into an entity. The entity must be closed by its `}`.
class MemberWriter {
 public:
  MemberWriter(const Document& doc, const Entity& e) : doc_(doc), e_(e), nl_(edit::newline_of(doc.text)) {
    const std::string_view text = doc.text;
    closed_ = e.range.bytes.end > e.range.bytes.begin && text[e.range.bytes.end - 1] == '}';
    close_ = e.range.bytes.end - 1;
    entity_indent_ = first_on_line(text, e.range.bytes.begin) ? indent_at(text, e.range.bytes.begin) : "";
    // New members line up with the first existing one that starts its line.
    member_indent_ = entity_indent_ + "  ";
    std::vector<Span> members;
    for (const auto& f : e.fields) members.push_back(f.range.bytes);
    for (const auto& g : e.edges) members.push_back(g.range.bytes);
    std::sort(members.begin(), members.end(), [](Span a, Span b) { return a.begin < b.begin; });
    for (Span m : members) {
      if (first_on_line(text, m.begin)) {
        member_indent_ = indent_at(text, m.begin);
        break;
      }
    }
  }

  bool closed() const { return closed_; }

  // The lines as one block at the end of the body, just before `}`.
  FileEdit at_end(const std::vector<std::string>& lines) const {
    const std::string_view text = doc_.text;
    if (first_on_line(text, close_)) {
      const uint32_t at = line_start(text, close_);
      return {doc_.path, {at, at}, block(lines)};
    }
    // `k a { title: "x" }` or `k a {}`: break the line before `}`.
    uint32_t from = close_;
    while (from > e_.range.bytes.begin && (text[from - 1] == ' ' || text[from - 1] == '\t')) --from;
    return {doc_.path, {from, close_}, nl_ + block(lines) + entity_indent_};
  }

  // Where new fields go: the line after the last field, when that field ends its line and the
  // line after it is still inside the body. Otherwise none (then they go at the end).
  std::optional<uint32_t> after_fields() const {
    if (e_.fields.empty()) return std::nullopt;
    const std::string_view text = doc_.text;
    uint32_t end = 0;
    for (const auto& f : e_.fields) end = std::max(end, f.range.bytes.end);
    const uint32_t next = next_line_start(text, end);
    if (next >= text.size() || next > line_start(text, close_) || text[next - 1] != '\n') return std::nullopt;
    std::string_view rest = text.substr(end, next - end);
    rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
    if (!rest.empty() && rest.front() != '#' && !is_blank(rest)) return std::nullopt;  // Another member follows.
    return next;
  }

  std::string block(const std::vector<std::string>& lines) const {
    std::string out;
    for (const auto& line : lines) out += member_indent_ + line + nl_;
    return out;
  }

 private:
  const Document& doc_;
  const Entity& e_;
  std::string nl_;
  bool closed_ = false;
  uint32_t close_ = 0;
  std::string entity_indent_;
  std::string member_indent_;
};

// Removes a member: its whole line when it is alone there, else its text and the spaces
// before it (not after: those may be the ones MemberWriter::at_end replaces before `}`).
FileEdit remove_member(const Document& doc, Span member) {
  const std::string_view text = doc.text;
  const uint32_t next = next_line_start(text, member.end);
  std::string_view rest = text.substr(member.end, next - member.end);
  if (first_on_line(text, member.begin) && is_blank(rest)) return {doc.path, {line_start(text, member.begin), next}, ""};
  uint32_t begin = member.begin;
  while (begin > 0 && (text[begin - 1] == ' ' || text[begin - 1] == '\t')) --begin;
  return {doc.path, {begin, member.end}, ""};
}

// The span that removing a whole entity takes away: the comment lines directly above it (not
// past the previous entity or a blank line), its lines, a trailing comment, and the blank
// lines after it (or, at the end of the file, before it).
Span entity_removal(const Document& doc, const Entity& e) {
  const std::string_view text = doc.text;
  uint32_t begin = e.range.bytes.begin;
  uint32_t end = e.range.bytes.end;
  if (!first_on_line(text, begin)) return {begin, end};
  uint32_t floor = 0;  // The end of the entity before this one.
  for (const auto& other : doc.entities) {
    if (other.range.bytes.end <= begin) floor = std::max(floor, other.range.bytes.end);
  }
  begin = line_start(text, begin);
  while (begin > floor) {
    const uint32_t previous = line_start(text, begin - 1);
    if (previous < floor) break;
    std::string_view line = text.substr(previous, begin - previous);
    line.remove_prefix(std::min(line.size(), line.find_first_not_of(" \t")));
    if (line.empty() || line.front() != '#') break;
    begin = previous;
  }
  const uint32_t next = next_line_start(text, end);
  std::string_view rest = text.substr(end, next - end);
  rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
  if (!rest.empty() && rest.front() != '#' && !is_blank(rest)) return {begin, end};  // Something else follows `}`.
  end = next;
  while (end < text.size() && is_blank(text.substr(end, next_line_start(text, end) - end))) end = next_line_start(text, end);
  if (end >= text.size()) {
    while (begin > 0) {
      const uint32_t previous = line_start(text, begin - 1);
      if (!is_blank(text.substr(previous, begin - previous))) break;
      begin = previous;
    }
  }
  return {begin, end};
}

std::string quoted(std::string_view s) { return "\"" + escape(s) + "\""; }

// The code points of a name, ASCII letters folded; a byte that is not UTF-8 stands for itself
// (above U+10FFFF, so it equals no character).
std::vector<uint32_t> folded_code_points(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = decode_utf8(s, i, cp);
    if (n == 0) {
      cp = 0x110000u + static_cast<unsigned char>(s[i]);
      n = 1;
    }
    out.push_back(cp < 0x80 ? static_cast<unsigned char>(fold_ascii(static_cast<char>(cp))) : cp);
    i += n;
  }
  return out;
}

// Edit distance over code points, case-insensitive.
size_t distance(std::string_view a, std::string_view b) {
  return edit_distance(folded_code_points(a), folded_code_points(b));
}

bool accepts(const std::vector<std::string>& kinds, const std::string& kind) {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

const Entity* entity_with_id_at(const Document& doc, uint32_t offset) {
  const Entity* e = doc.entity_at(offset);
  return e && e->id_range.bytes.touches(offset) ? e : nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

EditResult create_missing_entity(const Workspace& ws, std::string_view path, std::string_view target,
                                 uint32_t offset) {
  EditResult result;
  const Document* doc = ws.document(path);
  if (!doc) {
    result.error = "no document `" + std::string(path) + "` in the workspace";
    return result;
  }
  if (const EntityRef existing = ws.find(target); existing.entity) {
    result.error = "`" + std::string(target) + "` is already defined in " + location(existing);
    return result;
  }
  const Entity* source = nullptr;
  const Edge* edge = nullptr;
  for (const auto& e : doc->entities) {
    for (const auto& g : e.edges) {
      if (g.target != target) continue;
      if (!edge || g.target_range.bytes.touches(offset)) {
        source = &e;
        edge = &g;
      }
    }
  }
  if (!edge) {
    result.error = "no edge in " + std::string(path) + " names `" + std::string(target) + "`";
    return result;
  }
  std::string kind = source->kind;
  const auto& relations = ws.schema().relations;
  if (auto r = relations.find(edge->relation); r != relations.end() && !r->second.to.empty()) kind = r->second.to.front();

  const std::string nl = edit::newline_of(doc->text);
  const auto end = static_cast<uint32_t>(doc->text.size());
  std::string text = append_separator(doc->text, nl) + kind + " " + std::string(target) + " {" + nl + "  title: " +
                     quoted(title_from_id(target)) + nl + "}" + nl;
  result.title = "Create `" + kind + " " + std::string(target) + "` in " + std::string(path);
  result.edit.edits.push_back({doc->path, {end, end}, std::move(text)});
  return result;
}

std::string link_relation(const Workspace& ws, const Entity& from, const Entity& to, const LinkOptions& options) {
  if (!options.relation.empty()) return options.relation;
  // Names that say "these two are (about) the same thing", most specific first.
  static const char* const kPreferred[] = {"same-as", "duplicate-of", "related-to", "related", "see-also"};
  const auto& relations = ws.schema().relations;
  for (const char* name : kPreferred) {
    auto r = relations.find(name);
    if (r != relations.end() && accepts(r->second.from, from.kind) && accepts(r->second.to, to.kind)) return name;
  }
  return "related-to";
}

EditResult add_link(const Workspace& ws, std::string_view from_id, std::string_view to_id, const LinkOptions& options) {
  EditResult result;
  const EntityRef a = unique(ws, from_id, result.error);
  if (!a.entity) return result;
  const EntityRef b = unique(ws, to_id, result.error);
  if (!b.entity) return result;
  if (a.entity == b.entity) {
    result.error = "an entity cannot be linked to itself";
    return result;
  }
  for (const auto& [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
    for (const auto& g : x.entity->edges) {
      if (g.target == y.entity->id) {
        result.error = "`" + x.entity->id + "` already has an edge `" + g.relation + " " + g.target + "`";
        return result;
      }
    }
  }
  MemberWriter writer(*a.document, *a.entity);
  if (!writer.closed()) {
    result.error = "entity `" + a.entity->id + "` is not closed by `}`";
    return result;
  }
  const std::string relation = link_relation(ws, *a.entity, *b.entity, options);
  result.title = "Add `" + relation + " " + b.entity->id + "` to `" + a.entity->id + "`";
  result.edit.edits.push_back(writer.at_end({relation + " " + b.entity->id}));
  return result;
}

EditResult merge_entities(const Workspace& ws, std::string_view into_id, std::string_view from_id) {
  EditResult result;
  const EntityRef a = unique(ws, into_id, result.error);
  if (!a.entity) return result;
  const EntityRef b = unique(ws, from_id, result.error);
  if (!b.entity) return result;
  const Entity& A = *a.entity;
  const Entity& B = *b.entity;
  result.title = "Merge `" + B.id + "` into `" + A.id + "`";
  if (&A == &B) {
    result.error = "an entity cannot be merged into itself";
    return result;
  }
  if (A.is_schema() || B.is_schema()) {
    result.error = "`kind`, `relation` and `field` entities declare the schema; rename one instead of merging";
    return result;
  }
  MemberWriter writer(*a.document, A);
  if (!writer.closed()) {
    result.error = "entity `" + A.id + "` is not closed by `}`";
    return result;
  }
  auto& edits = result.edit.edits;

  // Names: B's aliases, and B's title when A has another (A without a title takes B's).
  const Field* a_title = A.field("title");
  const Field* b_title = B.field("title");
  std::vector<std::string> names = A.aliases();
  std::vector<std::string> added;
  auto add_name = [&](const std::string& name) {
    if (name.empty() || name == A.title() || std::find(names.begin(), names.end(), name) != names.end()) return;
    names.push_back(name);
    added.push_back(name);
  };
  if (a_title && b_title) add_name(b_title->value.text);
  for (const auto& alias : B.aliases()) add_name(alias);

  // New field lines: B's title when A has none, A's new `aliases`, then B's other fields that A
  // lacks, as B wrote them.
  std::vector<std::string> field_lines;
  if (!a_title && b_title) field_lines.emplace_back(slice(*b.document, b_title->range.bytes));
  if (!added.empty()) {
    std::string items;
    for (const auto& name : added) items += (items.empty() ? "" : ", ") + quoted(name);
    const Field* aliases = A.field("aliases");
    if (!aliases) {
      field_lines.push_back("aliases: [" + items + "]");
    } else if (aliases->value.type != Value::Type::List) {
      edits.push_back({a.document->path, aliases->value.range.bytes,
                       "[" + std::string(slice(*a.document, aliases->value.range.bytes)) + ", " + items + "]"});
    } else if (aliases->value.items.empty()) {
      const uint32_t at = aliases->value.range.bytes.begin + 1;
      edits.push_back({a.document->path, {at, at}, items});
    } else {
      const uint32_t at = aliases->value.items.back().range.bytes.end;
      edits.push_back({a.document->path, {at, at}, ", " + items});
    }
  }
  std::set<std::string> keys{"title", "aliases"};
  for (const auto& f : A.fields) keys.insert(f.key);
  for (const auto& f : B.fields) {
    if (!keys.insert(f.key).second) continue;
    field_lines.emplace_back(slice(*b.document, f.range.bytes));
  }
  // A's edges after the merge: its own, minus those to B (they would point at A itself).
  std::set<std::pair<std::string, std::string>> a_edges;
  for (const auto& g : A.edges) {
    if (g.target != B.id) a_edges.insert({g.relation, g.target});
  }
  std::vector<std::string> edge_lines;
  for (const auto& g : B.edges) {
    if (g.target == A.id || g.target == B.id) continue;
    if (!a_edges.insert({g.relation, g.target}).second) continue;
    edge_lines.emplace_back(slice(*b.document, g.range.bytes));
  }
  // Fields after A's last field when there is such a line; edges (and fields otherwise) last.
  const auto after_fields = writer.after_fields();
  const FileEdit end = writer.at_end({});
  if (!field_lines.empty() && after_fields && *after_fields != end.span.begin) {
    edits.push_back({a.document->path, {*after_fields, *after_fields}, writer.block(field_lines)});
    field_lines.clear();
  }
  field_lines.insert(field_lines.end(), edge_lines.begin(), edge_lines.end());
  if (!field_lines.empty()) edits.push_back(writer.at_end(field_lines));

  // References to B now name A; a reference that would repeat an edge its entity already has
  // (or make A point at itself) goes instead.
  std::map<const Entity*, std::set<std::pair<std::string, std::string>>> kept;
  for (const EdgeRef& ref : ws.incoming(B.id)) {
    if (ref.source == &B) continue;  // B's text goes as a whole.
    auto [it, fresh] = kept.try_emplace(ref.source);
    if (fresh) {
      for (const auto& g : ref.source->edges)
        if (g.target != B.id) it->second.insert({g.relation, g.target});
    }
    if (ref.source == &A || !it->second.insert({ref.edge->relation, A.id}).second) {
      edits.push_back(remove_member(*ref.document, ref.edge->range.bytes));
    } else {
      edits.push_back({ref.document->path, ref.edge->target_range.bytes, A.id});
    }
  }
  edits.push_back({b.document->path, entity_removal(*b.document, B), ""});

  edit::sort_edits(result.edit);
  if (edit::overlapping(result.edit)) {
    result.edit = {};
    result.error = "cannot merge `" + B.id + "` into `" + A.id + "`: the edits would overlap (a syntax error nearby?)";
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

std::vector<std::string> closest_names(std::string_view word, const std::vector<std::string>& names, size_t limit) {
  std::vector<std::pair<size_t, std::string>> ranked;
  const size_t length = code_points(word);
  for (const auto& name : names) {
    if (name == word) continue;
    const size_t d = distance(word, name);
    const size_t longer = std::max<size_t>(length, code_points(name));
    if (d <= 1 || 2 * d <= longer) ranked.emplace_back(d, name);
  }
  std::sort(ranked.begin(), ranked.end());
  // Far worse than the best is noise: `Paper` means `paper`, not also `poster`.
  std::vector<std::string> out;
  for (size_t i = 0; i < ranked.size() && i < limit && ranked[i].first <= ranked[0].first + 1; ++i)
    out.push_back(ranked[i].second);
  return out;
}

namespace {

std::vector<QuickFix> replacements(const Document& doc, Span span, std::string_view word,
                                   const std::vector<std::string>& declared, const char* what) {
  std::vector<QuickFix> out;
  const auto names = closest_names(word, declared);
  for (const auto& name : names) {
    QuickFix fix;
    fix.title = std::string("Change ") + what + " to `" + name + "`";
    fix.edit.edits.push_back({doc.path, span, name});
    fix.preferred = names.size() == 1;  // Only an unambiguous correction is safe to auto-apply.
    out.push_back(std::move(fix));
  }
  return out;
}

}  // namespace

std::vector<QuickFix> fix_unknown_kind(const Workspace& ws, std::string_view path, uint32_t offset) {
  const Document* doc = ws.document(path);
  if (!doc) return {};
  const auto& kinds = ws.schema().kinds;
  const Entity* e = doc->entity_at(offset);
  if (!e || !e->kind_range.bytes.touches(offset) || kinds.empty() || kinds.count(e->kind) || e->is_schema())
    return {};
  std::vector<std::string> declared;
  for (const auto& [name, k] : kinds) declared.push_back(name);
  return replacements(*doc, e->kind_range.bytes, e->kind, declared, "kind");
}

std::vector<QuickFix> fix_unknown_relation(const Workspace& ws, std::string_view path, uint32_t offset) {
  const Document* doc = ws.document(path);
  if (!doc) return {};
  const auto& relations = ws.schema().relations;
  const Entity* e = doc->entity_at(offset);
  if (!e || relations.empty()) return {};
  for (const auto& g : e->edges) {
    if (!g.relation_range.bytes.touches(offset) || relations.count(g.relation)) continue;
    std::vector<std::string> declared;
    for (const auto& [name, r] : relations) declared.push_back(name);
    return replacements(*doc, g.relation_range.bytes, g.relation, declared, "relation");
  }
  return {};
}

std::vector<QuickFix> quick_fixes(const Workspace& ws, std::string_view path, const Diagnostic& d) {
  std::vector<QuickFix> out;
  auto add = [&](EditResult r, bool preferred = false) {
    if (r.ok() && !r.edit.empty()) out.push_back({std::move(r.title), std::move(r.edit), preferred});
  };
  const uint32_t at = d.range.bytes.begin;
  if (d.code == "unresolved-reference") {
    std::string target = d.data;
    if (target.empty()) {
      if (const Document* doc = ws.document(path)) target = std::string(slice(*doc, d.range.bytes));
    }
    add(create_missing_entity(ws, path, target, at));
  } else if (d.code == "unknown-kind") {
    out = fix_unknown_kind(ws, path, at);
  } else if (d.code == "unknown-relation") {
    out = fix_unknown_relation(ws, path, at);
  } else if (d.code == "likely-duplicate") {
    const Document* doc = ws.document(path);
    const Entity* self = doc ? entity_with_id_at(*doc, at) : nullptr;
    if (!self || d.data.empty()) return out;
    add(add_link(ws, self->id, d.data));
    add(merge_entities(ws, self->id, d.data));
    add(merge_entities(ws, d.data, self->id));
  }
  return out;
}

}  // namespace kgls
