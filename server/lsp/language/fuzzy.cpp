#include "lsp/language/fuzzy.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "kgls/support/fold.hpp"

namespace kgls::lang {

namespace {

// Longer inputs are cut: the score is for ranking, and a 2 KB title ranks fine on its start.
constexpr size_t kMaxPattern = 64;
constexpr size_t kMaxWord = 256;

constexpr int kNone = std::numeric_limits<int>::min() / 2;
constexpr int kFirstCharBonus = 10;  // Matching the word's first character.
constexpr int kBoundaryBonus = 8;    // Matching a word start inside the word.
constexpr int kRunBonus = 6;         // Matching right after the previous match.
constexpr int kGapPenalty = 2;       // Skipping characters between two matches.
constexpr int kExactBonus = 15;      // The whole word, ignoring case.
constexpr int kPrefixBonus = 10;     // The word starts with the pattern.

bool is_separator(char c) { return c == '-' || c == '_' || c == '.' || c == ' ' || c == '/'; }

bool is_boundary(std::string_view word, size_t j) {
  if (j == 0) return true;
  const char prev = word[j - 1];
  const char c = word[j];
  if (is_separator(prev)) return true;
  return prev >= 'a' && prev <= 'z' && c >= 'A' && c <= 'Z';
}

}  // namespace

std::optional<int> fuzzy_score(std::string_view pattern, std::string_view word) {
  if (pattern.empty()) return 0;
  pattern = pattern.substr(0, kMaxPattern);
  word = word.substr(0, kMaxWord);
  const size_t n = pattern.size();
  const size_t m = word.size();
  if (n > m) return std::nullopt;
  // Quick rejection: is the pattern a subsequence at all?
  for (size_t i = 0, j = 0; i < n; ++j) {
    if (j == m) return std::nullopt;
    if (fold_ascii(pattern[i]) == fold_ascii(word[j])) ++i;
  }
  // prev[j]: best score with pattern[0..i) matched and pattern[i-1] at word[j].
  // Reused across calls: completion scores every entity of the workspace per keystroke.
  thread_local std::vector<int> prev, cur;
  prev.assign(m, kNone);
  cur.assign(m, kNone);
  for (size_t i = 0; i < n; ++i) {
    int best_before = kNone;  // max of prev[k] for k < j - 1.
    for (size_t j = 0; j < m; ++j) {
      if (j >= 2) best_before = std::max(best_before, prev[j - 2]);
      cur[j] = kNone;
      if (fold_ascii(pattern[i]) != fold_ascii(word[j])) continue;
      int score = 1;
      if (is_boundary(word, j)) score += j == 0 ? kFirstCharBonus : kBoundaryBonus;
      if (pattern[i] == word[j]) score += 1;  // Same case.
      if (i == 0) {
        cur[j] = score - static_cast<int>(std::min<size_t>(j, 4));
        continue;
      }
      int from = kNone;
      if (j >= 1 && prev[j - 1] != kNone) from = prev[j - 1] + kRunBonus;
      if (best_before != kNone) from = std::max(from, best_before - kGapPenalty);
      if (from != kNone) cur[j] = from + score;
    }
    std::swap(prev, cur);
  }
  int best = *std::max_element(prev.begin(), prev.end());
  if (best == kNone) return std::nullopt;
  const bool prefix = std::equal(pattern.begin(), pattern.end(), word.begin(),
                                 [](char a, char b) { return fold_ascii(a) == fold_ascii(b); });
  if (prefix) best += n == m ? kExactBonus + kPrefixBonus : kPrefixBonus;
  return best;
}

}  // namespace kgls::lang
