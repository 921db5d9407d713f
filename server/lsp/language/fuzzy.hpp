// Fuzzy matching for symbol search (and, later, completion): the pattern's characters
// must appear in order in the word; matches at word starts and in runs score higher.
#pragma once
#include <optional>
#include <string_view>

namespace kgls::lang {

/// A score (higher is better) when every character of `pattern` appears in `word` in
/// order, ignoring ASCII case; nullopt otherwise. An empty pattern matches with score 0.
/// Word starts are the first character, the one after `-`, `_`, `.`, ` ` or `/`, and an
/// upper-case letter after a lower-case one ("logitWeight").
std::optional<int> fuzzy_score(std::string_view pattern, std::string_view word);

}  // namespace kgls::lang
