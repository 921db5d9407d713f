// The model of one `.kg` file: entities, fields and edges with source ranges.
// Built from a tree-sitter tree by the syntax layer; knows nothing of LSP or JSON.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/diagnostic.hpp"
#include "kgls/text.hpp"

struct TSTree;

namespace kgls {

struct Value {
  enum class Type { String, TextBlock, Number, Bool, Word, List };
  Type type = Type::Word;
  /// Strings: unescaped. Text blocks: unescaped and dedented. Words and numbers: as written.
  std::string text;
  double number = 0;
  bool boolean = false;
  std::vector<Value> items;  // Lists only; lists do not nest.
  SourceRange range;

  /// The value as a person reads it: text, or the items joined with ", ".
  std::string display() const;
  /// The items' texts for a list, or the single text of a scalar.
  std::vector<std::string> strings() const;
};

struct Field {
  std::string key;
  SourceRange key_range;
  Value value;
  SourceRange range;
};

struct Edge {
  std::string relation;
  SourceRange relation_range;
  std::string target;
  SourceRange target_range;
  std::optional<std::string> note;
  SourceRange note_range;  // Valid when note is set.
  SourceRange range;
};

/// The schema declaration an entity's kind makes it (language.md, "Schema"), or None.
enum class SchemaKind { None, Kind, Relation, Field };

/// `kind` -> Kind, `relation` -> Relation, `field` -> Field, any other -> None.
SchemaKind schema_kind_of(std::string_view kind);

struct Entity {
  std::string kind;
  std::string id;
  SourceRange kind_range;
  SourceRange id_range;
  SourceRange range;  // From the kind word to the closing brace.
  std::vector<Field> fields;
  std::vector<Edge> edges;

  const Field* field(std::string_view key) const;
  /// `title`, or the ID when there is none.
  std::string title() const;
  std::string summary() const;
  std::string status() const;
  std::vector<std::string> aliases() const;
  std::vector<std::string> tags() const;
  /// Which schema declaration this entity is (None for a node of the graph).
  SchemaKind schema() const { return schema_kind_of(kind); }
  /// True for a `kind`, `relation` or `field` declaration.
  bool is_schema() const { return schema() != SchemaKind::None; }
};

/// The built-in kinds whose entities declare the schema: `kind`, `relation` and `field`
/// (language.md, "Schema"). They are always allowed, and are not nodes of the graph.
inline bool is_schema_kind(std::string_view kind) { return schema_kind_of(kind) != SchemaKind::None; }

/// A field the language gives a meaning to (language.md, "What it means" and "Schema"):
/// the one table of them, read by hover, completion and the docs' tests.
struct BuiltinField {
  std::string_view key;
  /// The schema kind whose declarations use it (`kind`, `relation`, `field`); empty: any entity.
  std::string_view in_kind;
  std::string_view value;    // What its value is: "a list of kinds", "a string", ...
  std::string_view meaning;  // One or two sentences, plain text.
};

/// Every built-in field, the ones of any entity first.
const std::vector<BuiltinField>& builtin_fields();
/// The meaning of `key` in an entity of kind `kind`, or null when the language gives it none.
const BuiltinField* builtin_field(std::string_view key, std::string_view kind);

/// A node of the syntax tree, for features that walk the tree (folding, tokens, formatting).
class SyntaxTree;

/// One parsed file: its text, line map, entities and syntax diagnostics.
/// Immutable once built; share it with std::shared_ptr<const Document>.
struct Document {
  std::string path;  // Workspace-relative or absolute; the caller decides.
  std::string text;
  LineIndex lines;
  std::vector<Entity> entities;
  std::vector<Diagnostic> diagnostics;  // Syntax diagnostics only.
  std::shared_ptr<const SyntaxTree> tree;

  Document() = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  /// The entity whose range holds the offset, or null.
  const Entity* entity_at(uint32_t offset) const;
};

/// A text replacement in byte offsets of the *previous* text.
struct TextChange {
  Span span;
  std::string text;
};

/// Parses a file. Never fails: broken input gives entities for what parsed and
/// `syntax` diagnostics for the rest.
enum class KeepTree { Yes, No };
/// `KeepTree::No` drops the syntax tree once the model is built: a document nobody edits
/// (a closed file of a large workspace) then costs a third of the memory. Features that
/// walk the tree see `tree` null; apply_changes() re-parses such a document whole.
std::shared_ptr<const Document> parse_document(std::string path, std::string text,
                                               KeepTree keep = KeepTree::Yes);

/// The document's syntax tree: its own, or (parsed without one) a fresh parse of its text.
std::shared_ptr<const SyntaxTree> syntax_tree(const Document& document);

/// Applies changes in order (each in offsets of the text as left by the previous one) and
/// re-parses incrementally, reusing the previous tree (ts_tree_edit).
std::shared_ptr<const Document> apply_changes(const Document& previous,
                                              const std::vector<TextChange>& changes);

/// Tree access for the features that need more than the model.
class SyntaxTree {
 public:
  explicit SyntaxTree(TSTree* tree) : tree_(tree) {}
  ~SyntaxTree();
  SyntaxTree(const SyntaxTree&) = delete;
  SyntaxTree& operator=(const SyntaxTree&) = delete;
  const TSTree* get() const { return tree_; }

 private:
  TSTree* tree_;
};

/// The tree-sitter language of `.kg` files.
extern "C" const struct TSLanguage* tree_sitter_kg(void);

}  // namespace kgls
