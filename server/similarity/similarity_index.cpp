// The workspace's entities as rows of a normalised matrix, and their nearest neighbours.
#include <algorithm>
#include <cmath>
#include <thread>

#include "kgls/similarity.hpp"

namespace kgls {

namespace {

// Schema declarations describe the graph rather than being part of it.
bool embedded_kind(std::string_view kind) { return kind != "kind" && kind != "relation"; }

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

const std::vector<uint32_t> kNoRows;

}  // namespace

std::string embedding_text(const Entity& entity) {
  std::string text = one_line(entity.title());
  for (const auto& alias : entity.aliases()) {
    text += '\n';
    text += one_line(alias);
  }
  const std::string summary = entity.summary();
  if (!summary.empty()) {
    text += "\n\n";
    text += summary;
  }
  return text;
}

SimilarityIndex SimilarityIndex::build(const Workspace& workspace, EmbeddingService& service) {
  SimilarityIndex index;
  std::vector<EmbeddingInput> inputs;
  for (const EntityRef& ref : workspace.entities()) {
    if (!embedded_kind(ref.entity->kind)) continue;
    index.rows_[ref.entity->id].push_back(static_cast<uint32_t>(index.entities_.size()));
    index.entities_.push_back(ref);
  }
  // The inputs, on every core (half a second of string building at 100,000 entities).
  inputs.resize(index.entities_.size());
  {
    const size_t n = inputs.size();
    const size_t threads = std::clamp<size_t>(n / 4096, 1, std::max(1u, std::thread::hardware_concurrency()));
    auto share = [&](size_t t) {
      for (size_t r = n * t / threads; r < n * (t + 1) / threads; ++r) {
        const Entity& entity = *index.entities_[r].entity;
        EmbeddingInput& input = inputs[r];
        input.text = embedding_text(entity);
        for (const Edge& edge : entity.edges) input.links.push_back(edge.relation + ' ' + edge.target);
        for (const Field& field : entity.fields) {
          if (field.key == "title" || field.key == "summary" || field.key == "aliases") continue;
          const auto type = field.value.type;
          const bool text = type == Value::Type::String || type == Value::Type::TextBlock ||
                            type == Value::Type::Number ||
                            (type == Value::Type::List && !field.value.items.empty() &&
                             field.value.items.front().type == Value::Type::String);
          if (text)
            for (auto& v : field.value.strings()) input.fields.push_back(std::move(v));
        }
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(share, t);
    share(0);
    for (auto& th : pool) th.join();
  }
  // Typed edges as rows, both ways, for every definition of either ID (targets nothing
  // embeds, such as unresolved IDs and declarations, have no rows to leave out).
  index.linked_.resize(index.entities_.size());
  for (uint32_t r = 0; r < index.entities_.size(); ++r) {
    const Entity& e = *index.entities_[r].entity;
    for (const Edge& edge : e.edges) {
      if (edge.target == e.id) continue;
      for (const uint32_t to : index.rows(edge.target)) {
        for (const uint32_t from : index.rows(e.id)) {
          index.linked_[from].push_back(to);
          index.linked_[to].push_back(from);
        }
      }
    }
  }
  for (auto& list : index.linked_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    list.shrink_to_fit();
  }

  EmbeddingRun run = service.embed(inputs);
  const size_t count = inputs.size();
  std::vector<EmbeddingInput>().swap(inputs);  // Texts not needed past this point.
  index.embedder_ = run.embedder;
  index.warning_ = run.warning;
  const size_t dims = run.vectors.empty() ? 0 : run.vectors.front().size();
  index.matrix_.resize(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dims));
  for (size_t r = 0; r < run.vectors.size(); ++r) {
    Eigen::Map<const Eigen::RowVectorXf> v(run.vectors[r].data(), static_cast<Eigen::Index>(dims));
    if (run.scaled) {
      index.matrix_.row(static_cast<Eigen::Index>(r)) = v;
      Vector().swap(run.vectors[r]);
      continue;
    }
    const float norm = v.norm();
    // External embedders need not return unit vectors; a zero vector stays zero (cosine 0).
    index.matrix_.row(static_cast<Eigen::Index>(r)) = norm > 0 && std::isfinite(norm) ? (v / norm).eval() : Eigen::RowVectorXf::Zero(static_cast<Eigen::Index>(dims));
    Vector().swap(run.vectors[r]);  // The matrix holds it now: not two copies at once.
  }
  return index;
}

const std::vector<uint32_t>& SimilarityIndex::rows(std::string_view id) const {
  const auto it = rows_.find(id);
  return it == rows_.end() ? kNoRows : it->second;
}

bool SimilarityIndex::linked(std::string_view a, std::string_view b) const {
  const auto& to = rows(b);
  for (const uint32_t r : rows(a)) {
    for (const uint32_t t : to)
      if (std::binary_search(linked_[r].begin(), linked_[r].end(), t)) return true;
  }
  return false;
}

std::unordered_set<uint32_t> SimilarityIndex::excluded(uint32_t row) const {
  std::unordered_set<uint32_t> out;
  if (row >= entities_.size()) return out;
  const auto& same = rows(entities_[row].entity->id);
  out.reserve(same.size() + linked_[row].size());
  out.insert(same.begin(), same.end());
  out.insert(linked_[row].begin(), linked_[row].end());
  return out;
}

size_t SimilarityIndex::excluded_bound(uint32_t row) const {
  if (row >= entities_.size()) return 0;
  return rows(entities_[row].entity->id).size() + linked_[row].size();
}

std::vector<SimilarEntity> similar_entities(const SimilarityIndex& index, std::string_view id, size_t limit,
                                            double min_score) {
  std::vector<SimilarEntity> out;
  const auto& rows = index.rows(id);
  if (rows.empty()) return out;
  const uint32_t row = rows.front();
  const auto skip = index.excluded(row);
  std::vector<ScoredRow> best;
  const NearestRows& nearest = index.nearest();
  bool answered = false;
  // Compared as floats: the list was kept with a float threshold (0.15 as a float is above
  // 0.15 as a double).
  if (row < nearest.rows.size() && static_cast<float>(min_score) >= nearest.min_score) {
    // The k nearest, less the excluded: exact when `limit` remain (nothing outside the list
    // beats them) or when the list is not full (it holds every row above its min_score);
    // of a blocked sweep, the nearest among the row's candidates (NearestRows).
    const auto& list = nearest.rows[row];
    for (const ScoredRow& s : list) {
      if (s.score >= min_score && !skip.count(s.row)) best.push_back(s);
    }
    answered = best.size() >= limit || list.size() < nearest.k_of(row);
    if (best.size() > limit) best.resize(limit);
  }
  if (!answered) best = top_k(index.matrix(), row, limit, static_cast<float>(min_score), skip);
  for (const ScoredRow& s : best) {
    // A zero vector (no text at all) is similar to nothing.
    if (s.score <= 0 && min_score <= 0) continue;
    const EntityRef& ref = index.entities()[s.row];
    out.push_back({ref.entity->id, ref.entity->kind, ref.entity->title(), ref.entity->summary(), s.score, ref});
  }
  return out;
}

std::vector<SimilarEntity> related_by_similarity(const SimilarityIndex& index, std::string_view id,
                                                 const SimilaritySettings& settings) {
  return similar_entities(index, id, settings.related_limit, settings.similarity_threshold);
}

}  // namespace kgls
