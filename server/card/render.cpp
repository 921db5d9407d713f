// Rendering a CardData as Markdown (hover) or plain text (terminal), after the seed card:
// kind · ID · status; title; summary; other fields; the neighbourhood grouped by kind;
// and, once the similarity layer provides it, the entities related by similarity.
#include <algorithm>
#include <cstdio>
#include <string>

#include "kgls/card.hpp"
#include "kgls/support/utf8.hpp"

namespace kgls {

namespace {

constexpr std::string_view kNeighbourhood = "Neighborhood — ranked by edge-count";
constexpr std::string_view kSimilarNote =
    "Entities in the same semantic neighborhood but without a typed relation to this one — "
    "candidates for new edges or unrecognized duplicates.";

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

// The paragraphs of a summary, each a list of trimmed lines.
std::vector<std::vector<std::string>> paragraphs(std::string_view text) {
  std::vector<std::vector<std::string>> out(1);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
      if (!out.back().empty()) out.emplace_back();
    } else {
      const size_t last = line.find_last_not_of(" \t\r");
      out.back().emplace_back(line.substr(first, last - first + 1));
    }
    start = end + 1;
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

// The lines of a value, right-trimmed; one (possibly empty) line at least.
std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const size_t last = line.find_last_not_of(" \t\r");
    out.emplace_back(last == std::string_view::npos ? std::string_view() : line.substr(0, last + 1));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool starts_list_item(std::string_view line) {
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') return true;
  size_t i = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  return i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ';
}

std::string arrow(const Link& link) { return (link.direction == Direction::Out ? "→ " : "← ") + link.relation; }

std::string arrows(const std::vector<Link>& links) {
  std::string out;
  for (const Link& link : links) {
    if (!out.empty()) out += ", ";
    out += arrow(link);
  }
  return out;
}

// A backlink's place: an incoming edge written in a file.
bool has_place(const Link& link) { return link.direction == Direction::In && !link.path.empty(); }

bool is_absolute(std::string_view path) {
  return (!path.empty() && path[0] == '/') || (path.size() > 2 && path[1] == ':' && (path[2] == '/' || path[2] == '\\'));
}

// The neighbour's summary on one line. The edges' notes are on lines of their own (a
// backlink's place and note, under its neighbour), so the seed card's lines stay as they were.
std::string neighbour_text(const CardNeighbour& n, size_t width) { return one_line(n.summary, width); }

std::string score_text(double score) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", score);
  return buffer;
}

std::string threshold_text(double threshold) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", threshold);
  return buffer;
}

// ANSI styling for the terminal, or nothing.
struct Paint {
  bool on;
  std::string operator()(const char* sgr, const std::string& text) const {
    return on && !text.empty() ? "\x1b[" + std::string(sgr) + "m" + text + "\x1b[0m" : text;
  }
};

}  // namespace

// An inline code span that holds any text literally: the fence is one backtick longer
// than the longest run inside (CommonMark's rule), padded when the text touches a backtick.
std::string markdown_code_span(std::string_view raw) {
  std::string text = strip_controls(raw);
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string escape_markdown(std::string_view text) {
  // Characters that are syntax wherever they stand: emphasis, code, links and images, HTML
  // and entities, tables, strikethrough, math, headings, and the backslash itself.
  auto always = [](char c) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '!':
      case '|': case '~': case '&': case '$': case '#': case '@': case '{': case '}':
        return true;
      default:
        return false;
    }
  };
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };

  std::string out;
  out.reserve(text.size() + text.size() / 8);
  bool at_start = true;       // Nothing but spaces written yet: block syntax could start here.
  size_t leading_digits = 0;  // "2021." or "1)" at the start would be an ordered list.
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\n' || ch == '\t' || ch == '\r') {
      out += ' ';
      continue;
    }
    if (is_control(c)) continue;
    bool escape = always(ch);
    if (at_start && (ch == '-' || ch == '+' || ch == '=')) escape = true;  // List, setext.
    if (at_start && leading_digits > 0 && (ch == '.' || ch == ')')) escape = true;
    // Autolinks and URI schemes (`https://`, `command:x`, `javascript:`): a colon after a
    // letter and before anything but a space; and the dot of `www.`.
    // Decided on what is written (controls dropped, line breaks as spaces), not on the input.
    if (ch == ':' && !out.empty() && is_alpha(out.back())) {
      size_t next = i + 1;
      while (next < text.size() && is_control(static_cast<unsigned char>(text[next])) && text[next] != '\n' &&
             text[next] != '\t' && text[next] != '\r')
        ++next;
      if (next < text.size() && text[next] != ' ' && text[next] != '\n' && text[next] != '\t' && text[next] != '\r')
        escape = true;
    }
    if (ch == '.' && out.size() >= 3 && (out[out.size() - 1] | 0x20) == 'w' && (out[out.size() - 2] | 0x20) == 'w' &&
        (out[out.size() - 3] | 0x20) == 'w')
      escape = true;
    if (escape) out += '\\';
    out += ch;
    if (is_digit(ch) && at_start) {
      ++leading_digits;
    } else if (ch != ' ') {
      at_start = false;
    }
  }
  return out;
}

std::string strip_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_control(c) && ch != '\n' && ch != '\t') continue;
    out += ch;
  }
  return out;
}

std::string one_line(std::string_view text, size_t width) {
  const auto paras = paragraphs(text);
  std::string line;
  if (!paras.empty()) {
    for (const std::string& part : paras.front()) {
      if (!line.empty()) line += ' ';
      line += part;
    }
  }
  // Collapse inner whitespace runs (tabs, double spaces) to one space.
  std::string out;
  for (char c : line) {
    if (c == '\t' || c == '\r') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  if (code_points(out) <= width) return out;
  // Cut at `width` code points, then back to the last space if it is not too far back.
  size_t bytes = utf8_prefix(out, width).size();
  const size_t space = out.rfind(' ', bytes);
  if (space != std::string::npos && space > bytes / 2) bytes = space;
  out.resize(bytes);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';')) out.pop_back();
  return out + "…";
}

std::string file_uri(std::string_view path, uint32_t line) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  if (path.empty() || path[0] != '/') out += '/';  // C:/x -> file:///C:/x
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (ch == '\\') {
      out += '/';
    } else if (keep || (c == ':' && out.size() == 9)) {  // The colon of a drive letter.
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "#L" + std::to_string(line + 1);
}

namespace {

// "- **key**: value" per field, then a blank line (nothing for no fields). A text block
// keeps its lines: hard breaks, indentation as no-break spaces.
std::string field_list(const std::vector<CardField>& fields) {
  std::string out;
  for (const CardField& field : fields) {
    out += "- **" + escape_markdown(field.key) + "**: ";
    const auto lines = split_lines(field.value);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i) out += "  \n  ";
      const size_t indent = lines[i].find_first_not_of(' ');
      if (indent != std::string::npos && indent > 0) {
        for (size_t k = 0; k < indent; ++k) out += "\u00A0";
        out += escape_markdown(std::string_view(lines[i]).substr(indent));
      } else {
        out += escape_markdown(lines[i]);
      }
    }
    out += "\n";
  }
  if (!fields.empty()) out += "\n";
  return out;
}

std::string count_of(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

namespace {

// `→ uses`, or for a backlink `[← cites](file:///…#L12)`: a link to where its edge is
// written (an absolute path, or one under `options.root`). The URI is made of the path's
// bytes percent-encoded, so file text cannot leave it.
std::string markdown_arrow(const Link& link, const MarkdownOptions& options) {
  const std::string text = escape_markdown(arrow(link));
  if (!options.backlinks || !has_place(link)) return text;
  std::string path = link.path;
  if (!is_absolute(path)) {
    if (options.root.empty()) return text;
    path = options.root + (options.root.back() == '/' ? "" : "/") + path;
  }
  return "[" + text + "](" + file_uri(path, link.range.utf16.start.line) + ")";
}

std::string markdown_arrows(const std::vector<Link>& links, const MarkdownOptions& options) {
  std::string out;
  for (const Link& link : links) {
    if (!out.empty()) out += ", ";
    out += markdown_arrow(link, options);
  }
  return out;
}

// Text between curly quotes. escape_markdown leaves a colon that ends the text alone (what
// follows is the caller's); here the closing quote follows at once, so a colon after a
// letter there is escaped like any scheme colon (`key:”` must not start an autolink).
std::string quoted_markdown(std::string_view text) {
  std::string out = escape_markdown(text);
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (out.size() >= 2 && out.back() == ':' && letter(out[out.size() - 2])) out.insert(out.size() - 1, "\\");
  std::string quoted = "“";
  quoted.append(out).append("”");
  return quoted;
}

}  // namespace

std::string render_markdown(const CardData& card, const MarkdownOptions& options) {
  auto md = [](std::string_view text) { return escape_markdown(text); };
  std::string out;
  // kind · ID · status
  out += "*" + md(card.kind) + "* · " + markdown_code_span(card.id);
  if (!card.status.empty()) out += " · **" + md(card.status) + "**";
  out += "\n\n### " + md(card.title) + "\n\n";
  if (card.definitions > 1) {
    out += "**Defined " + std::to_string(card.definitions) + " times** (duplicate ID)\n\n";
  }
  for (const auto& para : paragraphs(card.summary)) {
    for (size_t i = 0; i < para.size(); ++i) {
      // A line that was a list item in the file keeps its own line (a hard break).
      if (i) out += starts_list_item(para[i]) ? "  \n" : "\n";
      out += md(para[i]);
    }
    out += "\n\n";
  }
  out += field_list(card.fields);

  out += "---\n\n**" + md(kNeighbourhood) + "**\n\n";
  if (card.neighbourhood.empty()) out += "*No typed edges.*\n\n";
  for (const CardGroup& group : card.neighbourhood) {
    out += "**" + md(group.label) + " (" + std::to_string(group.size()) + ")**";
    if (!group.kind.empty()) out += " · *" + md(group.kind) + "*";
    out += "\n\n";
    size_t shown = 0;
    for (const CardNeighbour& n : group.neighbours) {
      if (options.max_per_group && shown == options.max_per_group) break;
      ++shown;
      out += "- **" + md(n.title) + "** " + markdown_arrows(n.links, options);
      const std::string text = neighbour_text(n, options.line_width);
      if (!text.empty()) out += " — " + md(text);
      // Each backlink's note under the line, linked to where its edge is written.
      for (const Link& link : n.links) {
        if (!options.backlinks || link.direction != Direction::In || link.note.empty()) continue;
        out += "  \n  ↳ " + markdown_arrow(link, options) + " " + quoted_markdown(one_line(link.note, options.line_width));
      }
      out += "\n";
    }
    if (group.size() > shown) out += "- *… and " + std::to_string(group.size() - shown) + " more*\n";
    out += "\n";
  }

  if (card.similar) {
    out += "**Related by similarity (" + std::to_string(card.similar->size()) + ")** — score ≥ " +
           threshold_text(card.similarity_threshold) + " · no typed edge\n\n*" + md(kSimilarNote) + "*\n\n";
    for (const CardSimilar& s : *card.similar) {
      out += "- **" + md(s.title) + "** · *" + md(s.kind) + "* · " + score_text(s.score);
      const std::string text = one_line(s.summary, options.line_width);
      if (!text.empty()) out += " — " + md(text);
      out += "\n";
    }
    out += "\n";
  }
  if (!card.mentioned_in.empty()) {
    out += "**Mentioned in (" + std::to_string(card.mentioned_in.size()) + ")** · no typed edge\n\n";
    for (const CardMention& m : card.mentioned_in) out += "- **" + md(m.title) + "** · *" + md(m.kind) + "*\n";
    out += "\n";
  }
  while (out.size() > 1 && out.back() == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

std::string render_text(const CardData& card, const TextOptions& options) {
  const Paint paint{options.color};
  auto clean = [](std::string_view text) {
    std::string out = strip_controls(text);
    for (char& c : out) {
      if (c == '\t' || c == '\n') c = ' ';  // Every piece printed here is one line.
    }
    return out;
  };
  std::string out;
  out += paint("36", clean(card.kind)) + " · " + paint("1", clean(card.id));
  if (!card.status.empty()) out += " · " + paint("32", clean(card.status));
  out += "\n" + paint("1", clean(card.title)) + "\n";
  if (card.definitions > 1) {
    out += paint("33", "defined " + std::to_string(card.definitions) + " times (duplicate ID)") + "\n";
  }
  const auto paras = paragraphs(card.summary);
  for (size_t p = 0; p < paras.size(); ++p) {
    if (p) out += "\n";
    for (const std::string& line : paras[p]) out += clean(line) + "\n";
  }
  if (!card.fields.empty()) {
    out += "\n";
    for (const CardField& field : card.fields) {
      out += "  " + paint("2", clean(field.key) + ":");
      const auto lines = split_lines(field.value);
      if (lines.size() == 1) {
        out += " " + clean(lines.front()) + "\n";
      } else {
        // A text block: its lines under the key, indented.
        out += "\n";
        for (const std::string& line : lines) out += "      " + clean(line) + "\n";
      }
    }
  }

  out += "\n" + paint("1", std::string(kNeighbourhood)) + "\n";
  if (card.neighbourhood.empty()) out += "  (no typed edges)\n";
  for (const CardGroup& group : card.neighbourhood) {
    out += "\n" + paint("1", clean(group.label) + " (" + std::to_string(group.size()) + ")");
    if (!group.kind.empty()) out += " · " + paint("36", clean(group.kind));
    out += "\n";
    size_t shown = 0;
    for (const CardNeighbour& n : group.neighbours) {
      if (options.max_per_group && shown == options.max_per_group) break;
      ++shown;
      out += "  - " + paint("1", clean(n.title)) + "  " + paint("33", clean(arrows(n.links)));
      const std::string text = clean(neighbour_text(n, options.line_width));
      if (!text.empty()) out += "  " + paint("2", text);
      out += "\n";
      // Each backlink on a line of its own: where its edge is written, and its note.
      for (const Link& link : n.links) {
        if (!options.backlinks || !has_place(link)) continue;
        out += "      ↳ " + paint("33", clean(arrow(link))) + "  " +
               paint("2", clean(link.path) + ":" + std::to_string(link.range.utf16.start.line + 1));
        if (!link.note.empty()) out += "  “" + clean(one_line(link.note, options.line_width)) + "”";
        out += "\n";
      }
    }
    if (group.size() > shown) out += "  … and " + std::to_string(group.size() - shown) + " more\n";
  }

  if (card.similar) {
    out += "\n" + paint("1", "Related by similarity (" + std::to_string(card.similar->size()) + ")") +
           " — score ≥ " + threshold_text(card.similarity_threshold) + " · no typed edge\n";
    out += paint("2", std::string(kSimilarNote)) + "\n";
    for (const CardSimilar& s : *card.similar) {
      out += "  - " + paint("1", clean(s.title)) + "  " + paint("36", clean(s.kind)) + "  " + score_text(s.score);
      const std::string text = clean(one_line(s.summary, options.line_width));
      if (!text.empty()) out += "  " + paint("2", text);
      out += "\n";
    }
  }
  if (!card.mentioned_in.empty()) {
    out += "\n" + paint("1", "Mentioned in (" + std::to_string(card.mentioned_in.size()) + ")") + " · no typed edge\n";
    for (const CardMention& m : card.mentioned_in)
      out += "  - " + paint("1", clean(m.title)) + "  " + paint("36", clean(m.kind)) + "\n";
  }
  return out;
}

std::string render_declaration_markdown(const CardData* card, std::string_view schema_kind,
                                        std::string_view name, size_t uses) {
  const bool kind = schema_kind_of(schema_kind) == SchemaKind::Kind;
  const std::string usage = (kind ? "Kind " : "Relation ") + markdown_code_span(name) + ": " +
                            (kind ? count_of(uses, "entity", "entities") : count_of(uses, "edge", "edges")) +
                            " in the workspace.";
  if (!card) return usage + " Not declared by a " + markdown_code_span(schema_kind) + " entity.\n";
  // What the word means (title, summary, its fields: plural, required, inverse, from, to).
  std::string out = "*" + escape_markdown(card->kind) + "* · " + markdown_code_span(card->id);
  if (!card->status.empty()) out += " · **" + escape_markdown(card->status) + "**";
  out += "\n\n";
  if (!card->title.empty() && card->title != card->id) out += "### " + escape_markdown(card->title) + "\n\n";
  if (card->definitions > 1)
    out += "**Declared " + std::to_string(card->definitions) + " times** (duplicate ID)\n\n";
  if (!card->summary.empty()) out += escape_markdown(card->summary) + "\n\n";
  out += field_list(card->fields);
  return out + "---\n\n" + usage + "\n";
}

std::string render_unresolved_markdown(std::string_view id, size_t references) {
  return markdown_code_span(id) + " — no file defines this ID (" +
         count_of(references, "reference", "references") + ").\n";
}

std::string render_field_markdown(const FieldHelp& help) {
  std::string out = "*field* · " + markdown_code_span(help.key);
  if (help.value) out += " · value " + markdown_code_span(*help.value);
  out += "\n\n";
  if (help.declaration) {
    const FieldHelp::Declaration& d = *help.declaration;
    if (!d.title.empty() && d.title != help.key) out += "### " + escape_markdown(d.title) + "\n\n";
    for (const auto& para : paragraphs(d.summary)) {
      for (size_t i = 0; i < para.size(); ++i) out += (i ? "\n" : "") + escape_markdown(para[i]);
      out += "\n\n";
    }
    out += field_list(d.fields);
  }
  if (help.builtin) {
    out += "*Built-in* (" + escape_markdown(help.builtin->value) + "): " + escape_markdown(help.builtin->meaning) +
           "\n\n";
  }

  const auto allowed = [&](std::string_view v) {
    return std::find(help.allowed.begin(), help.allowed.end(), v) != help.allowed.end();
  };
  if (!help.allowed.empty() && !help.value) {
    out += "**Values**: ";
    for (size_t i = 0; i < help.allowed.size(); ++i) out += (i ? " · " : "") + markdown_code_span(help.allowed[i]);
    out += "\n\n";
  } else if (!help.allowed.empty()) {
    if (!allowed(*help.value))
      out += "**" + markdown_code_span(*help.value) + " is not a value of " + markdown_code_span(help.key) +
             "** (an `invalid-value` warning). Its values:\n\n";
    else
      out += "**Values**:\n\n";
    for (const std::string& v : help.allowed)
      out += "- " + (v == *help.value ? "**" + markdown_code_span(v) + "** ← this one" : markdown_code_span(v)) + "\n";
    out += "\n";
  } else if (help.value) {
    out += "Any value is allowed (no `values` declared). In use in the workspace:\n\n";
    for (const auto& [v, n] : help.in_use) {
      const std::string shown = markdown_code_span(v) + " (" + std::to_string(n) + ")";
      out += "- " + (v == *help.value ? "**" + shown + "** ← this one" : shown) + "\n";
    }
    if (help.distinct_in_use > help.in_use.size())
      out += "- *… and " + std::to_string(help.distinct_in_use - help.in_use.size()) + " more*\n";
    out += "\n";
  }
  if (help.required) out += "Required by kind " + markdown_code_span(help.entity_kind) + ".\n\n";

  out += "---\n\nField " + markdown_code_span(help.key) + ": " + count_of(help.entities, "entity", "entities") +
         " in the workspace.";
  if (help.declaration) {
    out += " Declared in " + markdown_code_span(help.declaration->path) + ", line " +
           std::to_string(help.declaration->line + 1) + ".";
  } else if (!help.builtin) {
    out += " Not declared by a `field` entity.";
  }
  return out + "\n";
}

}  // namespace kgls
