// The entity card (language.md, "The card"): what hover and `kgls show` display.
//
// A card is built in two steps: card_data() gathers a plain CardData from the graph (the
// index or the workspace in memory, behind GraphReader), and a renderer turns it into Markdown (hover) or plain text (terminal). CardData is a plain
// struct so that other layers can add to it — the similarity layer fills `similar`.
//
// Architecture invariant: every piece of file text that reaches Markdown goes through
// escape_markdown(), so a `.kg` file cannot inject links, images, HTML or `command:` URIs
// into the editor; and every piece that reaches a terminal goes through strip_controls(),
// so it cannot inject escape sequences. The card layer knows nothing of LSP or JSON.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/graph_reader.hpp"
#include "kgls/index.hpp"
#include "kgls/workspace.hpp"

namespace kgls {

struct CardField {
  std::string key;
  std::string value;  // As displayed: list items joined with ", ".
};

/// One neighbour line: title, relation with its direction, summary (and the edge's note).
struct CardNeighbour {
  std::string id;
  std::string kind;
  std::string title;
  std::string summary;
  bool defined = true;  // False: an edge target that no file defines.
  int64_t edge_count = 0;
  std::vector<Link> links;
};

/// "Papers (2)": the neighbours of one kind, best ranked first.
struct CardGroup {
  std::string kind;   // Empty for unresolved targets.
  std::string label;  // The schema's `plural`, else an English plural of the kind.
  std::vector<CardNeighbour> neighbours;
  /// Neighbours of this kind in all, when `neighbours` holds only the best of them (a card
  /// gathered with a per-group limit); 0 when it holds them all.
  size_t count = 0;
  size_t size() const { return std::max(count, neighbours.size()); }
};

/// One "Related by similarity" line.
struct CardSimilar {
  std::string id;
  std::string title;
  std::string kind;
  double score = 0;  // Cosine.
  std::string summary;
};

/// One "Mentioned in" line: an entity whose text names this one, with no typed edge.
struct CardMention {
  std::string id;
  std::string title;
  std::string kind;
};

struct CardData {
  std::string kind;
  std::string id;
  std::string status;
  std::string title;
  std::string summary;
  std::vector<CardField> fields;  // Every field but title, summary and status, in file order.
  std::string path;               // Workspace-relative file of the definition.
  SourceRange id_range;
  size_t definitions = 1;  // More than one: a duplicate ID.
  std::vector<CardGroup> neighbourhood;
  /// Set by the similarity layer; the section is shown only when this is set.
  std::optional<std::vector<CardSimilar>> similar;
  double similarity_threshold = 0;
  /// Set by the language layer (unlinked mentions, lsp/language/mentions.hpp); the section
  /// is shown when it is not empty.
  std::vector<CardMention> mentioned_in;
};

/// The card of an ID, or nullopt when no file defines it: the one gatherer, over either
/// reader (`IndexGraph` for `kgls show`, `WorkspaceGraph` for hover and the graph picture).
/// The neighbourhood is every typed edge touching the ID, merged per neighbour, grouped and
/// ranked by the policy below. With `per_group` > 0 each group keeps only its best
/// `per_group` neighbours (and their count): a hub's card then costs a lookup per
/// neighbour, not a card line per neighbour.
std::optional<CardData> card_data(const GraphReader& graph, std::string_view id, size_t per_group = 0);

// ---- The card's ranking and grouping policy ----

/// The card's ranking of two neighbours: more edges first, then title (ASCII case folded,
/// then exactly), then ID.
bool ranks_before(int64_t edges_a, std::string_view title_a, std::string_view id_a, int64_t edges_b,
                  std::string_view title_b, std::string_view id_b);
/// Where a group of `kind` goes among a card's groups: its declaration's position in
/// `declared` (kind -> position, so a card keeps its shape as edges come and go), then
/// undeclared kinds (declared.size()), then unresolved targets (kind ""). Groups of equal
/// position go by their best neighbour.
size_t group_position(std::string_view kind, const std::map<std::string, size_t, std::less<>>& declared);

/// "Papers" for "paper": the schema's plural when declared, else English rules.
std::string plural_label(const GraphReader& graph, std::string_view kind);
/// English plural of a kind name, capitalised, with '-' and '_' as spaces:
/// paper -> Papers, class -> Classes, enum-member -> Enum members, property -> Properties.
std::string english_plural(std::string_view kind);

/// What hover says of a field key, or of a value: the key's `field` declaration when the
/// schema has one, the language's meaning when it gives one, and how the workspace uses it.
struct FieldHelp {
  std::string key;
  /// The kind of the entity the key is in (empty: hovered on the declaration itself).
  std::string entity_kind;
  const BuiltinField* builtin = nullptr;  // From builtin_field(key, entity_kind).
  /// The key's `field` declaration: its title, summary and other fields (`values` aside),
  /// where it is; absent when the schema declares no such field.
  struct Declaration {
    std::string title;
    std::string summary;
    std::vector<CardField> fields;
    std::string path;
    uint32_t line = 0;  // 0-based.
  };
  std::optional<Declaration> declaration;
  std::vector<std::string> allowed;  // The declaration's `values`; empty: any value.
  bool required = false;             // The entity's kind lists it in `required`.
  size_t entities = 0;               // Entities of the workspace with this key.
  /// On a value: the value hovered, and, when no values are declared, the values the
  /// workspace uses with their counts, most used first (at most `kMaxInUse`).
  std::optional<std::string> value;
  std::vector<std::pair<std::string, size_t>> in_use;
  size_t distinct_in_use = 0;  // How many distinct values in all.
  static constexpr size_t kMaxInUse = 12;
};

/// Gathers the help on `key` as written in an entity of kind `entity_kind` (empty: the ID of
/// the key's `field` declaration); with `value`, the help on that value of it.
FieldHelp field_help(const Workspace& workspace, std::string_view key, std::string_view entity_kind,
                     const std::string* value = nullptr);

struct MarkdownOptions {
  /// Neighbour lines per group before "… and N more" (hover must stay short).
  size_t max_per_group = 8;
  /// Characters of a summary kept on a neighbour line.
  size_t line_width = 200;
  /// Backlinks in context: each incoming edge's `← relation` links to where the edge is
  /// written (a `file:` URI with `#L<line>`, which VS Code opens and Neovim's :KglsCard
  /// follows), and its note goes on a line under the neighbour's.
  bool backlinks = true;
  /// The folder relative paths in the card are under (a card from the index); without it
  /// a relative path gets no link.
  std::string root{};
};

struct TextOptions {
  bool color = false;  // ANSI colour; the CLI sets it only on a TTY.
  size_t max_per_group = 0;  // 0: all.
  size_t line_width = 200;
  /// Each backlink on a line under its neighbour's: `path:line` of the edge, and its note.
  bool backlinks = true;
};

std::string render_markdown(const CardData& card, const MarkdownOptions& options = {});
std::string render_text(const CardData& card, const TextOptions& options = {});

/// A `kind` / `relation` declaration's card (title, summary, its fields; no neighbourhood:
/// a declaration is schema, not a node of the graph), then how often the workspace uses the
/// word; `declaration` null: the word is used but not declared. `schema_kind` is `kind` or
/// `relation`.
std::string render_declaration_markdown(const CardData* declaration, std::string_view schema_kind,
                                        std::string_view name, size_t uses);
/// An edge target no file defines, and how many edges name it.
std::string render_unresolved_markdown(std::string_view id, size_t references);
/// Hover on a field key or value (see FieldHelp).
std::string render_field_markdown(const FieldHelp& help);

/// Markdown-escapes file text so that it renders as itself and nothing else: a backslash
/// before every character that is Markdown or HTML syntax wherever it stands (`` ` * _ [ ]
/// < > ! | ~ & $ # @ { } \ ``), before `- + =` and an ordered-list `1.` at the start, and
/// before the colon of a URI scheme and the dot of `www.` (no autolinks: `https\://`,
/// `command\:x`); line breaks become spaces; control characters go. Hyphens, commas,
/// periods and parentheses inside text stay as they are, so cards read cleanly in
/// editors that show Markdown source.
std::string escape_markdown(std::string_view text);

/// An inline code span holding `text` literally (an ID, a kind): the fence is one backtick
/// longer than the longest run inside, as CommonMark requires; controls are removed.
std::string markdown_code_span(std::string_view text);

/// `file:///path#L<line + 1>` for an absolute path and a 0-based line: every byte of the
/// path but unreserved ones and '/' percent-encoded (so the URI ends where it should in a
/// Markdown link), backslashes as '/'.
std::string file_uri(std::string_view path, uint32_t line);

/// Removes control characters (ESC, BEL, CR, ...) but keeps newlines and tabs.
std::string strip_controls(std::string_view text);

/// The first paragraph of a text on one line (line breaks and runs of whitespace become
/// one space), cut at a word boundary to at most `width` code points, with "…".
std::string one_line(std::string_view text, size_t width);

}  // namespace kgls
