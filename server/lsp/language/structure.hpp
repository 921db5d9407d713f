// Folding ranges and selection ranges: the shape of the text, from the syntax tree.
#pragma once
#include <vector>

#include "kgls/model.hpp"

namespace kgls::lang {

struct Fold {
  enum class Kind { Region, Comment };
  Kind kind = Kind::Region;
  uint32_t start_line = 0;
  uint32_t end_line = 0;  // The last line to hide (a closing `}` stays visible).
};

/// Multi-line entities, lists, text blocks and runs of comment lines, in text order.
std::vector<Fold> folding_ranges(const Document& document);

/// For each position, the ranges that contain it from the innermost (a word) to the
/// outermost (the file): what "expand selection" steps through.
std::vector<std::vector<Range>> selection_ranges(const Document& document,
                                                 const std::vector<Position>& positions);

}  // namespace kgls::lang
