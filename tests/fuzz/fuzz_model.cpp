// Fuzz target: the syntax layer and the workspace — parse_document, apply_changes and
// Workspace::diagnostics — on any bytes, with any edits.
//
// Input: the document's text, optionally followed by the line "#@edits" and a binary edit
// script: repeated [begin: u16 LE][end: u16 LE][length: u8][length bytes of new text];
// offsets are taken modulo the text's size + 1, so every script is valid.
//
// Invariants checked:
// - parsing never fails and every range lies inside the text, with its LSP positions
//   equal to what the line index computes for its bytes;
// - the line index round-trips: offset(position(o)) == o at every character boundary;
// - an incremental re-parse (apply_changes) gives the same entities as a fresh parse of
//   the same text; edits applied one by one and all at once give the same text;
// - workspace diagnostics (duplicate IDs across documents, unresolved references, the
//   schema checks) point inside their documents.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "kgls/model.hpp"
#include "kgls/text.hpp"
#include "kgls/workspace.hpp"

namespace {

using namespace kgls;

constexpr std::string_view kEditsMarker = "\n#@edits\n";
constexpr size_t kMaxEdits = 16;

void check_range(const Document& doc, const SourceRange& r, const char* what) {
  const auto size = static_cast<uint32_t>(doc.text.size());
  FUZZ_CHECK(r.bytes.begin <= r.bytes.end && r.bytes.end <= size,
             std::string(what) + " bytes [" + std::to_string(r.bytes.begin) + ", " +
                 std::to_string(r.bytes.end) + ") outside a text of " + std::to_string(size));
  FUZZ_CHECK(doc.lines.position(r.bytes.begin) == r.utf16.start && doc.lines.position(r.bytes.end) == r.utf16.end,
             std::string(what) + ": LSP range disagrees with its bytes");
}

void check_value(const Document& doc, const Value& v) {
  check_range(doc, v.range, "value");
  for (const auto& item : v.items) {
    FUZZ_CHECK(item.type != Value::Type::List, "a nested list");
    check_value(doc, item);
  }
}

void check_document(const Document& doc) {
  for (const auto& e : doc.entities) {
    check_range(doc, e.range, "entity");
    check_range(doc, e.kind_range, "kind");
    check_range(doc, e.id_range, "id");
    for (const auto& f : e.fields) {
      check_range(doc, f.range, "field");
      check_range(doc, f.key_range, "field key");
      check_value(doc, f.value);
    }
    for (const auto& edge : e.edges) {
      check_range(doc, edge.range, "edge");
      check_range(doc, edge.relation_range, "relation");
      check_range(doc, edge.target_range, "target");
      if (edge.note) check_range(doc, edge.note_range, "note");
    }
    (void)e.title();
    (void)e.aliases();
  }
  for (const auto& d : doc.diagnostics) {
    check_range(doc, d.range, "syntax diagnostic");
    FUZZ_CHECK(!d.message.empty(), "a diagnostic without a message");
  }
  // Round trip at every character start (not inside a UTF-8 sequence, where the
  // position is that of the character).
  const auto size = static_cast<uint32_t>(doc.text.size());
  for (uint32_t o = 0; o <= size; o += 1 + o / 64) {
    if (o < size && (static_cast<unsigned char>(doc.text[o]) & 0xC0) == 0x80) continue;
    // Inside a "\r\n" there is no position of its own: LSP columns stop at the line's
    // end, before the '\r' (the spec's "defaults back to the line length"), so the '\n'
    // maps to the same position as the '\r'.
    if (o > 0 && o < size && doc.text[o] == '\n' && doc.text[o - 1] == '\r') {
      FUZZ_CHECK(doc.lines.position(o) == doc.lines.position(o - 1),
                 "the '\\n' of a CRLF at " + std::to_string(o) + " has a column past the line's end");
      continue;
    }
    const Position p = doc.lines.position(o);
    const uint32_t back = doc.lines.offset(p);
    // Invalid UTF-8 counts one unit a byte, so even then the round trip holds.
    FUZZ_CHECK(back == o, "offset " + std::to_string(o) + " -> " + std::to_string(p.line) + ":" +
                              std::to_string(p.character) + " -> " + std::to_string(back));
  }
  for (uint32_t o = 0; o <= size; o += 7) (void)doc.entity_at(o);
}

// What must not depend on how a document was parsed: entities with their ranges, and
// whether there are syntax errors.
std::string shape(const Document& doc) {
  std::string out;
  for (const auto& e : doc.entities) {
    out += e.kind + ' ' + e.id + ' ' + std::to_string(e.range.bytes.begin) + '-' +
           std::to_string(e.range.bytes.end) + " f" + std::to_string(e.fields.size()) + " e" +
           std::to_string(e.edges.size());
    for (const auto& f : e.fields) out += " " + f.key + "=" + f.value.display();
    for (const auto& edge : e.edges) out += " " + edge.relation + ">" + edge.target;
    out += '\n';
  }
  out += doc.diagnostics.empty() ? "clean" : "errors";
  return out;
}

uint32_t read_u16(const uint8_t* p) { return static_cast<uint32_t>(p[0] | (p[1] << 8)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view text = input, script;
  if (const size_t at = input.find(kEditsMarker); at != std::string_view::npos) {
    text = input.substr(0, at);
    script = input.substr(at + kEditsMarker.size());
  }

  auto doc = parse_document("fuzz.kg", std::string(text));
  FUZZ_CHECK(doc && doc->text == text, "parse_document lost the text");
  check_document(*doc);

  // Edits: one by one (as an editor sends them), and the same list all at once.
  std::vector<TextChange> all;
  std::string expected(text);
  auto current = doc;
  const auto* p = reinterpret_cast<const uint8_t*>(script.data());
  size_t left = script.size();
  while (left >= 5 && all.size() < kMaxEdits) {
    const auto n = static_cast<uint32_t>(expected.size() + 1);
    uint32_t begin = read_u16(p) % n, end = read_u16(p + 2) % n;
    if (begin > end) std::swap(begin, end);
    const size_t length = std::min<size_t>(p[4], left - 5);
    TextChange change{{begin, end}, std::string(reinterpret_cast<const char*>(p + 5), length)};
    p += 5 + length;
    left -= 5 + length;
    expected.replace(begin, end - begin, change.text);
    all.push_back(change);
    current = apply_changes(*current, {change});
    FUZZ_CHECK(current && current->text == expected, "apply_changes produced other text");
    check_document(*current);
  }
  if (!all.empty()) {
    auto at_once = apply_changes(*doc, all);
    FUZZ_CHECK(at_once->text == expected, "a list of changes gave other text than the same changes one by one");
    const auto fresh = parse_document("fuzz.kg", expected);
    // Tree-sitter recovers from errors differently when it reuses a tree, so only
    // well-formed text must give the very same entities both ways.
    if (fresh->diagnostics.empty()) {
      FUZZ_CHECK(shape(*current) == shape(*fresh), "incremental parse:\n" + shape(*current) +
                                                        "\nfresh parse:\n" + shape(*fresh));
      FUZZ_CHECK(shape(*at_once) == shape(*fresh), "incremental parse (all at once) differs from a fresh one");
    }
  }

  // The workspace: the document twice (every ID a duplicate), beside a schema.
  Workspace ws;
  ws.set_document(current);
  ws.set_document(parse_document("copy.kg", current->text));
  ws.set_document(parse_document("schema.kg",
                                 "kind paper { required: [title] }\n"
                                 "relation uses { from: [paper] to: [method] }\n"));
  const auto diagnostics = ws.diagnostics();
  for (const auto& [path, list] : diagnostics) {
    const Document* d = ws.document(path);
    FUZZ_CHECK(d != nullptr, "diagnostics for an unknown document " + path);
    for (const auto& diag : list) {
      check_range(*d, diag.range, ("workspace diagnostic " + diag.code).c_str());
      for (const auto& related : diag.related) {
        const Document* other = ws.document(related.path);
        FUZZ_CHECK(other != nullptr, "related location in an unknown document");
        check_range(*other, related.range, "related location");
      }
    }
  }
  for (const auto& ref : ws.entities()) {
    (void)ws.incoming(ref.entity->id);
    (void)ws.definitions(ref.entity->id);
  }
  ws.remove_document("copy.kg");
  (void)ws.diagnostics();
  return 0;
}
