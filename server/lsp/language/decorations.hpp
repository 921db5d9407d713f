// What an editor draws over the text: semantic tokens (from the syntax tree), inlay hints
// (the title after an edge target) and code lenses ("N references" above an entity).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/workspace.hpp"
#include "lsp/language/cancel.hpp"
#include "lsp/language/navigation.hpp"

namespace kgls::lang {

/// The legend, in this order: a token's type is an index into it.
enum class TokenType : uint32_t { Type, Variable, Property, Function, String, Number, Keyword, Comment, EnumMember };
inline constexpr const char* kTokenTypes[] = {"type",   "variable", "property", "function", "string",
                                              "number", "keyword",  "comment",  "enumMember"};
enum TokenModifier : uint32_t { Declaration = 1u << 0 };
inline constexpr const char* kTokenModifiers[] = {"declaration"};

struct SemanticToken {
  uint32_t line = 0;
  uint32_t start = 0;   // UTF-16 column.
  uint32_t length = 0;  // UTF-16 units; a token never spans lines.
  TokenType type = TokenType::Variable;
  uint32_t modifiers = 0;
};

/// The tokens in text order; with `range`, only those that overlap it. Tokens of a text
/// block are split at line ends (not every client draws multi-line tokens).
std::vector<SemanticToken> semantic_tokens(const Document& document, std::optional<Range> range = {});

/// The LSP relative encoding: five numbers per token.
std::vector<uint32_t> encode_tokens(const std::vector<SemanticToken>& tokens);

struct TitleHint {
  Position position;  // Just after the edge target.
  std::string label;  // The target's title.
  std::string tooltip;
};

/// After every resolved edge target whose title differs from its ID, inside `range`.
std::vector<TitleHint> title_hints(const Workspace& workspace, std::string_view path, Range range);

struct ReferenceLens {
  SourceRange range;  // The entity's ID.
  size_t count = 0;
  std::vector<Location> references;
};

/// One per entity of the document: the mentions of its ID elsewhere (edge targets; for a
/// kind or relation declaration, also the kind and relation words).
std::vector<ReferenceLens> reference_lenses(const Workspace& workspace, std::string_view path,
                                            const CancelToken& cancel);

}  // namespace kgls::lang
