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

namespace kgls {

namespace {

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

std::vector<std::string> disagreements(const Entity& a, const Entity& b) {
  std::vector<std::string> out;
  if (a.kind != b.kind) out.push_back("different kind (" + a.kind + ", " + b.kind + ")");
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
  auto against = disagreements(a, b);
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
                                           const DuplicateScoring& scoring) {
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
    if (e1.id == e2.id || index.linked(e1.id, e2.id)) return;
    DuplicatePair pair;
    const bool first = e1.id < e2.id;
    pair.a = first ? entities[r1] : entities[r2];
    pair.b = first ? entities[r2] : entities[r1];
    if (duplicate_score(*pair.a.entity, *pair.b.entity, cosine, scoring, &pair) >= threshold)
      out.push_back(std::move(pair));
  };

  // Candidates by wording: without a shared name the score never exceeds the cosine.
  for (const ScoredPair& p : pairs_above(m, static_cast<float>(threshold)))
    consider(p.a, p.b, p.score);
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
