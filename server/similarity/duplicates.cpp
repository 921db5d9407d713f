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
#include <set>
#include <unordered_map>

#include "kgls/similarity.hpp"
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
      if (va.number != vb.number) out.push_back("different " + fa.key);
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

std::vector<DuplicatePair> find_duplicates(const SimilarityIndex& index, double threshold,
                                           const DuplicateScoring& scoring, bool keep_linked,
                                           NearestRows* nearest) {
  const auto& entities = index.entities();
  const auto& m = index.matrix();
  std::vector<DuplicatePair> out;
  std::set<std::pair<uint32_t, uint32_t>> seen;

  auto consider = [&](uint32_t r1, uint32_t r2, double cosine) {
    if (r1 == r2) return;
    if (r1 > r2) std::swap(r1, r2);
    if (!seen.insert({r1, r2}).second) return;
    const Entity& e1 = *entities[r1].entity;
    const Entity& e2 = *entities[r2].entity;
    if (e1.id == e2.id || (!keep_linked && index.linked(e1.id, e2.id))) return;
    DuplicatePair pair;
    const bool first = e1.id < e2.id;
    pair.a = first ? entities[r1] : entities[r2];
    pair.b = first ? entities[r2] : entities[r1];
    if (duplicate_score(*pair.a.entity, *pair.b.entity, cosine, scoring, &pair) >= threshold)
      out.push_back(std::move(pair));
  };

  // Candidates by wording: without a shared name the score never exceeds the cosine.
  if (nearest) {
    nearest->extra.assign(entities.size(), 0);
    for (uint32_t r = 0; r < entities.size(); ++r) nearest->extra[r] = static_cast<uint32_t>(index.excluded(r).size());
  }
  AllPairs sweep = all_pairs(m, static_cast<float>(threshold), nearest ? nearest->k : 0,
                             nearest ? nearest->min_score : 0.0f, 0,
                             nearest ? nearest->extra : std::vector<uint32_t>{});
  if (nearest) nearest->rows = std::move(sweep.nearest);
  for (const ScoredPair& p : sweep.pairs) consider(p.a, p.b, p.score);
  // Candidates by name, whatever their cosine: a hash join on normalised titles and aliases.
  std::unordered_map<std::string, std::vector<uint32_t>> by_name;
  for (uint32_t r = 0; r < entities.size(); ++r)
    for (const auto& n : names_of(*entities[r].entity)) by_name[n].push_back(r);
  for (const auto& [name, rows] : by_name) {
    for (size_t i = 0; i < rows.size(); ++i)
      for (size_t j = i + 1; j < rows.size(); ++j)
        consider(rows[i], rows[j], m.cols() ? static_cast<double>(m.row(rows[i]).dot(m.row(rows[j]))) : 0.0);
  }

  std::sort(out.begin(), out.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
    if (x.score != y.score) return x.score > y.score;
    if (x.a.entity->id != y.a.entity->id) return x.a.entity->id < y.a.entity->id;
    return x.b.entity->id < y.b.entity->id;
  });
  return out;
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
