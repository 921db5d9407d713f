// The workspace's entities as rows of a normalised matrix, and their nearest neighbours.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "kgls/similarity.hpp"
#include "similarity/shares.hpp"
#include "similarity/text_features.hpp"

namespace kgls {

namespace {

// Schema declarations describe the graph rather than being part of it.
bool embedded_kind(std::string_view kind) { return !is_schema_kind(kind); }

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

namespace {

EmbeddingInput input_of(const Entity& entity) {
  EmbeddingInput input;
  input.text = embedding_text(entity);
  for (const Edge& edge : entity.edges) input.links.push_back(edge.relation + ' ' + edge.target);
  for (const Field& field : entity.fields) {
    if (field.key == "title" || field.key == "summary" || field.key == "aliases") continue;
    const auto type = field.value.type;
    const bool text = type == Value::Type::String || type == Value::Type::TextBlock || type == Value::Type::Number ||
                      (type == Value::Type::List && !field.value.items.empty() &&
                       field.value.items.front().type == Value::Type::String);
    if (text)
      for (auto& v : field.value.strings()) input.fields.push_back(std::move(v));
  }
  return input;
}

// What the embedder reads of an entity, as one hash: each part's hash seeds the next, so
// where one part ends is part of it.
uint64_t hash_of(const EmbeddingInput& input) {
  uint64_t h = fnv1a64(input.text, 0);
  for (const auto& l : input.links) h = fnv1a64(l, h);
  h = fnv1a64("\x1d", h);  // Links end, fields begin.
  for (const auto& f : input.fields) h = fnv1a64(f, h);
  return h;
}

std::vector<std::string> names_of(const Entity& entity) {
  std::vector<std::string> out;
  if (auto n = normalise_name(entity.title()); !n.empty()) out.push_back(std::move(n));
  for (const auto& alias : entity.aliases())
    if (auto n = normalise_name(alias); !n.empty()) out.push_back(std::move(n));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

SimilarityIndex SimilarityIndex::layout(const Workspace& workspace) {
  SimilarityIndex index;
  for (const EntityRef& ref : workspace.entities()) {
    if (!embedded_kind(ref.entity->kind)) continue;
    index.rows_[ref.entity->id].push_back(static_cast<uint32_t>(index.entities_.size()));
    index.entities_.push_back(ref);
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
  index.names_.resize(index.entities_.size());
  index.input_hash_.assign(index.entities_.size(), 0);
  return index;
}

SimilarityIndex SimilarityIndex::build(const Workspace& workspace, EmbeddingService& service) {
  SimilarityIndex index = layout(workspace);
  // The inputs and names, on every core (half a second of string building at 100,000).
  std::vector<EmbeddingInput> inputs(index.entities_.size());
  similarity_detail::in_shares(inputs.size(), 4096, [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) {
      const Entity& entity = *index.entities_[r].entity;
      inputs[r] = input_of(entity);
      index.input_hash_[r] = hash_of(inputs[r]);
      index.names_[r] = names_of(entity);
    }
  });

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

std::optional<SimilarityIndex> SimilarityIndex::update(const SimilarityIndex& previous, const Workspace& workspace,
                                                       EmbeddingService& service, size_t max_changed, Update& out) {
  SimilarityIndex index = layout(workspace);
  const size_t n = index.entities_.size();
  out.old_row.assign(n, Update::kNew);
  out.changed.clear();
  // Entities of documents that did not change are the previous index's own objects.
  std::unordered_map<const Entity*, uint32_t> by_entity;
  by_entity.reserve(previous.entities_.size());
  for (uint32_t o = 0; o < previous.entities_.size(); ++o) by_entity.emplace(previous.entities_[o].entity, o);
  std::vector<EmbeddingInput> inputs;
  std::vector<bool> taken(previous.entities_.size(), false);
  for (uint32_t r = 0; r < n; ++r) {
    const Entity& entity = *index.entities_[r].entity;
    uint32_t old = Update::kNew;
    if (auto it = by_entity.find(&entity); it != by_entity.end() && !taken[it->second]) {
      old = it->second;
    } else {
      // A re-parsed document: the same input under the same ID keeps its vector.
      EmbeddingInput input = input_of(entity);
      const uint64_t h = hash_of(input);
      for (const uint32_t o : previous.rows(entity.id))
        if (!taken[o] && previous.input_hash_[o] == h) {
          old = o;
          break;
        }
      if (old == Update::kNew) {
        if (out.changed.size() >= max_changed) return std::nullopt;
        index.input_hash_[r] = h;
        index.names_[r] = names_of(entity);
        out.changed.push_back(r);
        inputs.push_back(std::move(input));
        continue;
      }
    }
    taken[old] = true;
    out.old_row[r] = old;
    index.input_hash_[r] = previous.input_hash_[old];
    index.names_[r] = previous.names_[old];
  }
  const Eigen::Index cols = previous.matrix_.cols();
  std::optional<EmbeddingRun> run;
  if (!inputs.empty()) {
    run = service.embed_more(inputs);
    if (!run || run->embedder != previous.embedder_) return std::nullopt;
    for (const auto& v : run->vectors)
      if (static_cast<Eigen::Index>(v.size()) != cols) return std::nullopt;
  }
  index.embedder_ = previous.embedder_;
  index.warning_ = run ? run->warning : std::nullopt;
  index.matrix_.resize(static_cast<Eigen::Index>(n), cols);
  for (uint32_t r = 0; r < n; ++r)
    if (out.old_row[r] != Update::kNew) index.matrix_.row(r) = previous.matrix_.row(out.old_row[r]);
  for (size_t i = 0; i < out.changed.size(); ++i) {
    Eigen::Map<const Eigen::RowVectorXf> v(run->vectors[i].data(), cols);
    const float norm = v.norm();
    index.matrix_.row(out.changed[i]) =
        run->scaled ? v.eval()
                    : (norm > 0 && std::isfinite(norm) ? (v / norm).eval() : Eigen::RowVectorXf::Zero(cols));
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
