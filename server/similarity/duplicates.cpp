// The duplicate score and the `likely-duplicate` warnings (language.md, "Likely duplicate").
//
// The score starts from the embeddings' cosine, because wording is the broadest evidence
// we have. Two kinds of facts then move it:
// - a shared normalised title or alias is strong evidence for "the same thing", so it moves
//   the score part of the way to 1 (not all the way: "Introduction" may name many things);
// - facts that disagree are strong evidence against: a different kind, a different number in
//   the same field (two "Editorial" papers of 2001 and 2003), or lists in the same field with
//   no item in common (disjoint `authors`). Each lowers the score by a fixed amount, chosen so
//   that one disagreement takes even an identical title below the threshold.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "kgls/similarity.hpp"
#include "similarity/candidates.hpp"
#include "similarity/text_features.hpp"

namespace kgls {

namespace {

// --- Contrasting names --------------------------------------------------------------------
// Siblings in a schema (members of one enumeration, the two ends of a range, a thing and its
// negation) share nearly all their words, so their cosine is as high as a duplicate's. What
// tells them apart is the kind of word in which their names differ. Only closed, general
// classes of words are used here, none taken from a particular knowledge base.

// Common English opposites, each pair once, stemmed as the name words are.
constexpr std::pair<std::string_view, std::string_view> kOpposites[] = {
    {"min", "max"},         {"minimum", "maximum"}, {"high", "low"},       {"higher", "lower"},
    {"upper", "lower"},     {"start", "end"},       {"begin", "end"},      {"first", "last"},
    {"before", "after"},    {"previou", "next"},    {"open", "close"},     {"opening", "closing"},
    {"positive", "negative"}, {"yes", "no"},        {"true", "false"},     {"accept", "reject"},
    {"greater", "lesser"},  {"more", "less"},       {"input", "output"},   {"inbound", "outbound"},
    {"import", "export"},   {"send", "receive"},    {"sender", "recipient"}, {"buy", "sell"},
    {"buyer", "seller"},    {"borrow", "lend"},     {"add", "remove"},     {"increase", "decrease"},
    {"left", "right"},      {"top", "bottom"},      {"inner", "outer"},    {"internal", "external"},
    {"old", "new"},         {"success", "failure"}, {"win", "loss"},       {"allow", "deny"},
    {"enable", "disable"},  {"physical", "virtual"}, {"online", "offline"}, {"public", "private"},
    {"parent", "child"},    {"source", "target"},   {"arrival", "departure"}, {"entry", "exit"},
};

constexpr std::string_view kSeries[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
};

bool is_negation(std::string_view w) { return w == "not" || w == "non" || w == "no" || w == "un"; }

// A value of a series: a number, a letter, a short code with a digit ("a1", "3d"), a short
// Roman numeral, a weekday or a month.
bool is_series_value(std::string_view w) {
  if (w.empty()) return false;
  if (w.size() == 1) return true;
  const bool digit = std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digit && w.size() <= 4) return true;
  if (std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  // Roman numerals up to a few letters ("part ii" / "part iii").
  if (w.size() <= 4 && std::all_of(w.begin(), w.end(), [](char c) { return c == 'i' || c == 'v' || c == 'x'; }))
    return true;
  return std::find(std::begin(kSeries), std::end(kSeries), w) != std::end(kSeries);
}

bool opposite(std::string_view a, std::string_view b) {
  for (const auto& [x, y] : kOpposites)
    if ((a == x && b == y) || (a == y && b == x)) return true;
  // A negating prefix: "eligible" / "ineligible", "available" / "unavailable".
  for (const std::string_view prefix : {"in", "un", "non", "dis", "im", "ir", "il"}) {
    if (a.size() > b.size() && a.size() - b.size() == prefix.size() && a.starts_with(prefix) && a.ends_with(b) &&
        b.size() >= 4)
      return true;
    if (b.size() > a.size() && b.size() - a.size() == prefix.size() && b.starts_with(prefix) && b.ends_with(a) &&
        a.size() >= 4)
      return true;
  }
  return false;
}

// A title's words, folded and stemmed; function words are left out unless last ("Plan A").
std::vector<std::string> title_words(std::string_view title) {
  similarity_detail::Words words;
  similarity_detail::split_words(title, words);
  std::vector<std::string> out;
  std::string scratch;
  for (size_t i = 0; i < words.part_count(); ++i) {
    const std::string_view part = words.part(i);
    const bool last = i + 1 == words.part_count();
    if (!last && !is_negation(part) && similarity_detail::is_stopword(part)) continue;
    out.emplace_back(similarity_detail::stem(part, scratch));
  }
  return out;
}

// Why two titles contrast ("high / low"), or empty when they do not.
std::string contrast(std::string_view title_a, std::string_view title_b) {
  const auto wa = title_words(title_a), wb = title_words(title_b);
  if (wa.empty() || wb.empty()) return {};
  std::multiset<std::string> only_a(wa.begin(), wa.end()), only_b;
  for (const auto& w : wb) {
    if (auto it = only_a.find(w); it != only_a.end()) only_a.erase(it);
    else only_b.insert(w);
  }
  if (only_a.empty() && only_b.empty()) return {};
  auto join = [](const std::multiset<std::string>& words) {
    std::string s;
    for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
    return s.empty() ? std::string("-") : s;
  };
  const std::string why = join(only_a) + " / " + join(only_b);
  // One name adds only a negation: "countries supported" / "countries not supported".
  auto all_negations = [](const std::multiset<std::string>& words) {
    return !words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) { return is_negation(w); });
  };
  if ((only_b.empty() && all_negations(only_a)) || (only_a.empty() && all_negations(only_b))) return why;
  if (only_a.empty() || only_b.empty()) return {};  // One name extends the other: no contrast.
  // A value of a series in place of another: "category a" / "category b", "a1 plus" / "b".
  // Both names have one where they differ, and one name differs by nothing else; the same
  // number written otherwise ("sql3" / "3 sql") is no contrast, nor is a word against a
  // number or a code ("fourth" / "4th", "business to business" / "b2b").
  auto all_series = [](const std::multiset<std::string>& words) {
    return std::all_of(words.begin(), words.end(), [](const std::string& w) { return is_series_value(w); });
  };
  auto any_series = [](const std::multiset<std::string>& words) {
    return std::any_of(words.begin(), words.end(), [](const std::string& w) { return is_series_value(w); });
  };
  auto digits = [](const std::multiset<std::string>& words) {
    std::string d;
    for (const auto& w : words)
      for (const char c : w)
        if (c >= '0' && c <= '9') d += c;
    return d;
  };
  const bool same_number = !digits(only_a).empty() && digits(only_a) == digits(only_b);
  if (!same_number && ((all_series(only_a) && any_series(only_b)) || (all_series(only_b) && any_series(only_a))))
    return why;
  // One word in place of its opposite, the rest the same.
  if (only_a.size() == 1 && only_b.size() == 1 && opposite(*only_a.begin(), *only_b.begin())) return why;
  return {};
}

// Fields whose meaning is already in the text or that say nothing about identity.
bool identity_field(std::string_view key) {
  return key != "title" && key != "summary" && key != "aliases" && key != "tags" && key != "status";
}

std::set<std::string> names_of(const Entity& e) {
  std::set<std::string> out;
  if (auto n = normalise_name(e.title()); !n.empty()) out.insert(std::move(n));
  for (const auto& alias : e.aliases())
    if (auto n = normalise_name(alias); !n.empty()) out.insert(std::move(n));
  return out;
}

// A list item as compared for "in common": its last normalised word, so "R. Srikant" and
// "Ramakrishnan Srikant" agree.
std::string item_key(const std::string& item) {
  const std::string n = normalise_name(item);
  const size_t space = n.rfind(' ');
  return space == std::string::npos ? n : n.substr(space + 1);
}

std::vector<std::string> disagreements(const Entity& a, const Entity& b, const DuplicateScoring& scoring) {
  std::vector<std::string> out;
  if (a.kind != b.kind) out.push_back("different kind (" + a.kind + ", " + b.kind + ")");
  if (scoring.contrasting_names)
    if (auto why = contrast(a.title(), b.title()); !why.empty()) out.push_back("contrasting names (" + why + ")");
  for (const Field& fa : a.fields) {
    if (!identity_field(fa.key)) continue;
    const Field* fb = b.field(fa.key);
    if (!fb) continue;
    const Value& va = fa.value;
    const Value& vb = fb->value;
    if (va.type == Value::Type::Number && vb.type == Value::Type::Number) {
      if (va.number != vb.number && !scoring.measured_fields.count(fa.key)) out.push_back("different " + fa.key);
    } else if (va.type == Value::Type::List && vb.type == Value::Type::List && !va.items.empty() &&
               !vb.items.empty()) {
      std::set<std::string> keys;
      for (const auto& item : va.strings())
        if (auto k = item_key(item); !k.empty()) keys.insert(std::move(k));
      bool shared = false;
      for (const auto& item : vb.strings()) shared = shared || keys.count(item_key(item)) > 0;
      if (!shared && !keys.empty()) out.push_back("disjoint " + fa.key);
    }
  }
  return out;
}

std::string format_score(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", score);
  return buf;
}

}  // namespace

double duplicate_score(const Entity& a, const Entity& b, double cosine, const DuplicateScoring& scoring,
                       DuplicatePair* pair) {
  const auto names_a = names_of(a);
  bool same_name = false;
  for (const auto& n : names_of(b)) same_name = same_name || names_a.count(n) > 0;
  double score = cosine;
  if (same_name) score = cosine + scoring.same_name * (1.0 - std::min(1.0, cosine));
  auto against = disagreements(a, b, scoring);
  score -= scoring.disagreement * static_cast<double>(against.size());
  score = std::clamp(score, -1.0, 1.0);
  if (pair) {
    pair->score = score;
    pair->cosine = cosine;
    pair->reason = same_name ? "same-name" : "similarity";
    pair->disagreements = std::move(against);
  }
  return score;
}

// --- The duplicate model --------------------------------------------------------------------

std::array<double, kDuplicateFeatures> duplicate_features(const PairEvidence& e) {
  const double rr = 1.0 / std::max<uint32_t>(e.rank_a, 1) + 1.0 / std::max<uint32_t>(e.rank_b, 1);
  // Scores and gaps are read against the workspace's typical nearest score, so that a long
  // product description and a two-word ontology term are on one scale.
  const double typical = e.typical > 0 ? e.typical : 1.0;
  return {e.score / typical,
          e.cosine,
          std::max(e.gap_a, e.gap_b) / typical,
          std::min(e.gap_a, e.gap_b) / typical,
          rr,
          e.rank_a == 1 && e.rank_b == 1 ? 1.0 : 0.0,
          e.same_name ? 1.0 : 0.0,
          static_cast<double>(e.disagreements)};
}

const std::array<const char*, kDuplicateFeatures>& duplicate_feature_names() {
  static const std::array<const char*, kDuplicateFeatures> names = {
      "score", "cosine", "best gap", "worst gap", "reciprocal ranks", "mutual nearest", "same name", "disagreements"};
  return names;
}

double DuplicateModel::probability(const PairEvidence& e) const {
  const auto x = duplicate_features(e);
  double z = weights[kDuplicateFeatures];
  for (size_t i = 0; i < kDuplicateFeatures; ++i) z += weights[i] * x[i];
  return 1.0 / (1.0 + std::exp(-z));
}

DuplicateModel DuplicateModel::defaults() {
  // Fit on the four data sets together by `kgls_calibrate --fit` (docs/similarity.md).
  return DuplicateModel{{-1.3639, 2.1014, 1.0474, 1.0510, 1.3488, 0.1561, 1.1332, -1.4348, -3.1602}};
}

namespace {

// Each row's candidates: its nearest rows, typed neighbours and its ID's other rows left out.
struct Candidates {
  std::vector<std::vector<ScoredRow>> lists;  // By row, best first, at most `k`.
};

Candidates candidate_lists(const SimilarityIndex& index, const std::vector<std::vector<ScoredRow>>& nearest,
                           size_t k) {
  Candidates out;
  out.lists.resize(nearest.size());
  for (uint32_t r = 0; r < nearest.size(); ++r) {
    const Entity& self = *index.entities()[r].entity;
    for (const ScoredRow& s : nearest[r]) {
      if (out.lists[r].size() >= k) break;
      const Entity& other = *index.entities()[s.row].entity;
      if (index.linked_rows(r, s.row) || other.id == self.id) continue;
      out.lists[r].push_back(s);
    }
  }
  return out;
}

PairEvidence evidence(const SimilarityIndex& index, const Candidates& c, size_t k, uint32_t a, uint32_t b,
                      double score) {
  const auto& m = index.matrix();
  PairEvidence e;
  e.score = score;
  const double aa = m.row(a).squaredNorm(), bb = m.row(b).squaredNorm();
  e.cosine = aa > 0 && bb > 0 ? score / std::sqrt(aa * bb) : 0.0;
  auto side = [&](uint32_t self, uint32_t other, uint32_t& rank, double& gap) {
    const auto& list = c.lists[self];
    rank = static_cast<uint32_t>(k + 1);
    double best_other = 0;
    bool have_other = false;
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].row == other) {
        rank = static_cast<uint32_t>(i + 1);
      } else if (!have_other) {
        best_other = list[i].score;
        have_other = true;
      }
    }
    gap = score - best_other;
  };
  side(a, b, e.rank_a, e.gap_a);
  side(b, a, e.rank_b, e.gap_b);
  return e;
}

}  // namespace

namespace {

// The warnings' candidate pairs read from each row's nearest rows (best first) and the
// pairs sharing a name, each scored by the model; those at or above `threshold` (all with
// `all`). With `affected`, only the pairs with an affected row.
std::vector<DuplicatePair> score_lists(const SimilarityIndex& index, const std::vector<std::vector<ScoredRow>>& lists,
                                       double threshold, const DuplicateScoring& scoring, bool keep_linked, bool all,
                                       const std::vector<char>* affected) {
  const auto& entities = index.entities();
  const auto& m = index.matrix();
  std::vector<DuplicatePair> out;
  const size_t k = std::max<size_t>(1, scoring.candidates);
  const Candidates c = candidate_lists(index, lists, k);
  // The workspace's typical nearest score: the median of every row's best candidate.
  double typical = 0;
  {
    std::vector<float> best;
    for (const auto& list : c.lists)
      if (!list.empty()) best.push_back(list.front().score);
    if (!best.empty()) {
      std::nth_element(best.begin(), best.begin() + static_cast<long>(best.size() / 2), best.end());
      typical = best[best.size() / 2];
    }
  }

  // Number fields whose values rarely repeat (a price, a weight) are measurements: two
  // records of one thing may give them differently. Only numbers that repeat (a year, an
  // edition) disagree.
  DuplicateScoring local = scoring;
  {
    std::map<std::string, std::pair<std::set<double>, size_t>> numbers;
    for (const EntityRef& ref : entities)
      for (const Field& f : ref.entity->fields)
        if (f.value.type == Value::Type::Number) {
          auto& [values, count] = numbers[f.key];
          values.insert(f.value.number);
          ++count;
        }
    for (const auto& [key, seen_values] : numbers)
      if (seen_values.first.size() * 4 > seen_values.second) local.measured_fields.insert(key);
  }
  std::unordered_set<uint64_t> seen;
  if (!affected) seen.reserve(entities.size() * k);
  auto consider = [&](uint32_t r1, uint32_t r2, double score) {
    if (r1 == r2) return;
    if (r1 > r2) std::swap(r1, r2);
    if (!seen.insert(uint64_t{r1} << 32 | r2).second) return;
    PairEvidence ev = evidence(index, c, k, r1, r2, score);
    ev.typical = typical;
    // Most candidates are far below the threshold on their scores alone: the name and field
    // evidence (the costly part) is read only when the best it could be (a shared name, no
    // disagreement, for the shipped model's signs) would take the pair over it.
    if (!all && local.model.weights[7] <= 0) {
      PairEvidence best = ev;
      best.same_name = local.model.weights[6] > 0;
      best.disagreements = 0;
      if (local.model.probability(best) < threshold) return;
    }
    const Entity& e1 = *entities[r1].entity;
    const Entity& e2 = *entities[r2].entity;
    if (e1.id == e2.id || (!keep_linked && index.linked_rows(r1, r2))) return;
    DuplicatePair pair;
    const bool first = e1.id < e2.id;
    pair.a = first ? entities[r1] : entities[r2];
    pair.b = first ? entities[r2] : entities[r1];
    // The name and field evidence of the classic duplicate score: a shared name, disagreements.
    duplicate_score(*pair.a.entity, *pair.b.entity, ev.cosine, local, &pair);
    ev.same_name = pair.reason == "same-name";
    ev.disagreements = static_cast<uint32_t>(pair.disagreements.size());
    pair.evidence = ev;
    pair.cosine = ev.cosine;
    pair.score = local.model.probability(ev);
    if (all || pair.score >= threshold) out.push_back(std::move(pair));
  };
  for (uint32_t r = 0; r < c.lists.size(); ++r)
    for (const ScoredRow& s : c.lists[r])
      if (!affected || (*affected)[r] || (*affected)[s.row]) consider(r, s.row, s.score);
  // Candidates by name, whatever their score: a hash join on normalised titles and aliases.
  // After an edit, only the names of the affected rows can make a pair to score.
  std::unordered_set<std::string_view> wanted;
  if (affected)
    for (uint32_t r = 0; r < entities.size(); ++r)
      if ((*affected)[r])
        for (const auto& n : index.names(r)) wanted.insert(n);
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_name;
  for (uint32_t r = 0; r < entities.size(); ++r)
    for (const auto& n : index.names(r))
      if (!affected || wanted.count(n)) by_name[n].push_back(r);
  for (const auto& [name, rows] : by_name) {
    for (size_t i = 0; i < rows.size(); ++i)
      for (size_t j = i + 1; j < rows.size(); ++j)
        if (!affected || (*affected)[rows[i]] || (*affected)[rows[j]])
          consider(rows[i], rows[j], m.cols() ? static_cast<double>(m.row(rows[i]).dot(m.row(rows[j]))) : 0.0);
  }
  return out;
}

void sort_pairs(std::vector<DuplicatePair>& pairs) {
  std::sort(pairs.begin(), pairs.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
    if (x.score != y.score) return x.score > y.score;
    if (x.a.entity->id != y.a.entity->id) return x.a.entity->id < y.a.entity->id;
    return x.b.entity->id < y.b.entity->id;
  });
}

}  // namespace

static std::vector<DuplicatePair> scored_pairs(const SimilarityIndex& index, double threshold,
                                               const DuplicateScoring& scoring, bool keep_linked,
                                               NearestRows* nearest, bool all) {
  const auto& entities = index.entities();
  const auto& m = index.matrix();
  const size_t k = std::max<size_t>(1, scoring.candidates);
  // One sweep keeps each row's nearest rows: the candidates, and the card's related entities.
  std::vector<uint32_t> extra(entities.size(), 0);
  for (uint32_t r = 0; r < entities.size(); ++r) extra[r] = static_cast<uint32_t>(index.excluded_bound(r));
  const size_t sweep_k = std::max(k, nearest ? nearest->k : size_t{0});
  const float min_score = 1e-6f;
  const float everything = std::numeric_limits<float>::infinity();  // Nearest lists only, no pairs.
  AllPairs sweep = entities.size() <= scoring.all_pairs_up_to ? all_pairs(m, everything, sweep_k, min_score, 0, extra)
                                     : blocked_pairs(m, blocking_keys(entities), everything, sweep_k, min_score, {}, extra);
  std::vector<DuplicatePair> out = score_lists(index, sweep.nearest, threshold, scoring, keep_linked, all, nullptr);
  if (nearest) {
    // The caller's k and min_score: each list cut to them (the sweep may have kept more).
    nearest->extra = std::move(extra);
    nearest->rows = std::move(sweep.nearest);
    for (size_t r = 0; r < nearest->rows.size(); ++r) {
      auto& list = nearest->rows[r];
      while (!list.empty() && list.back().score < nearest->min_score) list.pop_back();
      if (list.size() > nearest->k_of(r)) list.resize(nearest->k_of(r));
    }
  }

  sort_pairs(out);
  return out;
}

std::vector<DuplicatePair> find_duplicates(const SimilarityIndex& index, double threshold,
                                           const DuplicateScoring& scoring, bool keep_linked,
                                           NearestRows* nearest) {
  return scored_pairs(index, threshold, scoring, keep_linked, nearest, false);
}

std::optional<std::vector<DuplicatePair>> update_duplicates(const SimilarityIndex& index,
                                                            const SimilarityIndex::Update& update,
                                                            const SimilarityIndex& previous,
                                                            const std::vector<DuplicatePair>& previous_pairs,
                                                            double threshold, const DuplicateScoring& scoring,
                                                            bool keep_linked, NearestRows& nearest) {
  constexpr uint32_t kNew = SimilarityIndex::Update::kNew;
  const NearestRows& before = previous.nearest();
  const size_t n = index.entities().size();
  if (before.rows.size() != previous.entities().size() || update.old_row.size() != n) return std::nullopt;
  std::vector<uint32_t> new_of_old(previous.entities().size(), kNew);
  for (uint32_t r = 0; r < n; ++r)
    if (update.old_row[r] != kNew) new_of_old[update.old_row[r]] = r;
  std::vector<char> affected(n, 0);
  for (const uint32_t c : update.changed) affected[c] = 1;

  nearest.k = before.k;
  nearest.min_score = before.min_score;
  nearest.extra.assign(n, 0);
  for (uint32_t r = 0; r < n; ++r) nearest.extra[r] = static_cast<uint32_t>(index.excluded_bound(r));
  nearest.rows.assign(n, {});
  // Kept rows keep their lists, less the rows gone or changed (a list that lost one is a
  // row short until the next whole pass: its next best is not known without it).
  // A row's warnings read only the first few of its list (its `candidates` nearest, typed
  // neighbours left out): a change further down does not touch them.
  const size_t k = std::max<size_t>(1, scoring.candidates);
  const auto reach = [&](uint32_t r) { return k + nearest.extra[r]; };
  for (uint32_t r = 0; r < n; ++r) {
    if (update.old_row[r] == kNew) continue;
    auto& list = nearest.rows[r];
    const auto& old_list = before.rows[update.old_row[r]];
    for (size_t i = 0; i < old_list.size(); ++i) {
      const uint32_t to = new_of_old[old_list[i].row];
      if (to == kNew) {
        if (i < reach(r)) affected[r] = 1;
        continue;
      }
      list.push_back({to, old_list[i].score});
    }
    if (list.size() > nearest.k_of(r)) list.resize(nearest.k_of(r));
  }
  // A changed row's list: its products with every row (exact); and it enters the kept
  // rows' lists where it now belongs.
  const auto& m = index.matrix();
  for (const uint32_t c : update.changed) {
    const Eigen::VectorXf scores = m * m.row(c).transpose();
    auto& own = nearest.rows[c];
    for (uint32_t r = 0; r < n; ++r) {
      const float score = scores[r];
      if (r == c || !(score >= nearest.min_score)) continue;
      own.push_back({r, score});
      if (update.old_row[r] == kNew) continue;
      auto& list = nearest.rows[r];
      const ScoredRow entry{c, score};
      if (list.size() >= nearest.k_of(r) && !better(entry, list.back())) continue;
      const auto at = std::upper_bound(list.begin(), list.end(), entry, better);
      if (static_cast<size_t>(at - list.begin()) < reach(r)) affected[r] = 1;
      list.insert(at, entry);
      if (list.size() > nearest.k_of(r)) list.pop_back();
    }
    const size_t keep = std::min(own.size(), nearest.k_of(c));
    std::partial_sort(own.begin(), own.begin() + static_cast<long>(keep), own.end(), better);
    own.resize(keep);
  }

  // The pairs of unaffected rows stand; the others are scored again.
  std::unordered_map<const Entity*, uint32_t> old_row_of;
  old_row_of.reserve(previous.entities().size());
  for (uint32_t o = 0; o < previous.entities().size(); ++o) old_row_of.emplace(previous.entities()[o].entity, o);
  std::vector<DuplicatePair> out;
  for (const DuplicatePair& p : previous_pairs) {
    const auto a = old_row_of.find(p.a.entity), b = old_row_of.find(p.b.entity);
    if (a == old_row_of.end() || b == old_row_of.end()) continue;
    const uint32_t ra = new_of_old[a->second], rb = new_of_old[b->second];
    if (ra == kNew || rb == kNew || affected[ra] || affected[rb]) continue;
    if (p.score < threshold) continue;
    DuplicatePair kept = p;
    kept.a = index.entities()[ra];
    kept.b = index.entities()[rb];
    out.push_back(std::move(kept));
  }
  auto fresh = score_lists(index, nearest.rows, threshold, scoring, keep_linked, false, &affected);
  out.insert(out.end(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
  sort_pairs(out);
  return out;
}

std::vector<DuplicatePair> duplicate_candidates(const SimilarityIndex& index, const DuplicateScoring& scoring) {
  return scored_pairs(index, 0, scoring, false, nullptr, true);
}

std::map<std::string, std::vector<Diagnostic>> duplicate_diagnostics(const std::vector<DuplicatePair>& pairs) {
  std::map<std::string, std::vector<Diagnostic>> out;
  auto add = [&](const EntityRef& self, const EntityRef& other, const DuplicatePair& pair) {
    Diagnostic d;
    d.range = self.entity->id_range;
    d.severity = Severity::Warning;
    d.code = "likely-duplicate";
    d.message = "`" + self.entity->id + "` looks like a duplicate of `" + other.entity->id + "` (" +
                (pair.reason == "same-name" ? "same name, " : "") + "score " + format_score(pair.score) +
                "); add a typed edge between them, or merge one into the other";
    d.related.push_back({other.document->path, other.entity->id_range,
                         "`" + other.entity->id + "` (\"" + other.entity->title() + "\") is defined here"});
    d.data = other.entity->id;
    out[self.document->path].push_back(std::move(d));
  };
  for (const auto& pair : pairs) {
    add(pair.a, pair.b, pair);
    add(pair.b, pair.a, pair);
  }
  for (auto& [path, list] : out) {
    std::stable_sort(list.begin(), list.end(), [](const Diagnostic& x, const Diagnostic& y) {
      return x.range.bytes.begin < y.range.bytes.begin;
    });
  }
  return out;
}

std::map<std::string, std::vector<Diagnostic>> likely_duplicate_diagnostics(const Workspace& workspace,
                                                                            const SimilaritySettings& settings,
                                                                            EmbeddingService& service) {
  if (!settings.duplicates) return {};
  const SimilarityIndex index = SimilarityIndex::build(workspace, service);
  return duplicate_diagnostics(find_duplicates(index, settings.duplicate_threshold));
}

}  // namespace kgls
