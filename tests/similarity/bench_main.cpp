// kgls_similarity_bench: the speed figures of docs/similarity.md.
//
//   build/kgls_similarity_bench [--entities N] [--dims D] [--threads T] [--embed-only]
//
// 1. The builtin embedder on N synthetic ~300-character entities (words drawn with their
//    real frequencies from the schema.org summaries beside the repository), one thread,
//    CPU time: entities per second.
// 2. All pairs above 0.8 over those N embeddings, in blocks of matrix products, on T
//    threads (0 = all cores), wall time.
// 3. top-k for one entity (one matrix-vector product).
//
//   build/kgls_similarity_bench --blocked [--entities N] [--dims D] [--threads T] [--words W]
//                               [--max-candidates C] [--max-posting P] [--all-pairs-rows R]
//                               [--nearest K]
//
// blocked_pairs() (candidate pairs from shared blocking keys) against all_pairs() on a
// synthetic matrix, N x D (100,000 x 256): each row draws W words (12) Zipf-like from a
// 200,000-word vocabulary and keeps its 12 rarest as blocking keys; its vector is the sum of
// its words' random vectors (weighted by rarity) plus noise; a fifth of the rows are near
// duplicates of an earlier row (most of its words, its vector plus a little noise). Prints the
// dot kernels' GFLOP/s per instruction set (rows in cache, and gathered from the whole matrix),
// blocked_pairs()'s wall time and what it did, and all_pairs() on the first R rows (20,000:
// at 100,000 it takes ~50 s) with the recall of blocked_pairs() against it on those rows.
// Pairs >= 0.8 and each row's K (32) nearest >= 0.15, as find_duplicates() keeps them.
// KGLS_SIMD=baseline|avx2 runs blocked_pairs() with a lower instruction set.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <unordered_set>

#include "kgls/files.hpp"
#include "kgls/similarity.hpp"
#include "similarity/candidates.hpp"

using namespace kgls;

namespace {

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double process_cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Words of the schema.org summaries, with repeats (so drawing is by frequency).
std::vector<std::string> vocabulary() {
  std::vector<std::string> words;
  const std::filesystem::path folder = std::filesystem::path(KGLS_SHARED_DATA) / "schemaorg";
  Workspace ws;
  for (const auto& f : find_kg_files(folder).files) {
    std::string text, error;
    if (read_file(f, text, error)) ws.set_document(parse_document(f.string(), std::move(text)));
  }
  for (const auto& ref : ws.entities()) {
    std::string w;
    for (const char c : ref.entity->summary() + " ") {
      if (c == ' ' || c == '\n') {
        if (!w.empty()) words.push_back(w);
        w.clear();
      } else {
        w += c;
      }
    }
  }
  if (words.empty()) words = {"graph", "entity", "knowledge", "edge", "model", "the", "of", "a"};
  return words;
}

uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Component c of word w's random vector, uniform in [-1, 1).
float word_component(uint64_t w, uint64_t c) {
  return static_cast<float>(static_cast<double>(splitmix(w * 0x100000001b3ULL + c) >> 11) * 0x1p-52 - 1.0);
}

struct Synthetic {
  EmbeddingMatrix m;
  std::vector<std::vector<uint64_t>> keys;
  std::vector<std::pair<uint32_t, uint32_t>> planted;  // (original, near duplicate)
};

Synthetic synthetic(size_t n, size_t dims, size_t words_per_row, size_t keys_per_row, uint64_t seed) {
  constexpr size_t kVocabulary = 200000;
  std::vector<double> cdf(kVocabulary);  // Zipf, exponent 1: word w (0 = most common) ~ 1 / (w + 1).
  double sum = 0;
  for (size_t w = 0; w < kVocabulary; ++w) cdf[w] = sum += 1.0 / static_cast<double>(w + 1);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, sum);
  auto draw = [&] {
    return static_cast<uint64_t>(std::upper_bound(cdf.begin(), cdf.end(), uniform(rng)) - cdf.begin());
  };
  Synthetic out;
  out.m.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dims));
  out.keys.resize(n);
  std::vector<std::vector<uint64_t>> words(n);
  std::normal_distribution<float> normal;
  std::vector<float> v(dims);
  for (size_t r = 0; r < n; ++r) {
    auto& w = words[r];
    const bool copy = r >= 100 && rng() % 5 == 0;
    size_t original = 0;
    if (copy) {  // A near duplicate: all but a sixth of an earlier row's words (at least 1).
      original = rng() % r;
      w = words[original];
      std::shuffle(w.begin(), w.end(), rng);
      w.resize(w.size() - std::max<size_t>(1, w.size() / 6));
      out.planted.emplace_back(static_cast<uint32_t>(original), static_cast<uint32_t>(r));
    }
    while (w.size() < words_per_row) {
      const uint64_t x = draw();
      if (std::find(w.begin(), w.end(), x) == w.end()) w.push_back(x);
    }
    // The vector: the words' vectors, rarer words weighing more, plus noise.
    std::fill(v.begin(), v.end(), 0.0f);
    for (const uint64_t x : w) {
      const float weight = static_cast<float>(std::log(static_cast<double>(x + 2)));
      for (size_t c = 0; c < dims; ++c) v[c] += weight * word_component(x, c);
    }
    auto row = out.m.row(static_cast<Eigen::Index>(r));
    for (size_t c = 0; c < dims; ++c) row[static_cast<Eigen::Index>(c)] = v[c];
    row.normalize();
    if (copy) {
      Eigen::RowVectorXf noise(static_cast<Eigen::Index>(dims));
      for (auto& x : noise) x = normal(rng);
      row = (0.5f * row + 0.5f * out.m.row(static_cast<Eigen::Index>(original))).normalized() +
            0.15f * noise.normalized();
    } else {
      Eigen::RowVectorXf noise(static_cast<Eigen::Index>(dims));
      for (auto& x : noise) x = normal(rng);
      row += 0.5f * noise.normalized();
    }
    row.normalize();
  }
  // Keys: the rarest words of each row (here: the highest ranks), rarest first, as hashes.
  for (size_t r = 0; r < n; ++r) {
    std::vector<uint64_t> w = words[r];
    std::sort(w.begin(), w.end(), std::greater<>());
    if (w.size() > keys_per_row) w.resize(keys_per_row);
    for (const uint64_t x : w) out.keys[r].push_back(splitmix(x ^ 0x6b67ULL));
  }
  return out;
}

// GFLOP/s of one kernel set, one thread: `count` dot products of a query against rows drawn at
// random from the first `span` rows of the matrix, `repeats` times.
double kernel_gflops(const simd::DotKernels& k, const EmbeddingMatrix& m, size_t span, size_t count, size_t repeats) {
  const size_t d = static_cast<size_t>(m.cols());
  span = std::min(span, static_cast<size_t>(m.rows()));
  std::mt19937 rng(9);
  std::vector<uint32_t> ids(count);
  for (auto& id : ids) id = static_cast<uint32_t>(rng() % span);
  std::vector<float> out(count);
  volatile float sink = 0;
  const double t = wall_now();
  for (size_t i = 0; i < repeats; ++i) {
    k.dot_gather(m.data() + (i % 64) * d, m.data(), d, ids.data(), ids.size(), d, out.data());
    sink = sink + out[i % count];
  }
  const double seconds = wall_now() - t;
  return 2.0 * static_cast<double>(d) * static_cast<double>(count) * static_cast<double>(repeats) / seconds / 1e9;
}

int blocked_bench(size_t n, size_t dims, unsigned threads, size_t words, size_t max_candidates, size_t max_posting,
                  size_t all_rows, size_t k) {
  const float threshold = 0.8f, min_score = 0.15f;
  double t = wall_now();
  const Synthetic data = synthetic(n, dims, words, 12, 42);
  std::printf("synthetic: %zu x %zu (%.0f MB), %zu words per row from 200,000 (Zipf), 12 rarest as keys, "
              "%zu planted near duplicates (%.1f s to make)\n",
              n, dims, static_cast<double>(data.m.size()) * 4 / 1e6, words, data.planted.size(), wall_now() - t);

  // The kernels, per instruction set.
  std::printf("dot kernels, %zu floats (GFLOP/s, one thread): 256 rows in cache / gathered from all %zu rows\n",
              dims, n);
  for (const char* level : {"baseline", "avx2", "avx512"}) {
    const simd::DotKernels* kernels = simd::dot_kernels(level);
    if (!kernels) {
      std::printf("  %-8s not on this CPU\n", level);
      continue;
    }
    const double cached = kernel_gflops(*kernels, data.m, 256, 256, 12000);
    const double gathered = kernel_gflops(*kernels, data.m, n, 200000, 10);
    std::printf("  %-8s %6.1f / %5.1f\n", level, cached, gathered);
  }

  BlockingOptions options;
  options.threads = threads;
  options.max_candidates = max_candidates;
  options.max_posting = max_posting;
  BlockingStats stats;
  options.stats = &stats;
  t = wall_now();
  const double cpu = process_cpu_now();
  const AllPairs blocked = blocked_pairs(data.m, data.keys, threshold, k, min_score, options);
  const double blocked_s = wall_now() - t;
  const double blocked_cpu = process_cpu_now() - cpu;
  size_t planted_above = 0, planted_found = 0;
  {
    std::set<std::pair<uint32_t, uint32_t>> found;
    for (const auto& p : blocked.pairs) found.insert({p.a, p.b});
    for (const auto& [a, b] : data.planted)
      if (data.m.row(a).dot(data.m.row(b)) >= threshold) {
        ++planted_above;
        planted_found += found.count({std::min(a, b), std::max(a, b)});
      }
  }
  std::printf("blocked_pairs (%s, %u threads): %.2f s wall = index %.2f + budget %.2f + score %.2f + merge %.2f; "
              "%.2f s CPU\n",
              simd_level(), threads, blocked_s, stats.index_seconds, stats.budget_seconds, stats.score_seconds,
              stats.merge_seconds, blocked_cpu);
  std::printf("  max_posting %zu, max_candidates %zu; %zu keys, %zu used, %zu too common; %zu rows over budget\n",
              stats.max_posting, stats.max_candidates, stats.keys, stats.keys_used, stats.keys_too_common,
              stats.rows_over_budget);
  std::printf("  %zu dot products (%.0f per row; all pairs: %.0f per row), %.1f GFLOP/s; %zu pairs >= %.1f; "
              "planted duplicates >= %.1f found: %zu of %zu\n",
              stats.scored, static_cast<double>(stats.scored) / static_cast<double>(n),
              static_cast<double>(n - 1) / 2, 2.0 * static_cast<double>(dims) * static_cast<double>(stats.scored) /
                                                  stats.score_seconds / 1e9,
              blocked.pairs.size(), threshold, threshold, planted_found, planted_above);

  // all_pairs on the first all_rows rows, and blocked_pairs against it there.
  all_rows = std::min(all_rows, n);
  const EmbeddingMatrix head = data.m.topRows(static_cast<Eigen::Index>(all_rows));
  const std::vector<std::vector<uint64_t>> head_keys(data.keys.begin(),
                                                     data.keys.begin() + static_cast<long>(all_rows));
  t = wall_now();
  const AllPairs all = all_pairs(head, threshold, k, min_score, threads);
  const double all_s = wall_now() - t;
  options.stats = nullptr;
  t = wall_now();
  const AllPairs small = blocked_pairs(head, head_keys, threshold, k, min_score, options);
  const double small_s = wall_now() - t;
  std::set<std::pair<uint32_t, uint32_t>> found;
  for (const auto& p : small.pairs) found.insert({p.a, p.b});
  size_t recalled = 0;
  for (const auto& p : all.pairs) recalled += found.count({p.a, p.b});
  size_t nearest_all = 0, nearest_hit = 0, top1 = 0, top1_hit = 0;
  for (size_t r = 0; k && r < all_rows; ++r) {
    std::unordered_set<uint32_t> mine;
    for (const auto& x : small.nearest[r]) mine.insert(x.row);
    for (const auto& x : all.nearest[r]) nearest_hit += mine.count(x.row);
    nearest_all += all.nearest[r].size();
    if (!all.nearest[r].empty()) {
      ++top1;
      top1_hit += !small.nearest[r].empty() && small.nearest[r][0].row == all.nearest[r][0].row;
    }
  }
  const double scale = static_cast<double>(n) / static_cast<double>(all_rows);
  std::printf("all_pairs on the first %zu rows: %.2f s wall (%.0f s at %zu rows, n^2); blocked_pairs there: %.3f s\n",
              all_rows, all_s, all_s * scale * scale, n, small_s);
  std::printf("  blocked recall there: pairs >= %.1f %zu of %zu (%.1f%%); nearest-%zu lists %.1f%%; nearest row %.1f%%\n",
              threshold, recalled, all.pairs.size(),
              all.pairs.empty() ? 100.0 : 100.0 * static_cast<double>(recalled) / static_cast<double>(all.pairs.size()),
              k, nearest_all ? 100.0 * static_cast<double>(nearest_hit) / static_cast<double>(nearest_all) : 100.0,
              top1 ? 100.0 * static_cast<double>(top1_hit) / static_cast<double>(top1) : 100.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--blocked") {
      size_t n = 100000, dims = 256, words = 12, max_candidates = 0, max_posting = 0, all_rows = 20000, k = 32;
      unsigned threads = 0;
      for (int j = 1; j + 1 < argc; ++j) {
        const std::string a = argv[j];
        const size_t v = std::strtoul(argv[j + 1], nullptr, 10);
        if (a == "--entities") n = v;
        else if (a == "--dims") dims = v;
        else if (a == "--threads") threads = static_cast<unsigned>(v);
        else if (a == "--words") words = v;
        else if (a == "--max-candidates") max_candidates = v;
        else if (a == "--max-posting") max_posting = v;
        else if (a == "--all-pairs-rows") all_rows = v;
        else if (a == "--nearest") k = v;
        else continue;
        ++j;
      }
      return blocked_bench(n, dims, threads, words, max_candidates, max_posting, all_rows, k);
    }
  size_t n = 100000;
  uint32_t dims = 0;  // 0: as a workspace of this size gets by default.
  unsigned threads = 0;
  bool pairs_too = true;
  for (int i = 1; i < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--embed-only") {
      pairs_too = false;
      --i;
      continue;
    }
    if (i + 1 >= argc) break;
    if (a == "--entities") n = std::strtoul(argv[i + 1], nullptr, 10);
    else if (a == "--dims") dims = static_cast<uint32_t>(std::strtoul(argv[i + 1], nullptr, 10));
    else if (a == "--threads") threads = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
  }
  const auto vocab = vocabulary();
  std::mt19937 rng(42);
  std::vector<EmbeddingInput> inputs(n);
  size_t chars = 0;
  for (size_t i = 0; i < n; ++i) {
    auto& in = inputs[i];
    in.text = vocab[rng() % vocab.size()] + " " + vocab[rng() % vocab.size()] + "\n\n";
    while (in.text.size() < 300) in.text += vocab[rng() % vocab.size()] + " ";
    in.links = {"cites e" + std::to_string(rng() % n), "uses e" + std::to_string(rng() % 1000)};
    chars += in.text.size();
  }
  if (dims == 0) dims = BuiltinEmbedder::dimensions_for(n);
  BuiltinEmbedder::Options options;
  options.dimensions = dims;
  BuiltinEmbedder embedder(options);
  double t = cpu_now();
  const auto vectors = embedder.embed(inputs);
  const double embed_cpu = cpu_now() - t;
  std::printf("builtin embedder: %zu entities (%.0f chars on average), %u dims: %.2f s CPU, %.0f entities/s on one core\n",
              n, static_cast<double>(chars) / static_cast<double>(n), dims, embed_cpu,
              static_cast<double>(n) / embed_cpu);
  t = cpu_now();
  embedder.embed(inputs);
  const double again = cpu_now() - t;
  std::printf("  again, all memoised: %.2f s CPU (%.0f entities/s)\n", again, static_cast<double>(n) / again);

  if (!pairs_too) return 0;
  EmbeddingMatrix m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dims));
  for (size_t r = 0; r < n; ++r)
    m.row(static_cast<Eigen::Index>(r)) = Eigen::Map<const Eigen::RowVectorXf>(vectors[r].data(), dims);
  std::printf("matrix: %.0f MB\n", static_cast<double>(m.size()) * sizeof(float) / 1e6);
  t = wall_now();
  const auto pairs = pairs_above(m, 0.8f, threads);
  const double all = wall_now() - t;
  const double flops = static_cast<double>(n) * static_cast<double>(n) * dims;  // n^2/2 dot products, 2 flops each
  std::printf("all pairs >= 0.8: %zu pairs in %.2f s wall (%u threads; %.1f GFLOP/s)\n", pairs.size(), all,
              threads, flops / all / 1e9);
  t = wall_now();
  const int queries = 50;
  for (int q = 0; q < queries; ++q) top_k(m, static_cast<uint32_t>(q), 10, 0.0f);
  std::printf("top-10 for one entity: %.2f ms\n", (wall_now() - t) * 1000 / queries);
  return 0;
}
