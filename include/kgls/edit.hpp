// The edit layer: what to change in `.kg` files for formatting, rename and quick fixes.
// Every function here is pure: it reads documents and returns edits. Nothing writes a file,
// nothing knows LSP or JSON; the LSP layer turns byte spans into ranges with the document's
// LineIndex, and `kgls format --write` is the only caller that ever writes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/diagnostic.hpp"
#include "kgls/model.hpp"
#include "kgls/text.hpp"
#include "kgls/workspace.hpp"

namespace kgls {

/// Replace `span` (byte offsets into the document's *current* text) of `path` with `text`.
struct FileEdit {
  std::string path;
  Span span;
  std::string text;
  friend bool operator==(const FileEdit&, const FileEdit&) = default;
};

/// Edits to one or more files, all in offsets of the texts as they are now (not as left by
/// the previous edit, unlike TextChange). Sorted by path, then by span; spans of one file
/// never overlap, and there is at most one insertion per offset, so applying them from last
/// to first (or as an LSP WorkspaceEdit) is unambiguous.
struct WorkspaceEdit {
  std::vector<FileEdit> edits;
  bool empty() const { return edits.empty(); }
};

/// An edit and what it does, or the sentence that says why there is none.
struct EditResult {
  std::string title;  // "Rename `a` to `b`", "Create `concept x` in concepts.kg", ...
  WorkspaceEdit edit;
  std::string error;  // Empty on success.
  bool ok() const { return error.empty(); }
};

/// A named edit a person can pick (an LSP code action).
struct QuickFix {
  std::string title;  // "Create `concept path-expansion-trick` in concepts.kg"
  WorkspaceEdit edit;
  bool preferred = false;  // The one an editor may apply on "fix all" / auto-fix.
};

// ---------------------------------------------------------------------------------------------
// Formatting

struct FormatOptions {
  /// A list stays on one line when the line, counted in Unicode code points, fits in this
  /// width (a list of one item always does); otherwise it gets one item per line.
  uint32_t max_width = 100;
};

/// The canonical layout of a whole document (docs/formatting.md):
/// - an entity's members one per line, indented by 2 spaces; `key: value`;
///   `relation target "note"`; at most one blank line kept between members;
/// - exactly one blank line after each entity, at most one kept after a top-level comment;
/// - lists on one line `[a, b]` when short, else one item per line with a trailing comma;
/// - text blocks re-indented to the line's indent + 2, the closing `"""` on its own line
///   (the block's value, after dedent, is unchanged);
/// - comments stay where they were: own-line ones on their own line, trailing ones trailing;
/// - strings, numbers and words byte-for-byte; the line break style (LF or CRLF) of the
///   file's first line break; a final line break.
/// Idempotent: format_document(format_document(x)) == format_document(x).
/// A document whose tree has errors keeps all of its text: only the top-level entities
/// without errors are laid out, everything around them is left byte-for-byte.
std::string format_document(const Document& document, const FormatOptions& options = {});

/// format_document() as at most one edit: the changed lines only (so an editor keeps the
/// cursor and folds outside them), or nothing when the document is already formatted.
std::vector<FileEdit> format_edits(const Document& document, const FormatOptions& options = {});

/// Lays out only the top-level entities (without syntax errors) that intersect `range`
/// (a zero-width range selects the entity it touches); the text between entities is left
/// as it is. One edit per entity that changes.
std::vector<FileEdit> format_range(const Document& document, Span range, const FormatOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Rename

/// What a rename at a position would rename.
struct RenameTarget {
  std::string id;    // The entity ID (also for a kind or relation word, its declaration's ID).
  std::string path;  // The document of the position.
  Span span;         // The word under the position, to show as the rename box.
  std::string error; // "not an entity ID", when the position is elsewhere.
  bool ok() const { return error.empty(); }
};

/// Accepts the position of an entity's ID, an edge target (resolved or not), or a kind or
/// relation word that the schema declares (renaming the `kind`/`relation` entity).
RenameTarget prepare_rename(const Workspace& workspace, std::string_view path, uint32_t offset);

/// Renames an ID everywhere: its definitions, every edge target, and, when it is a declared
/// kind or relation, the kind words, the relation words and the items of relations'
/// `from` / `to` lists that name it. Refuses (error set, no edits) when `new_id` is not one
/// identifier of the grammar, is a plain number, or is already an entity's ID.
EditResult rename(const Workspace& workspace, std::string_view old_id, std::string_view new_id);

/// Why `id` cannot be an entity ID, or "" when it can: it must parse as exactly one
/// identifier both where an ID and where an edge target goes.
std::string invalid_id_reason(std::string_view id);

// ---------------------------------------------------------------------------------------------
// Quick fixes

/// Unresolved reference: appends `KIND TARGET {\n  title: "Target Words"\n}` to `path`.
/// KIND is the first kind in the `to` list of the edge's relation, if the schema declares
/// one, else the kind of the entity the edge is written in. The edge is the one whose target
/// touches `offset`, else the first edge of `path` naming the target.
EditResult create_missing_entity(const Workspace& workspace, std::string_view path, std::string_view target,
                                 uint32_t offset = UINT32_MAX);

/// The relation used to join two likely duplicates, by preference: `options.relation` when
/// set; else the first of `same-as`, `duplicate-of`, `related-to`, `related`, `see-also` that
/// the schema declares with `from` / `to` accepting both kinds (an empty list accepts any);
/// else `related-to`.
struct LinkOptions {
  std::string relation;
};
std::string link_relation(const Workspace& workspace, const Entity& from, const Entity& to,
                          const LinkOptions& options = {});

/// Adds `RELATION OTHER` as the last member of entity `from_id`.
EditResult add_link(const Workspace& workspace, std::string_view from_id, std::string_view to_id,
                    const LinkOptions& options = {});

/// Merges entity `from_id` (B) into `into_id` (A):
/// - B's aliases, and B's `title` when A has a different one, join A's `aliases`;
/// - B's fields that A lacks move over (a missing `title` too), as written;
/// - B's edges move over, except edges to A or B and ones A already has;
/// - every edge in the workspace whose target is B now targets A (an edge that would then
///   repeat one its entity already has, or A's own edges to B, is removed instead);
/// - B's text, with the comment lines directly above it, is removed.
/// Refuses for `kind` / `relation` entities and for IDs defined more than once.
EditResult merge_entities(const Workspace& workspace, std::string_view into_id, std::string_view from_id);

/// The declared names closest to `word` by edit distance (case-insensitive, in code
/// points), best first, ties by name: those within half the longer word's length (or one
/// edit) and at most one edit worse than the best, and at most `limit` of them.
std::vector<std::string> closest_names(std::string_view word, const std::vector<std::string>& names,
                                       size_t limit = 3);

/// Unknown kind at `offset` (on an entity's kind word): one fix per close declared kind.
std::vector<QuickFix> fix_unknown_kind(const Workspace& workspace, std::string_view path, uint32_t offset);
/// Unknown relation at `offset` (on an edge's relation word): one fix per close relation.
std::vector<QuickFix> fix_unknown_relation(const Workspace& workspace, std::string_view path, uint32_t offset);

/// The relations offered to join `from` to `to` (an unlinked mention's fixes): those the
/// schema declares whose `from` / `to` accept both kinds (an empty list accepts any); with
/// no relation declared, every relation the workspace uses (else link_relation()'s).
std::vector<std::string> mention_relations(const Workspace& workspace, const Entity& from, const Entity& to);

/// Every fix for one diagnostic of `path` (as produced by Workspace::diagnostics() and the
/// similarity layer): unresolved-reference, unknown-kind, unknown-relation, likely-duplicate,
/// unlinked-mention (one "Add edge `RELATION` TARGET" per mention_relations()).
/// Other codes have none.
std::vector<QuickFix> quick_fixes(const Workspace& workspace, std::string_view path, const Diagnostic& diagnostic);

}  // namespace kgls
