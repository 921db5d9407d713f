// Model helpers: field accessors, value display, string escapes and text-block dedent.
#include <algorithm>
#include <charconv>
#include <limits>
#include <vector>

#include "kgls/model.hpp"
#include "kgls/support/utf8.hpp"
#include "syntax/unescape.hpp"

namespace kgls {

namespace {

// Parses `\u{HEX}` at raw[i]; returns its length and code point, or 0 when malformed.
size_t unicode_escape(std::string_view raw, size_t i, uint32_t& cp) {
  if (raw.substr(i, 3) != "\\u{") return 0;
  const size_t close = raw.find('}', i + 3);
  if (close == std::string_view::npos) return 0;
  const std::string_view hex = raw.substr(i + 3, close - i - 3);
  if (hex.empty() || hex.size() > 6) return 0;
  const auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16);
  if (ec != std::errc() || ptr != hex.data() + hex.size()) return 0;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return close - i + 1;
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

std::string unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      out += raw[i];
      continue;
    }
    const char next = raw[i + 1];
    switch (next) {
      case '"': out += '"'; ++i; continue;
      case '\\': out += '\\'; ++i; continue;
      case 'n': out += '\n'; ++i; continue;
      case 't': out += '\t'; ++i; continue;
      case 'u': {
        uint32_t cp = 0;
        if (const size_t n = unicode_escape(raw, i, cp)) {
          append_utf8(out, cp);
          i += n - 1;
          continue;
        }
        break;
      }
      default: break;
    }
    out += raw[i];  // Unknown escape: kept as written (and reported by the parser).
  }
  return out;
}

const char* escape_problem(std::string_view escape) {
  if (escape.size() < 2) return "incomplete escape";
  switch (escape[1]) {
    case '"': case '\\': case 'n': case 't': return nullptr;
    case 'u': {
      uint32_t cp = 0;
      return unicode_escape(escape, 0, cp) == escape.size() && escape.size() > 2 ? nullptr
                                                                                 : "invalid Unicode escape";
    }
    default: return "unknown escape";
  }
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out;
}

std::string dedent(std::string_view raw) {
  std::vector<std::string_view> lines;
  for (size_t start = 0;;) {
    const size_t nl = raw.find('\n', start);
    lines.push_back(raw.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  // `"""` then a line break: the text starts on the next line.
  if (lines.size() > 1 && blank(lines.front())) lines.erase(lines.begin());
  // The closing `"""` on a line of its own: that line's indentation is not text.
  if (lines.size() > 1 && blank(lines.back())) lines.pop_back();
  size_t indent = std::numeric_limits<size_t>::max();
  for (auto line : lines) {
    if (blank(line)) continue;
    indent = std::min(indent, line.find_first_not_of(" \t"));
  }
  if (indent == std::numeric_limits<size_t>::max()) indent = 0;
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (i) out += '\n';
    if (!blank(line)) out.append(line.substr(std::min(indent, line.size())));
  }
  return out;
}

std::string Value::display() const {
  if (type != Type::List) return text;
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item.text;
  }
  return out;
}

std::vector<std::string> Value::strings() const {
  if (type != Type::List) return {text};
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.text);
  return out;
}

const Field* Entity::field(std::string_view key) const {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

std::string Entity::title() const {
  const Field* f = field("title");
  return f && !f->value.text.empty() ? f->value.text : id;
}

std::string Entity::summary() const {
  const Field* f = field("summary");
  return f ? f->value.display() : std::string();
}

std::string Entity::status() const {
  const Field* f = field("status");
  return f ? f->value.display() : std::string();
}

std::vector<std::string> Entity::aliases() const {
  const Field* f = field("aliases");
  return f ? f->value.strings() : std::vector<std::string>{};
}

std::vector<std::string> Entity::tags() const {
  const Field* f = field("tags");
  return f ? f->value.strings() : std::vector<std::string>{};
}

SchemaKind schema_kind_of(std::string_view kind) {
  if (kind == "kind") return SchemaKind::Kind;
  if (kind == "relation") return SchemaKind::Relation;
  if (kind == "field") return SchemaKind::Field;
  return SchemaKind::None;
}

const std::vector<BuiltinField>& builtin_fields() {
  static const std::vector<BuiltinField> fields = {
      {"title", "", "a string",
       "The display name, shown on the card, in completion and in symbol lists; when absent, the ID is "
       "the title. Used for similarity and duplicates."},
      {"summary", "", "a string or a text block",
       "A paragraph saying what the entity is: shown on the card and in hovers, and used for similarity."},
      {"status", "", "a word",
       "Where the entity stands (active, draft, archived, ...): shown next to the kind and ID on the card."},
      {"aliases", "", "a list of strings",
       "Other names for the same thing: completion finds the entity by them, and they count for "
       "similarity and duplicates."},
      {"tags", "", "a list", "Labels, shown on the card."},
      {"plural", "kind", "a string", "The group heading of this kind on cards (\"Papers (2)\")."},
      {"required", "kind", "a list of field keys",
       "Fields every entity of this kind must have; a missing one is a missing-field warning."},
      {"inverse", "relation", "a string",
       "The relation read backwards, as the target's card names the edge (\"extended by\")."},
      {"from", "relation", "a list of kinds",
       "The kinds an edge of this relation may start from; absent: any. Another is a relation-kinds warning."},
      {"to", "relation", "a list of kinds",
       "The kinds an edge of this relation may lead to; absent: any. Another is a relation-kinds warning."},
      {"hierarchy", "relation", "true or false",
       "true: its edges lead from an entity to its parent, and build the type hierarchy the editor "
       "browses. When no relation says so, is-a, subclass-of, subproperty-of and part-of do."},
      {"values", "field", "a list",
       "The values the field may take; any other is an invalid-value warning. Absent: any value."},
  };
  return fields;
}

const BuiltinField* builtin_field(std::string_view key, std::string_view kind) {
  for (const BuiltinField& f : builtin_fields()) {
    if (f.key == key && (f.in_kind.empty() || f.in_kind == kind)) return &f;
  }
  return nullptr;
}

const Entity* Document::entity_at(uint32_t offset) const {
  // Entities are sorted by start and do not overlap: the last one starting at or before offset.
  auto it = std::upper_bound(entities.begin(), entities.end(), offset,
                             [](uint32_t o, const Entity& e) { return o < e.range.bytes.begin; });
  if (it == entities.begin()) return nullptr;
  --it;
  return it->range.bytes.touches(offset) ? &*it : nullptr;
}

}  // namespace kgls
