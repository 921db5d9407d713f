#pragma once
// The architecture invariants, checked on a source tree: the layer rules are read from the
// tree's ARCHITECTURE.md (its `layers` block), so the map and the test cannot disagree.

#include <filesystem>
#include <string>
#include <vector>

namespace kgls::architecture {

// Everything wrong with the tree, one line each ("server/syntax/parse.cpp includes
// lsp/logger.hpp (layer lsp/logger), above its layer syntax"); empty when the tree keeps
// every rule. A missing or malformed `layers` block is a problem too.
std::vector<std::string> check_tree(const std::filesystem::path& root);

}  // namespace kgls::architecture
