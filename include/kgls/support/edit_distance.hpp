// Edit distance (Levenshtein: insert, delete, substitute, each 1) over any two sequences:
// bytes (a string_view) or code points (a vector), as the caller chooses.
#pragma once
#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace kgls {

/// The edit distance of `a` and `b`, with a cut-off: returns limit + 1 as soon as the
/// distance must exceed `limit` (so "did you mean" over thousands of names stays cheap).
/// Without a limit, the plain distance.
template <class Sequence>
size_t edit_distance(const Sequence& a, const Sequence& b, size_t limit = std::numeric_limits<size_t>::max() - 1) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t best = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

}  // namespace kgls
