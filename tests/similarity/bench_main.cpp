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
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "kgls/files.hpp"
#include "kgls/similarity.hpp"

using namespace kgls;

namespace {

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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

}  // namespace

int main(int argc, char** argv) {
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
