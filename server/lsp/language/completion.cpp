#include "lsp/language/completion.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_set>

#include "lsp/language/fuzzy.hpp"

namespace kgls::lang {

namespace {

// Identifier bytes: ASCII letters, digits, `_`, `-`, `.`, and every byte of a non-ASCII
// code point (the grammar's Unicode letters; good enough to find a word's start).
bool ident_byte(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
}

struct Token {
  enum Type { Word, Colon, Other } type = Other;
  std::string text;
};

// What a lexer pass over the text before the cursor learns.
struct Scan {
  bool in_comment = false, in_string = false, in_block = false;
  int depth = 0;
  bool in_list = false;
  std::string list_key;       // The field whose `[` list is open.
  std::string entity_kind;    // The entity whose `{` is open.
  std::vector<Token> tokens;  // Of the member (or top-level definition) being written.
};

// A small lexer rather than the syntax tree: while a person types, the text before the
// cursor is usually not valid yet, and what matters is only the shape of the current line.
Scan scan(std::string_view text, uint32_t end) {
  Scan s;
  for (uint32_t i = 0; i < end; ++i) {
    const char c = text[i];
    if (s.in_comment) {
      if (c == '\n') s.in_comment = false;
      else continue;
    }
    if (s.in_block) {
      if (c == '\\') ++i;
      else if (text.compare(i, 3, "\"\"\"") == 0) s.in_block = false, i += 2;
      continue;
    }
    if (s.in_string) {
      if (c == '\\') ++i;
      else if (c == '"') s.in_string = false;
      else if (c == '\n') s.in_string = false;  // An unclosed string ends at the line.
      continue;
    }
    switch (c) {
      case '#':
        s.in_comment = true;
        break;
      case '"':
        if (text.compare(i, 3, "\"\"\"") == 0) {
          s.in_block = true;
          i += 2;
        } else {
          s.in_string = true;
        }
        s.tokens.push_back({Token::Other, "\""});
        break;
      case '\n':
        if (!s.in_list) s.tokens.clear();
        break;
      case '{':
        if (s.depth == 0) {
          std::vector<std::string> words;
          for (const auto& t : s.tokens)
            if (t.type == Token::Word) words.push_back(t.text);
          s.entity_kind = words.size() >= 2 ? words[words.size() - 2] : "";
        }
        ++s.depth;
        s.tokens.clear();
        s.in_list = false;
        break;
      case '}':
        s.depth = std::max(0, s.depth - 1);
        s.tokens.clear();
        s.in_list = false;
        if (s.depth == 0) s.entity_kind.clear();
        break;
      case '[':
        s.in_list = true;
        s.list_key = s.tokens.size() >= 2 && s.tokens[s.tokens.size() - 1].type == Token::Colon
                         ? s.tokens[s.tokens.size() - 2].text
                         : "";
        break;
      case ']':
        s.in_list = false;
        s.tokens.push_back({Token::Other, "]"});
        break;
      case ':':
        s.tokens.push_back({Token::Colon, ":"});
        break;
      default:
        if (ident_byte(static_cast<unsigned char>(c))) {
          uint32_t j = i;
          while (j < end && ident_byte(static_cast<unsigned char>(text[j]))) ++j;
          s.tokens.push_back({Token::Word, std::string(text.substr(i, j - i))});
          i = j - 1;
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
          s.tokens.push_back({Token::Other, std::string(1, c)});
        }
    }
  }
  return s;
}

std::string rank(size_t i) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%06zu", i);
  return buf;
}

// Counts of names seen, for ranking the schema words by use.
using Counts = std::map<std::string, size_t, std::less<>>;

void add_words(CompletionList& out, const Counts& declared, const Counts& seen, CompletionKind kind,
               std::string_view prefix, Span replace, const char* what) {
  struct Scored {
    std::string name;
    int score;
    size_t uses;
  };
  std::vector<Scored> scored;
  std::set<std::string, std::less<>> names;
  for (const auto& [name, n] : declared) names.insert(name);
  for (const auto& [name, n] : seen) names.insert(name);
  for (const auto& name : names) {
    auto score = fuzzy_score(prefix, name);
    if (!score) continue;
    auto it = seen.find(name);
    scored.push_back({name, *score, it == seen.end() ? 0 : it->second});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.uses != b.uses) return a.uses > b.uses;
    return a.name < b.name;
  });
  for (const auto& s : scored) {
    CompletionCandidate c;
    c.label = s.name;
    c.kind = kind;
    c.detail = std::string(declared.count(s.name) ? "declared " : "") + what + " · used " +
               std::to_string(s.uses) + "×";
    c.replace = replace;
    c.entity_id = declared.count(s.name) ? s.name : "";
    out.items.push_back(std::move(c));
  }
}

}  // namespace

CompletionList complete(const Workspace& workspace, std::string_view path, Position position,
                        size_t limit, const CancelToken& cancel) {
  CompletionList out;
  const Document* document = workspace.document(path);
  if (!document) return out;
  const uint32_t offset = document->lines.offset(position);
  uint32_t start = offset;
  while (start > 0 && ident_byte(static_cast<unsigned char>(document->text[start - 1]))) --start;
  const std::string_view prefix = std::string_view(document->text).substr(start, offset - start);
  const Span replace{start, offset};
  const Scan s = scan(document->text, start);
  if (s.in_comment || s.in_string || s.in_block) return out;

  const auto& tokens = s.tokens;
  if (s.depth == 0) {
    if (tokens.empty()) out.context = CompletionContext::Kind;
  } else if (s.in_list) {
    out.context = (s.list_key == "from" || s.list_key == "to") ? CompletionContext::KindList
                                                                : CompletionContext::Value;
  } else if (tokens.empty()) {
    out.context = CompletionContext::Member;
  } else if (tokens.size() == 1 && tokens[0].type == Token::Word) {
    out.context = CompletionContext::EdgeTarget;
  } else if (tokens.size() == 2 && tokens[0].type == Token::Word && tokens[1].type == Token::Colon) {
    out.context = CompletionContext::Value;
  }
  if (out.context == CompletionContext::None) return out;

  // The word being typed parses as a name too: it must not offer itself.
  const auto at_cursor = [&](const EntityRef& ref, const SourceRange& range) {
    return ref.document == document && range.bytes.touches(offset);
  };
  const Schema& schema = workspace.schema();
  const auto entities = workspace.entities();

  if (out.context == CompletionContext::Kind || out.context == CompletionContext::KindList) {
    Counts declared, seen;
    for (const auto& [name, k] : schema.kinds) declared[name] = 1;
    for (const auto& ref : entities)
      if (!at_cursor(ref, ref.entity->kind_range)) ++seen[ref.entity->kind];
    add_words(out, declared, seen, CompletionKind::Kind, prefix, replace, "kind");
  } else if (out.context == CompletionContext::Member) {
    Counts declared, seen;
    for (const auto& [name, r] : schema.relations) declared[name] = 1;
    for (const auto& ref : entities)
      for (const Edge& e : ref.entity->edges)
        if (!at_cursor(ref, e.relation_range)) ++seen[e.relation];
    add_words(out, declared, seen, CompletionKind::Relation, prefix, replace, "relation");
    // Field keys: the ones entities of this kind use, the declared ones and the ones with a
    // meaning (in a schema declaration, its own keys too).
    Counts keys, none;
    for (const BuiltinField& f : builtin_fields())
      if (f.in_kind.empty() || f.in_kind == s.entity_kind) keys[std::string(f.key)] = 0;
    if (!is_schema_kind(s.entity_kind))
      for (const auto& [name, f] : schema.fields) keys[name] = 0;
    for (const auto& ref : entities) {
      if (ref.entity->kind != s.entity_kind) continue;
      for (const Field& f : ref.entity->fields)
        if (!at_cursor(ref, f.key_range)) ++keys[f.key];
    }
    // Keys the entity under the cursor already has are not offered again.
    if (const Entity* here = document->entity_at(offset)) {
      for (const Field& f : here->fields) keys.erase(f.key);
    }
    CompletionList fields;
    add_words(fields, none, keys, CompletionKind::FieldKey, prefix, replace, "field");
    for (auto& c : fields.items) {
      c.insert_text = c.label + ": ";
      c.entity_id.clear();
      out.items.push_back(std::move(c));
    }
  } else if (out.context == CompletionContext::Value) {
    const std::string key = s.in_list ? s.list_key : tokens[0].text;
    // A `field` declaration's `values` are the only ones offered; else the words in use.
    Counts values, declared;
    const auto declaration = schema.fields.find(key);
    if (declaration != schema.fields.end() && !is_schema_kind(s.entity_kind))
      for (const std::string& v : declaration->second.values) declared[v] = 1;
    const auto count = [&](const Value& v) {
      // Empty words come from values still being typed (`status: }` recovers as one).
      if (v.text.empty()) return;
      if (declared.empty() ? v.type == Value::Type::Word : declared.count(v.text) > 0) ++values[v.text];
    };
    for (const auto& ref : entities) {
      const Field* f = ref.entity->field(key);
      if (!f || at_cursor(ref, f->value.range)) continue;
      if (f->value.type != Value::Type::List) count(f->value);
      for (const Value& item : f->value.items) count(item);
    }
    const size_t first = out.items.size();
    add_words(out, declared, values, CompletionKind::Value, prefix, replace, "value");
    for (size_t i = first; i < out.items.size(); ++i) out.items[i].entity_id.clear();
  } else {
    // Edge targets: matched on the ID, the title and every alias; the best match ranks.
    struct Scored {
      const Entity* entity;
      int score;
    };
    std::vector<Scored> scored;
    std::unordered_set<std::string_view> seen;
    seen.reserve(entities.size());
    size_t n = 0;
    for (const auto& ref : entities) {
      if (++n % 1024 == 0) cancel.check();
      const Entity& e = *ref.entity;
      // Schema declarations are entities too, but an edge to one is rare: leave them out.
      if (e.is_schema()) continue;
      if (!seen.insert(e.id).second) continue;
      // The field texts in place: no copies for the 100,000 entities a keystroke scores.
      std::optional<int> best = fuzzy_score(prefix, e.id);
      if (const Field* title = e.field("title"); title && !title->value.text.empty()) {
        if (auto t = fuzzy_score(prefix, title->value.text); t && (!best || *t > *best)) best = t;
      }
      if (const Field* aliases = e.field("aliases")) {
        const auto offer = [&](const Value& v) {
          if (v.text.empty()) return;
          if (auto a = fuzzy_score(prefix, v.text); a && (!best || *a > *best)) best = a;
        };
        if (aliases->value.type != Value::Type::List) offer(aliases->value);
        for (const Value& item : aliases->value.items) offer(item);
      }
      if (best) scored.push_back({&e, *best});
    }
    const auto better = [](const Scored& a, const Scored& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.entity->id < b.entity->id;
    };
    if (scored.size() > limit) {
      std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(limit), scored.end(),
                        better);
      scored.resize(limit);
      out.incomplete = true;
    } else {
      std::sort(scored.begin(), scored.end(), better);
    }
    for (const auto& sc : scored) {
      const Entity& e = *sc.entity;
      CompletionCandidate c;
      c.label = e.id;
      c.kind = CompletionKind::Entity;
      c.detail = e.title() + " · " + e.kind;
      c.filter_text = e.id;
      // The client matches the typed word against this: the title and aliases are in it
      // so that typing words of the title finds the ID.
      if (e.title() != e.id) c.filter_text += " " + e.title();
      for (const auto& alias : e.aliases()) c.filter_text += " " + alias;
      c.replace = replace;
      c.entity_id = e.id;
      out.items.push_back(std::move(c));
    }
  }
  for (size_t i = 0; i < out.items.size(); ++i) {
    out.items[i].sort_text = rank(i);
    if (out.items[i].filter_text.empty()) out.items[i].filter_text = out.items[i].label;
  }
  if (out.items.size() > limit) {
    out.items.resize(limit);
    out.incomplete = true;
  }
  return out;
}

}  // namespace kgls::lang
