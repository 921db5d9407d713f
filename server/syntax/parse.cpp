// The syntax layer: tree-sitter tree -> model (entities, fields, edges) + syntax diagnostics.
// Parsing never fails: what parsed becomes entities, the rest becomes `syntax` diagnostics
// that say what was expected where.
#include <tree_sitter/api.h>

#include <algorithm>
#include <functional>
#include <charconv>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "kgls/model.hpp"
#include "syntax/unescape.hpp"

namespace kgls {

SyntaxTree::~SyntaxTree() { ts_tree_delete(tree_); }

namespace {

// One parser per thread: TSParser is not thread-safe, and creating one is cheap but not free.
TSParser* thread_parser() {
  struct Holder {
    TSParser* parser = ts_parser_new();
    Holder() { ts_parser_set_language(parser, tree_sitter_kg()); }
    ~Holder() { ts_parser_delete(parser); }
  };
  thread_local Holder holder;
  return holder.parser;
}

std::string_view type(TSNode node) { return ts_node_type(node); }

// A node's children. ts_node_child(node, i) walks from the first child each time, which is
// quadratic over a file of many entities; a cursor is linear.
std::vector<TSNode> children(TSNode node) {
  std::vector<TSNode> out;
  out.reserve(ts_node_child_count(node));
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do out.push_back(ts_tree_cursor_current_node(&cursor));
    while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

// What a token looks like in a message: `}` or "end of file".
std::string describe_token(std::string_view token) {
  if (token.empty()) return "end of file";
  std::string shown(token.substr(0, 40));
  for (char& c : shown) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (token.size() > 40) shown += "…";
  return "`" + shown + "`";
}

class Builder {
 public:
  explicit Builder(Document& doc) : doc_(doc), text_(doc.text) {}

  /// `reuse`, when given, may supply a top-level entity (a copy from the previous version of
  /// the document) instead of building it from its node; it returns false to have it built.
  void build(TSNode root, const std::function<bool(Span, std::vector<Entity>&)>& reuse = nullptr) {
    report_encoding_problems();
    const std::vector<TSNode> kids = children(root);
    const auto count = static_cast<uint32_t>(kids.size());
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = kids[i];
      const auto t = type(child);
      if (t == "entity") {
        if (!reuse || !reuse(span(child), doc_.entities)) entity(child, nullptr);
      } else if (t == "ERROR") {
        top_level_error(child);
      } else if (t != "comment") {
        error_at(span(child), "unexpected " + describe(child) +
                                  "; expected an entity (`KIND ID { ... }`)");
      }
    }
    sweep(root);
    std::stable_sort(doc_.entities.begin(), doc_.entities.end(),
                     [](const Entity& a, const Entity& b) { return a.range.bytes.begin < b.range.bytes.begin; });
    std::stable_sort(doc_.diagnostics.begin(), doc_.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return a.range.bytes.begin < b.range.bytes.begin;
    });
  }

 private:
  Span span(TSNode node) const { return {ts_node_start_byte(node), ts_node_end_byte(node)}; }
  SourceRange range(TSNode node) const { return doc_.lines.range(span(node)); }
  std::string_view slice(TSNode node) const {
    const Span s = span(node);
    return std::string_view(text_).substr(s.begin, s.end - s.begin);
  }
  std::string where(uint32_t offset) const {
    const Position p = doc_.lines.position(offset);
    return std::to_string(p.line + 1) + ":" + std::to_string(doc_.lines.display_column(offset));
  }
  std::string describe(TSNode node) const {
    std::string_view s = slice(node);
    return describe_token(s);
  }

  void error_at(Span s, std::string message) {
    // Zero-width diagnostics are widened to one character when possible, so editors show them.
    if (s.end == s.begin && s.end < text_.size() && text_[s.end] != '\n') ++s.end;
    // One diagnostic per place is enough: tree-sitter sometimes reports the same spot twice.
    // Diagnostics by start offset: their ends, so that lookups stay logarithmic in files
    // with thousands of errors.
    if (!reported_.emplace(s.begin, s.end).second) return;
    Diagnostic d;
    d.range = doc_.lines.range(s);
    d.severity = Severity::Error;
    d.code = "syntax";
    d.message = std::move(message);
    doc_.diagnostics.push_back(std::move(d));
  }

  void report_encoding_problems() {
    size_t bad = 0;
    std::string_view rest = text_;
    size_t base = 0;
    int reported = 0;
    while (!is_valid_utf8(rest, &bad) && reported < 20) {
      const auto at = static_cast<uint32_t>(base + bad);
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text_[at]));
      error_at({at, at + 1}, std::string("invalid UTF-8 byte ") + hex + "; `.kg` files are UTF-8");
      ++reported;
      base = at + 1;
      rest = std::string_view(text_).substr(base);
    }
    const size_t nul = text_.find('\0');
    if (nul != std::string::npos) {
      const auto at = static_cast<uint32_t>(nul);
      error_at({at, at + 1}, "NUL byte in the text; `.kg` files are UTF-8 text");
    }
  }

  // An ERROR node between entities: stray tokens, or an entity the parser could not read.
  void top_level_error(TSNode node) {
    handled_.insert({span(node).begin, span(node).end});
    const std::vector<TSNode> kids = children(node);
    const auto count = static_cast<uint32_t>(kids.size());
    // An ERROR that holds entities (a broken one followed by good ones) still yields them.
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = kids[i];
      if (type(child) == "entity") entity(child, nullptr);
    }
    // An unterminated string or text block swallows the rest; name it, not what follows.
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = kids[i];
      const auto t = type(child);
      if (t == "\"\"\"" || t == "text_block_content") {
        const uint32_t at = t == "\"\"\"" ? span(child).begin : span(child).begin - 3;
        error_at({at, at + 3}, "unterminated text block: expected `\"\"\"`");
        return;
      }
      if (t == "\"" || t == "string_content") {
        const uint32_t at = t == "\"" ? span(child).begin : span(child).begin - 1;
        error_at({at, at + 1}, "unterminated string: expected `\"` before the end of the line");
        return;
      }
    }
    // `KIND ID { ...` that never closed properly.
    if (count >= 3 && type(kids[0]) == "identifier" && type(kids[1]) == "identifier" &&
        type(kids[2]) == "{") {
      const std::string name(slice(kids[1]));
      for (uint32_t i = 3; i < count; ++i) {
        TSNode child = kids[i];
        const auto t = type(child);
        if (t == "identifier" || t == "field" || t == "edge" || t == "comment") continue;
        error_at(span(child), "unexpected " + describe(child) + " in entity `" + name +
                                  "`; expected a field (`key: value`), an edge (`relation target`) or `}`");
        return;
      }
      error_at({span(node).end, span(node).end}, "expected `}` to close entity `" + name + "` opened at " +
                                                     where(span(node).begin));
      return;
    }
    // `KIND 2021 {`: a number where the ID goes.
    TSNode second = count >= 2 ? kids[1] : node;
    while (type(second) == "ERROR" && ts_node_child_count(second) > 0) second = ts_node_child(second, 0);
    if (count >= 2 && type(kids[0]) == "identifier" && type(second) == "number") {
      const std::string n(slice(second));
      error_at(span(second),
               "`" + n + "` is a number; IDs, keys and relations must be identifiers (add a letter: `n" + n + "`)");
      return;
    }
    TSNode first = count > 0 ? kids[0] : node;
    error_at(span(first), "unexpected " + describe(first) + "; expected an entity (`KIND ID { ... }`)");
  }

  // The safety net: any ERROR or MISSING node that no specific message covered.
  void sweep(TSNode node) {
    if (!ts_node_has_error(node)) return;
    const bool error = type(node) == "ERROR";
    if (error || ts_node_is_missing(node)) {
      const Span s = span(node);
      const bool covered = handled_.count({s.begin, s.end}) > 0 || overlaps_report(s);
      if (!covered) {
        if (error) {
          TSNode first = ts_node_child_count(node) > 0 ? ts_node_child(node, 0) : node;
          std::string message = "unexpected " + describe(first);
          const std::string_view token = slice(first);
          if (!token.empty() && (static_cast<unsigned char>(token.front()) >= 0x80 || token.front() == '-'))
            message += "; IDs and words are made of letters, digits, `_`, `-` and `.`";
          error_at(span(first), std::move(message));
        } else {
          error_at(s, std::string("expected `") + ts_node_type(node) + "`");
        }
      }
      if (error) return;
    }
    for (TSNode child : children(node)) sweep(child);
  }

  // The language: a token that is a plain number is a number, never an ID. The parser only
  // looks for IDs where IDs go, so `2021` can arrive here as one.
  void check_identifier(const std::string& text, const SourceRange& r, const char* role) {
    if (text.empty()) return;
    double ignored;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), ignored);
    if (ec == std::errc() && ptr == text.data() + text.size() && text.find_first_of("eE") == std::string::npos &&
        text.find("inf") == std::string::npos && text.find("nan") == std::string::npos) {
      error_at(r.bytes, "`" + text + "` is a number; " + role + " must be an identifier (add a letter: `n" + text + "`)");
    }
  }

  // `parent` is the name and start of the entity whose body this one was written in, if any.
  struct Parent {
    std::string name;
    uint32_t begin = 0;
  };

  void entity(TSNode node, const Parent* parent) {
    TSNode kind = ts_node_child_by_field_name(node, "kind", 4);
    TSNode id = ts_node_child_by_field_name(node, "id", 2);
    Entity e;
    e.range = range(node);
    if (!ts_node_is_null(kind)) {
      e.kind = std::string(slice(kind));
      e.kind_range = range(kind);
    }
    if (!ts_node_is_null(id) && !ts_node_is_missing(id)) {
      e.id = std::string(slice(id));
      e.id_range = range(id);
    }
    const Parent self{e.id.empty() ? e.kind : e.id, e.range.bytes.begin};
    if (parent) {
      // The grammar accepts an entity inside another's body only to recover from a missing `}`.
      error_at({self.begin, self.begin}, "expected `}` to close entity `" + parent->name + "` opened at " +
                                             where(parent->begin) + " before entity `" + self.name + "`");
    }
    check_identifier(e.kind, e.kind_range, "a kind");
    check_identifier(e.id, e.id_range, "an entity ID");
    if (e.id.empty()) {
      error_at({e.kind_range.bytes.end, e.kind_range.bytes.end}, "expected an ID after kind `" + e.kind + "`");
    }
    std::vector<TSNode> nested;
    bool open_brace_missing = false;
    const std::vector<TSNode> kids = children(node);
    const auto count = static_cast<uint32_t>(kids.size());
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = kids[i];
      const auto t = type(child);
      if (t == "field") {
        field(child, e);
      } else if (t == "edge") {
        edge(child, e);
      } else if (t == "entity") {
        nested.push_back(child);
      } else if (t == "ERROR") {
        body_error(child, e);
      } else if (ts_node_is_missing(child)) {
        handled_.insert({span(child).begin, span(child).end});
        if (t == "{") {
          open_brace_missing = true;
          error_at({span(child).begin, span(child).begin}, "expected `{` after `" + e.kind + " " + e.id + "`");
        } else if (t == "}" && nested.empty() && !open_brace_missing) {
          error_at({span(child).begin, span(child).begin},
                   "expected `}` to close entity `" + self.name + "` opened at " + where(self.begin));
        }
      }
    }
    // An entity cut short by nested ones ends where the first nested one starts.
    if (!nested.empty()) e.range = doc_.lines.range({e.range.bytes.begin, span(nested.front()).begin});
    if (!e.id.empty()) doc_.entities.push_back(std::move(e));
    for (TSNode n : nested) entity(n, &self);
  }

  void body_error(TSNode node, Entity& e) {
    handled_.insert({span(node).begin, span(node).end});
    const std::string_view s = slice(node);
    // `title:` followed by the next field: the parser read the next key as the value.
    if (!s.empty() && s.front() == ':' && !e.fields.empty()) {
      const Field& previous = e.fields.back();
      if (previous.value.type == Value::Type::Word) {
        error_at({previous.key_range.bytes.end, previous.key_range.bytes.end + 1},
                 "expected a value after `" + previous.key + ":`");
        // Recover the next field: its key was taken as the value, its value as an edge.
        orphan_key_ = previous.value;
        Field& broken = e.fields.back();
        broken.value = Value{};
        broken.value.range = doc_.lines.range({broken.key_range.bytes.end, broken.key_range.bytes.end});
        broken.range = doc_.lines.range({broken.range.bytes.begin, broken.key_range.bytes.end + 1});
        return;
      }
    }
    // A lone word: a field without its colon, or an edge without its target.
    if (ts_node_child_count(node) == 1 && type(ts_node_child(node, 0)) == "identifier") {
      error_at(span(node), "expected a target ID after relation `" + std::string(s) + "` (or `:` if `" +
                               std::string(s) + "` is a field)");
      return;
    }
    // Otherwise report the first unexpected token.
    TSNode first = ts_node_child_count(node) > 0 ? ts_node_child(node, 0) : node;
    if (type(first) == "ERROR" && ts_node_child_count(first) > 0) first = ts_node_child(first, 0);
    if (type(first) == "number") {
      const std::string n(slice(first));
      error_at(span(first), "`" + n + "` is a number; IDs, keys and relations must be identifiers (add a letter: `n" +
                                n + "`)");
      return;
    }
    error_at(span(first), "unexpected " + describe(first) + " in entity `" + e.id +
                              "`; expected a field (`key: value`), an edge (`relation target`) or `}`");
  }

  void field(TSNode node, Entity& e) {
    Field f;
    TSNode key = ts_node_child_by_field_name(node, "key", 3);
    TSNode value = ts_node_child_by_field_name(node, "value", 5);
    f.key = std::string(slice(key));
    f.key_range = range(key);
    f.range = range(node);
    if (!ts_node_is_null(value) && ts_node_is_missing(value)) handled_.insert({span(value).begin, span(value).end});
    if (ts_node_is_null(value) || ts_node_is_missing(value)) {
      error_at({f.key_range.bytes.end, f.key_range.bytes.end + 1}, "expected a value after `" + f.key + ":`");
      f.value.range = doc_.lines.range({f.range.bytes.end, f.range.bytes.end});
    } else {
      f.value = this->value(node, value, f.key);
    }
    const std::vector<TSNode> kids = children(node);
    const auto count = static_cast<uint32_t>(kids.size());
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = kids[i];
      if (type(child) == "ERROR") {
        error_at(span(child), "unexpected " + describe(child) + " after the value of `" + f.key + "`");
      }
    }
    e.fields.push_back(std::move(f));
  }

  Value value(TSNode field_node, TSNode node, const std::string& key) {
    (void)field_node;
    Value v;
    v.range = range(node);
    const auto t = type(node);
    const std::string_view s = slice(node);
    if (t == "string") {
      v.type = Value::Type::String;
      check_escapes(node);
      check_closed(node, "\"", "unterminated string: expected `\"` before the end of the line");
      std::string_view inner = s.substr(1);
      if (!inner.empty() && inner.back() == '"' && !ts_node_is_missing(ts_node_child(node, ts_node_child_count(node) - 1)))
        inner.remove_suffix(1);
      v.text = unescape(inner);
    } else if (t == "text_block") {
      v.type = Value::Type::TextBlock;
      check_escapes(node);
      check_closed(node, "\"\"\"", "unterminated text block: expected `\"\"\"`");
      std::string_view inner = s.size() >= 3 ? s.substr(3) : std::string_view{};
      if (inner.size() >= 3 && inner.substr(inner.size() - 3) == "\"\"\"") inner.remove_suffix(3);
      v.text = unescape(dedent(inner));
    } else if (t == "number") {
      v.type = Value::Type::Number;
      v.text = std::string(s);
      std::from_chars(s.data(), s.data() + s.size(), v.number);
    } else if (t == "true" || t == "false") {
      v.type = Value::Type::Bool;
      v.boolean = t == "true";
      v.text = std::string(s);
    } else if (t == "identifier") {
      v.type = Value::Type::Word;
      v.text = std::string(s);
    } else if (t == "list") {
      v.type = Value::Type::List;
      list_items(node, v, key);
    }
    return v;
  }

  void list_items(TSNode node, Value& list, const std::string& key) {
    const std::vector<TSNode> kids = children(node);
    const auto count = static_cast<uint32_t>(kids.size());
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = kids[i];
      const auto t = type(child);
      if (t == "ERROR") {
        const std::string_view s = slice(child);
        if (!s.empty() && s.front() == '[') {
          error_at(span(child), "lists do not nest: `" + key + "` has a list inside a list");
        } else {
          error_at(span(child), "unexpected " + describe(child) + " in the list of `" + key + "`");
        }
      } else if (ts_node_is_missing(child)) {
        handled_.insert({span(child).begin, span(child).end});
        if (t == "]") {
          error_at({span(child).begin, span(child).begin},
                   "expected `]` to close the list of `" + key + "` opened at " + where(span(node).begin));
        }
      } else if (ts_node_is_named(child) && t != "comment") {
        list.items.push_back(value(node, child, key));
      }
    }
  }

  void check_closed(TSNode node, const char* delimiter, const std::string& message) {
    const std::vector<TSNode> kids = children(node);
    const auto count = static_cast<uint32_t>(kids.size());
    if (count == 0) return;
    TSNode last = kids[count - 1];
    if (ts_node_is_missing(last) && type(last) == delimiter) {
      handled_.insert({span(last).begin, span(last).end});
      error_at({span(node).begin, span(node).begin + 1}, message);
    }
  }

  void check_escapes(TSNode node) {
    const std::vector<TSNode> kids = children(node);
    const auto count = static_cast<uint32_t>(kids.size());
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = kids[i];
      if (type(child) != "escape_sequence") continue;
      const std::string_view esc = slice(child);
      if (const char* problem = escape_problem(esc)) {
        error_at(span(child), std::string(problem) + " `" + std::string(esc) +
                                  "`; the escapes are \\\" \\\\ \\n \\t and \\u{HEX}");
      }
    }
  }

  void edge(TSNode node, Entity& e) {
    Edge g;
    TSNode relation = ts_node_child_by_field_name(node, "relation", 8);
    TSNode target = ts_node_child_by_field_name(node, "target", 6);
    TSNode note = ts_node_child_by_field_name(node, "note", 4);
    g.relation = std::string(slice(relation));
    g.relation_range = range(relation);
    g.range = range(node);
    if (!ts_node_is_null(target)) handled_.insert({span(target).begin, span(target).end});
    if (orphan_key_ && (ts_node_is_null(target) || ts_node_is_missing(target))) {
      Field f;
      f.key = orphan_key_->text;
      f.key_range = orphan_key_->range;
      f.value.type = Value::Type::Word;
      f.value.text = g.relation;
      f.value.range = g.relation_range;
      f.range = doc_.lines.range({f.key_range.bytes.begin, g.relation_range.bytes.end});
      e.fields.push_back(std::move(f));
      orphan_key_.reset();
      return;
    }
    orphan_key_.reset();
    if (ts_node_is_null(target) || ts_node_is_missing(target)) {
      // A lone word in a body: a field without its colon, or an edge without its target.
      error_at(g.relation_range.bytes, "expected a target ID after relation `" + g.relation +
                                           "` (or `:` if `" + g.relation + "` is a field)");
      return;
    }
    g.target = std::string(slice(target));
    g.target_range = range(target);
    check_identifier(g.relation, g.relation_range, "a relation");
    check_identifier(g.target, g.target_range, "an edge target");
    if (!ts_node_is_null(note)) {
      check_escapes(note);
      check_closed(note, "\"", "unterminated string: expected `\"` before the end of the line");
      std::string_view inner = slice(note).substr(1);
      if (!inner.empty() && inner.back() == '"') inner.remove_suffix(1);
      g.note = unescape(inner);
      g.note_range = range(note);
    }
    e.edges.push_back(std::move(g));
  }

  Document& doc_;
  const std::string& text_;
  std::optional<Value> orphan_key_;  // See body_error(): `key:` followed by the next field.
  std::set<std::pair<uint32_t, uint32_t>> handled_;  // ERROR/MISSING nodes explained or deliberately silent.
  std::map<uint32_t, uint32_t> reported_;            // Syntax diagnostics: begin -> end.

  // Whether a reported diagnostic overlaps the span (diagnostics are short: checking the
  // ones that start inside it and the one just before it is enough).
  bool overlaps_report(Span s) const {
    auto it = reported_.lower_bound(s.begin);
    if (it != reported_.end() && it->first <= s.end) return true;
    return it != reported_.begin() && std::prev(it)->second >= s.begin;
  }
};

std::shared_ptr<const Document> finish(std::shared_ptr<Document> doc, TSTree* tree,
                                       const std::function<bool(Span, std::vector<Entity>&)>& reuse = nullptr) {
  doc->tree = std::make_shared<SyntaxTree>(tree);
  Builder(*doc).build(ts_tree_root_node(tree), reuse);
  return doc;
}

void shift(SourceRange& r, int64_t bytes, int64_t lines) {
  r.bytes.begin = static_cast<uint32_t>(r.bytes.begin + bytes);
  r.bytes.end = static_cast<uint32_t>(r.bytes.end + bytes);
  r.utf16.start.line = static_cast<uint32_t>(r.utf16.start.line + lines);
  r.utf16.end.line = static_cast<uint32_t>(r.utf16.end.line + lines);
}

void shift(Value& v, int64_t bytes, int64_t lines) {
  shift(v.range, bytes, lines);
  for (Value& item : v.items) shift(item, bytes, lines);
}

// An entity moved by an edit before it (its own text untouched, starting on a line after
// the edit): every byte offset moves by `bytes`, every line by `lines`, columns stay.
void shift(Entity& e, int64_t bytes, int64_t lines) {
  for (SourceRange* r : {&e.kind_range, &e.id_range, &e.range}) shift(*r, bytes, lines);
  for (Field& f : e.fields) {
    shift(f.key_range, bytes, lines);
    shift(f.range, bytes, lines);
    shift(f.value, bytes, lines);
  }
  for (Edge& d : e.edges) {
    for (SourceRange* r : {&d.relation_range, &d.target_range, &d.range}) shift(*r, bytes, lines);
    if (d.note) shift(d.note_range, bytes, lines);
  }
}

TSTree* parse_text(const std::string& text, const TSTree* old) {
  TSParser* parser = thread_parser();
  TSTree* tree = ts_parser_parse_string(parser, old, text.data(), static_cast<uint32_t>(text.size()));
  if (!tree) {  // Only on cancellation or timeout, which we never set; keep going regardless.
    ts_parser_reset(parser);
    tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
  }
  return tree;
}

// tree-sitter points count bytes in a row.
TSPoint point_at(const std::string& text, uint32_t offset) {
  TSPoint p{0, 0};
  const size_t line_start = offset == 0 ? 0 : text.rfind('\n', offset - 1);
  p.row = static_cast<uint32_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  p.column = line_start == std::string::npos || offset == 0 ? offset : offset - static_cast<uint32_t>(line_start) - 1;
  return p;
}

}  // namespace

std::shared_ptr<const Document> parse_document(std::string path, std::string text, KeepTree keep) {
  auto doc = std::make_shared<Document>();
  doc->path = std::move(path);
  doc->text = std::move(text);
  doc->lines = LineIndex(doc->text);
  auto done = finish(doc, parse_text(doc->text, nullptr));
  if (keep == KeepTree::No) doc->tree.reset();  // doc is still the only owner.
  return done;
}

std::shared_ptr<const SyntaxTree> syntax_tree(const Document& document) {
  if (document.tree) return document.tree;
  return std::make_shared<SyntaxTree>(parse_text(document.text, nullptr));
}

std::shared_ptr<const Document> apply_changes(const Document& previous, const std::vector<TextChange>& changes) {
  if (!previous.tree) {
    // A document parsed without its tree: apply the changes to the text and parse it whole.
    std::string text = previous.text;
    for (const auto& change : changes) {
      const auto size = static_cast<uint32_t>(text.size());
      const uint32_t begin = std::min(change.span.begin, size);
      const uint32_t end = std::clamp(change.span.end, begin, size);
      text.replace(begin, end - begin, change.text);
    }
    return parse_document(previous.path, std::move(text));
  }
  std::string text = previous.text;
  TSTree* tree = ts_tree_copy(previous.tree->get());
  for (const auto& change : changes) {
    const auto size = static_cast<uint32_t>(text.size());
    const uint32_t begin = std::min(change.span.begin, size);
    const uint32_t end = std::clamp(change.span.end, begin, size);
    TSInputEdit edit;
    edit.start_byte = begin;
    edit.old_end_byte = end;
    edit.new_end_byte = begin + static_cast<uint32_t>(change.text.size());
    edit.start_point = point_at(text, begin);
    edit.old_end_point = point_at(text, end);
    text.replace(begin, end - begin, change.text);
    edit.new_end_point = point_at(text, edit.new_end_byte);
    ts_tree_edit(tree, &edit);
  }
  auto doc = std::make_shared<Document>();
  doc->path = previous.path;
  doc->text = std::move(text);
  doc->lines = LineIndex(doc->text);
  TSTree* fresh = parse_text(doc->text, tree);
  ts_tree_delete(tree);
  // One edit in a clean file (the usual keystroke): the entities it leaves untouched are the
  // previous document's, copied (and moved, after the edit) instead of built again from the
  // tree, so a keystroke in a 1,000-entity file builds about one. With syntax errors the
  // whole model is built again: errors can span entities.
  if (changes.size() != 1 || !previous.diagnostics.empty() || ts_node_has_error(ts_tree_root_node(fresh)))
    return finish(doc, fresh);
  const uint32_t size = static_cast<uint32_t>(previous.text.size());
  const uint32_t begin = std::min(changes[0].span.begin, size);
  const uint32_t old_end = std::clamp(changes[0].span.end, begin, size);
  const uint32_t new_end = begin + static_cast<uint32_t>(changes[0].text.size());
  const int64_t bytes = static_cast<int64_t>(new_end) - static_cast<int64_t>(old_end);
  const int64_t lines = static_cast<int64_t>(doc->lines.position(new_end).line) -
                        static_cast<int64_t>(previous.lines.position(old_end).line);
  const uint32_t old_end_line = previous.lines.position(old_end).line;
  auto reuse = [&](Span s, std::vector<Entity>& out) {
    const bool before = s.end < begin;
    if (!before && s.begin <= new_end) return false;
    const Span old = before ? s : Span{static_cast<uint32_t>(s.begin - bytes), static_cast<uint32_t>(s.end - bytes)};
    auto it = std::lower_bound(previous.entities.begin(), previous.entities.end(), old.begin,
                               [](const Entity& e, uint32_t at) { return e.range.bytes.begin < at; });
    if (it == previous.entities.end() || it->range.bytes != old) return false;
    if (before) {
      out.push_back(*it);
      return true;
    }
    if (it->range.utf16.start.line <= old_end_line) return false;  // Its columns may move.
    out.push_back(*it);
    shift(out.back(), bytes, lines);
    return true;
  };
  return finish(doc, fresh, reuse);
}

}  // namespace kgls
