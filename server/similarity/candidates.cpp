// blocked_pairs(): candidate pairs from shared blocking keys, scored with a SIMD dot kernel.
//
// 1. Keys get dense ids (an open-addressing table, ids in order of first appearance) and the
//    inverted index is built by counting: per key, its rows in increasing order.
// 2. Keys held by one row, or by more than max_posting rows, are dropped. The others are
//    ranked by (rows holding the key, id): rank order is "rarest first", the same for every
//    row. Each row's keys become a sorted list of ranks.
// 3. Pass 1, per row a: walk its keys in rank order, counting the distinct rows they bring;
//    stop before the first key that would take the count over max_candidates. lim[a] is that
//    key's rank: a takes the rows of its keys ranked below lim[a].
// 4. The rule: a pair (a, b) is a candidate when a takes b or b takes a. The rarest key they
//    share, q, decides both: a takes b exactly when q ranks below lim[a]. So each pair belongs
//    to one key, q, and is a candidate when one of its rows is "active" there (q < lim).
// 5. Pass 2, key by key (largest first, handed out to threads by an atomic counter): in the
//    block of key q, each active row is scored against the block's other rows, leaving out
//    the pairs that share a rarer key (found with per-row bit signatures of the rarer keys
//    held by two rows or more of the block) and, when both rows are active, scoring the pair
//    from the first. A block holds at most max_posting rows, so its rows are read from memory
//    once and stay in the cache while they are scored against each other (row by row, each
//    candidate was a fresh read from memory: twice the time at 100,000 x 256).
//    The scores go to the pairs above the threshold and to both rows' nearest lists.
// The nearest lists are shared by the threads (a lock per row); since the scored pairs do not
// depend on the threads, and a list keeps the k best of what it is offered in any order,
// neither does the result.
#include "similarity/candidates.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <thread>

#include "similarity/shares.hpp"
#include "similarity/text_features.hpp"

namespace kgls {

namespace simd {

const DotKernels* dot_kernels(std::string_view level) {
  static const DotKernels kBaseline{"baseline", baseline::dot, baseline::dot_gather};
#if defined(__x86_64__)
  static const DotKernels kAvx2{"avx2", avx2::dot, avx2::dot_gather};
  static const DotKernels kAvx512{"avx512", avx512::dot, avx512::dot_gather};
  __builtin_cpu_init();
  if (level == "avx512") return __builtin_cpu_supports("avx512f") ? &kAvx512 : nullptr;
  if (level == "avx2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? &kAvx2 : nullptr;
#endif
  if (level == "baseline") return &kBaseline;
  return nullptr;
}

const DotKernels& active_dot_kernels() {
  static const DotKernels* chosen = [] {
    static constexpr std::string_view kLevels[] = {"avx512", "avx2", "baseline"};
    size_t first = 0;
    if (const char* env = std::getenv("KGLS_SIMD")) {
      for (size_t i = 0; i < std::size(kLevels); ++i)
        if (kLevels[i] == env) first = i;
    }
    for (size_t i = first; i < std::size(kLevels); ++i)
      if (const DotKernels* k = dot_kernels(kLevels[i])) return k;
    return dot_kernels("baseline");
  }();
  return *chosen;
}

}  // namespace simd

const char* simd_level() { return simd::active_dot_kernels().name; }

std::vector<std::vector<uint64_t>> blocking_keys(const std::vector<EntityRef>& entities) {
  using namespace similarity_detail;
  constexpr uint64_t kNameWord = 1, kTextWord = 2, kNameGram = 3;  // Seeds: one key space each.
  std::vector<std::vector<uint64_t>> out(entities.size());
  auto one = [&](size_t r, Words& words, std::string& scratch, std::string& joined) {
    const Entity& e = *entities[r].entity;
    auto& keys = out[r];
    auto add_words = [&](std::string_view text, uint64_t seed) {
      words.clear();
      split_words(text, words);
      for (size_t i = 0; i < words.part_count(); ++i) {
        const std::string_view part = words.part(i);
        if (is_stopword(part)) continue;
        keys.push_back(fnv1a64(stem(part, scratch), seed));
      }
    };
    auto add_name = [&](std::string_view name) {
      add_words(name, kNameWord);
      joined.clear();
      for (size_t i = 0; i < words.part_count(); ++i) joined += words.part(i);
      for (size_t i = 0; i + 4 <= joined.size(); ++i) keys.push_back(fnv1a64(std::string_view(joined).substr(i, 4), kNameGram));
    };
    add_name(e.title());
    for (const auto& alias : e.aliases()) add_name(alias);
    for (const Field& f : e.fields) {
      if (f.key == "title" || f.key == "aliases") continue;
      const Value& v = f.value;
      if (v.type == Value::Type::String || v.type == Value::Type::TextBlock) add_words(v.text, kTextWord);
      else if (v.type == Value::Type::List)
        for (const Value& item : v.items)
          if (item.type == Value::Type::String) add_words(item.text, kTextWord);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  };
  const size_t n = entities.size();
  in_shares(n, 2048, [&](size_t begin, size_t end) {
    Words words;
    std::string scratch, joined;
    for (size_t r = begin; r < end; ++r) one(r, words, scratch, joined);
  });
  return out;
}

size_t default_max_posting(size_t n) {
  const double by_size = 4.0 * std::sqrt(static_cast<double>(n));
  return static_cast<size_t>(std::clamp(by_size, 64.0, 2000.0));
}

size_t default_max_candidates(size_t n) {
  // Measured on the four data sets with every set blocked (kgls_calibrate --blocked): 200
  // candidates a row give the F1 of 400 within 0.007 on each; past 20,000 rows the scoring
  // is what the pass waits for, and 200 halve it.
  return n <= 20000 ? 400 : 200;
}

namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr size_t kChunk = 64;  // Rows a thread takes at a time.

bool better_pair(const ScoredPair& x, const ScoredPair& y) {
  if (x.score != y.score) return x.score > y.score;
  return x.a != y.a ? x.a < y.a : x.b < y.b;
}

// Each row's k best candidates, shared by the threads: per row a slot of 2k entries that
// fills up and is then cut back to its k best (nth_element); a floor below which nothing can
// enter (the k-th best score at the last cut), read without the lock (it only rises, and is
// checked again under it); and a spin lock per row (two threads rarely want the same row).
// Whatever the order of the offers, the k best by better() are kept: a cut or the floor only
// turns away an entry that k others beat.
class Nearest {
 public:
  Nearest(size_t n, const std::function<size_t(size_t)>& k_of)
      : start_(n + 1, 0), k_(n), size_(n, 0), floor_(new std::atomic<float>[n]), lock_(new std::atomic<bool>[n]) {
    // A row is offered each other row at most once: n - 1 entries are enough when 2k is more.
    for (size_t r = 0; r < n; ++r) {
      k_[r] = static_cast<uint32_t>(std::min(k_of(r), n));
      start_[r + 1] = start_[r] + std::min<size_t>(2 * size_t{k_[r]}, n - 1);
      floor_[r].store(-std::numeric_limits<float>::infinity(), std::memory_order_relaxed);
      lock_[r].store(false, std::memory_order_relaxed);
    }
    slots_ = std::make_unique_for_overwrite<ScoredRow[]>(start_[n]);
  }

  void offer(uint32_t r, uint32_t row, float score) {
    if (score < floor_[r].load(std::memory_order_relaxed)) return;
    while (lock_[r].exchange(true, std::memory_order_acquire))
      while (lock_[r].load(std::memory_order_relaxed)) {
      }
    if (score >= floor_[r].load(std::memory_order_relaxed)) {
      ScoredRow* slot = slots_.get() + start_[r];
      const size_t k = k_[r];
      slot[size_[r]++] = {row, score};
      if (size_[r] == 2 * k) {
        std::nth_element(slot, slot + k - 1, slot + 2 * k, better);
        floor_[r].store(slot[k - 1].score, std::memory_order_relaxed);
        size_[r] = static_cast<uint32_t>(k);
      }
    }
    lock_[r].store(false, std::memory_order_release);
  }

  // Row r's k best, best first (once the offers are over).
  void take(size_t r, std::vector<ScoredRow>& out) {
    ScoredRow* slot = slots_.get() + start_[r];
    const size_t k = k_[r];
    size_t size = size_[r];
    if (size > k) {
      std::nth_element(slot, slot + k - 1, slot + size, better);
      size = k;
    }
    std::sort(slot, slot + size, better);
    out.assign(slot, slot + size);
  }

 private:
  std::vector<size_t> start_;  // Row r's slot: 2 k_[r] entries (fewer when the rows are fewer).
  std::vector<uint32_t> k_, size_;
  std::unique_ptr<std::atomic<float>[]> floor_;
  std::unique_ptr<std::atomic<bool>[]> lock_;
  std::unique_ptr<ScoredRow[]> slots_;
};

// The rows one row has met so far: a bit per row (n / 8 bytes, which stays in the nearest
// cache where an array of stamps would not), cleared after each row from the list of rows set.
struct Seen {
  std::vector<uint64_t> bits;
  std::vector<uint32_t> set;

  explicit Seen(size_t n) : bits((n + 63) / 64, 0) {}
  // True the first time it sees `row` since the last clear().
  bool first(uint32_t row) {
    uint64_t& word = bits[row >> 6];
    const uint64_t bit = uint64_t{1} << (row & 63);
    if (word & bit) return false;
    word |= bit;
    set.push_back(row);
    return true;
  }
  void clear() {
    for (const uint32_t row : set) bits[row >> 6] = 0;
    set.clear();
  }
};

// Runs fn(t) on `threads` threads (t = 0 on the caller's).
template <class Fn>
void run_threads(unsigned threads, Fn&& fn) {
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(fn, t);
  fn(0u);
  for (auto& th : pool) th.join();
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

uint64_t mix(uint64_t x) {  // splitmix64's finaliser: spreads hashes that are not random.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The inverted index, keys ranked rarest first.
struct BlockIndex {
  std::vector<uint32_t> row_start;  // Row r's key ranks: ranks[row_start[r] .. row_start[r+1]), ascending.
  std::vector<uint32_t> ranks;
  std::vector<uint32_t> post_start;  // Rank q's rows: rows[post_start[q] .. post_start[q+1]), ascending.
  std::vector<uint32_t> rows;
};

BlockIndex build_index(const std::vector<std::vector<uint64_t>>& keys, size_t n, size_t max_posting, BlockingStats& stats) {
  const size_t nk = std::min(keys.size(), n);
  size_t total = 0;
  for (size_t r = 0; r < nk; ++r) total += keys[r].size();
  if (total >= kNone) throw std::length_error("blocked_pairs: too many keys");

  // Dense ids, in order of first appearance; per row, its distinct ids.
  size_t capacity = 16;
  while (capacity < 2 * total) capacity *= 2;
  std::vector<uint64_t> slot_key(capacity);
  std::vector<uint32_t> slot_id(capacity, kNone);
  std::vector<uint32_t> id_start(nk + 1, 0);
  std::vector<uint32_t> ids;
  ids.reserve(total);
  uint32_t distinct = 0;
  for (size_t r = 0; r < nk; ++r) {
    const size_t begin = ids.size();
    for (const uint64_t key : keys[r]) {
      size_t s = mix(key) & (capacity - 1);
      while (slot_id[s] != kNone && slot_key[s] != key) s = (s + 1) & (capacity - 1);
      if (slot_id[s] == kNone) {
        slot_key[s] = key;
        slot_id[s] = distinct++;
      }
      ids.push_back(slot_id[s]);
    }
    // A key repeated in a row counts once (the order within a row does not matter here).
    std::sort(ids.begin() + static_cast<long>(begin), ids.end());
    ids.erase(std::unique(ids.begin() + static_cast<long>(begin), ids.end()), ids.end());
    id_start[r + 1] = static_cast<uint32_t>(ids.size());
  }
  std::vector<uint64_t>().swap(slot_key);
  std::vector<uint32_t>().swap(slot_id);

  // Rank the keys worth keeping by (rows holding them, id).
  std::vector<uint32_t> count(distinct, 0);
  for (const uint32_t id : ids) ++count[id];
  std::vector<uint32_t> kept;
  for (uint32_t id = 0; id < distinct; ++id) {
    if (count[id] > max_posting) ++stats.keys_too_common;
    if (count[id] >= 2 && count[id] <= max_posting) kept.push_back(id);
  }
  stats.keys = distinct;
  stats.keys_used = kept.size();
  std::sort(kept.begin(), kept.end(),
            [&](uint32_t x, uint32_t y) { return count[x] != count[y] ? count[x] < count[y] : x < y; });
  std::vector<uint32_t> rank_of(distinct, kNone);
  for (size_t q = 0; q < kept.size(); ++q) rank_of[kept[q]] = static_cast<uint32_t>(q);

  BlockIndex index;
  index.row_start.assign(n + 1, 0);
  index.ranks.reserve(ids.size());
  index.post_start.assign(kept.size() + 1, 0);
  for (size_t r = 0; r < nk; ++r) {
    const size_t begin = index.ranks.size();
    for (uint32_t i = id_start[r]; i < id_start[r + 1]; ++i)
      if (const uint32_t q = rank_of[ids[i]]; q != kNone) {
        index.ranks.push_back(q);
        ++index.post_start[q + 1];
      }
    std::sort(index.ranks.begin() + static_cast<long>(begin), index.ranks.end());
    index.row_start[r + 1] = static_cast<uint32_t>(index.ranks.size());
  }
  for (size_t r = nk; r < n; ++r) index.row_start[r + 1] = index.row_start[r];
  for (size_t q = 0; q < kept.size(); ++q) index.post_start[q + 1] += index.post_start[q];
  index.rows.resize(index.ranks.size());
  std::vector<uint32_t> fill(index.post_start.begin(), index.post_start.end() - 1);
  for (size_t r = 0; r < n; ++r)
    for (uint32_t i = index.row_start[r]; i < index.row_start[r + 1]; ++i)
      index.rows[fill[index.ranks[i]]++] = static_cast<uint32_t>(r);
  return index;
}

}  // namespace

AllPairs blocked_pairs(const EmbeddingMatrix& m, const std::vector<std::vector<uint64_t>>& keys, float threshold,
                       size_t k, float min_score, const BlockingOptions& options, const std::vector<uint32_t>& extra) {
  const size_t n = static_cast<size_t>(m.rows());
  const size_t d = static_cast<size_t>(m.cols());
  if (n >= kNone) throw std::length_error("blocked_pairs: too many rows");
  auto k_of = [&](size_t row) -> size_t { return k + (row < extra.size() ? extra[row] : 0); };
  const size_t max_posting = options.max_posting ? options.max_posting : default_max_posting(n);
  const size_t max_candidates = options.max_candidates ? options.max_candidates : default_max_candidates(n);
  BlockingStats stats;
  stats.max_posting = max_posting;
  stats.max_candidates = max_candidates;
  double t0 = now();
  const BlockIndex index = build_index(keys, n, max_posting, stats);
  stats.index_seconds = now() - t0;
  t0 = now();

  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, (n + kChunk - 1) / kChunk)));

  // Pass 1: each row's limit rank.
  std::vector<uint32_t> lim(n, kNone);
  std::vector<size_t> over(threads, 0), scored(threads, 0);
  {
    std::atomic<size_t> next{0};
    run_threads(threads, [&](unsigned t) {
      Seen seen(n);
      for (size_t c; (c = next.fetch_add(kChunk)) < n;) {
        for (size_t a = c; a < std::min(n, c + kChunk); ++a) {
          const uint32_t* first = index.ranks.data() + index.row_start[a];
          const uint32_t* last = index.ranks.data() + index.row_start[a + 1];
          size_t upper = 0;  // Without duplicates across keys: often enough to decide.
          for (const uint32_t* q = first; q != last; ++q) upper += index.post_start[*q + 1] - index.post_start[*q] - 1;
          if (upper <= max_candidates) continue;
          size_t count = 0;
          seen.first(static_cast<uint32_t>(a));
          for (const uint32_t* q = first; q != last; ++q) {
            size_t fresh = 0;
            for (uint32_t i = index.post_start[*q]; i < index.post_start[*q + 1]; ++i)
              fresh += seen.first(index.rows[i]);
            if (count + fresh > max_candidates) {
              lim[a] = *q;
              ++over[t];
              break;
            }
            count += fresh;
          }
          seen.clear();
        }
      }
    });
  }

  stats.budget_seconds = now() - t0;
  t0 = now();

  // Pass 2, key by key: a pair is scored in the block of the rarest key its rows share, by
  // the row of the two that takes that key (or the first row, when both do). A block's rows
  // (at most max_posting of them) are read from memory once and stay in the cache while they
  // are scored against each other, where row by row each candidate would be a fresh read.
  const simd::DotKernels& kernels = simd::active_dot_kernels();
  const float* data = m.data();
  const size_t blocks = index.post_start.size() - 1;
  std::vector<std::vector<ScoredPair>> found(threads);
  std::unique_ptr<Nearest> nearest;
  if (k) nearest = std::make_unique<Nearest>(n, k_of);
  {
    std::atomic<size_t> next{0};
    run_threads(threads, [&](unsigned t) {
      Nearest* shared = nearest.get();
      // Per rank: the block that last counted it, how many of that block's rows hold it, and
      // its number among the block's shared rarer keys.
      std::vector<uint32_t> counted(blocks, kNone), count(blocks), local(blocks);
      std::vector<uint8_t> active;
      std::vector<uint64_t> sig, mark;     // Per row of the block; a's local keys as bits.
      std::vector<uint32_t> lstart, lids;  // Per row of the block, its local keys.
      std::vector<uint32_t> ids;
      std::vector<float> score;
      // Largest blocks first, so that the threads finish together.
      for (size_t w; (w = next.fetch_add(1)) < blocks;) {
        const auto q = static_cast<uint32_t>(blocks - 1 - w);
        const uint32_t* rows = index.rows.data() + index.post_start[q];
        const size_t size = index.post_start[q + 1] - index.post_start[q];
        active.resize(size);
        bool any = false;
        for (size_t i = 0; i < size; ++i) any |= (active[i] = q < lim[rows[i]]);
        if (!any) continue;
        // The rarer keys held by two or more of the block's rows, numbered 0, 1, ...: a pair
        // that shares one of them belongs to a rarer block.
        for (size_t i = 0; i < size; ++i)
          for (uint32_t x = index.row_start[rows[i]]; index.ranks[x] < q; ++x) {
            const uint32_t r = index.ranks[x];
            if (counted[r] != q) {
              counted[r] = q;
              count[r] = 0;
              local[r] = kNone;
            }
            ++count[r];
          }
        uint32_t shared_keys = 0;
        sig.assign(size, 0);
        lstart.assign(size + 1, 0);
        lids.clear();
        for (size_t i = 0; i < size; ++i) {
          for (uint32_t x = index.row_start[rows[i]]; index.ranks[x] < q; ++x) {
            const uint32_t r = index.ranks[x];
            if (count[r] < 2) continue;
            if (local[r] == kNone) local[r] = shared_keys++;
            lids.push_back(local[r]);
            sig[i] |= uint64_t{1} << (local[r] & 63);
          }
          lstart[i + 1] = static_cast<uint32_t>(lids.size());
        }
        const bool exact_sig = shared_keys <= 64;  // Else a signature overlap needs a look.
        if (!exact_sig) mark.assign((shared_keys + 63) / 64, 0);

        for (size_t i = 0; i < size; ++i) {
          if (!active[i]) continue;
          const uint32_t a = rows[i];
          if (!exact_sig)
            for (uint32_t x = lstart[i]; x < lstart[i + 1]; ++x) mark[lids[x] >> 6] |= uint64_t{1} << (lids[x] & 63);
          ids.clear();
          for (size_t j = 0; j < size; ++j) {
            if (j == i || (active[j] && j < i)) continue;  // Both take the key: the first row scores.
            if (sig[i] & sig[j]) {
              if (exact_sig) continue;
              bool rarer = false;
              for (uint32_t x = lstart[j]; x < lstart[j + 1] && !rarer; ++x)
                rarer = (mark[lids[x] >> 6] >> (lids[x] & 63)) & 1;
              if (rarer) continue;
            }
            ids.push_back(rows[j]);
          }
          if (!exact_sig)
            for (uint32_t x = lstart[i]; x < lstart[i + 1]; ++x) mark[lids[x] >> 6] = 0;
          if (ids.empty()) continue;
          score.resize(ids.size());
          scored[t] += ids.size();
          kernels.dot_gather(data + size_t{a} * d, data, d, ids.data(), ids.size(), d, score.data());
          for (size_t x = 0; x < ids.size(); ++x) {
            const uint32_t b = ids[x];
            const float s = score[x];
            if (s >= threshold) found[t].push_back({std::min(a, b), std::max(a, b), s});
            if (k && s >= min_score) {
              shared->offer(a, b, s);
              shared->offer(b, a, s);
            }
          }
        }
      }
    });
  }

  stats.score_seconds = now() - t0;
  t0 = now();
  for (unsigned i = 0; i < threads; ++i) {
    stats.rows_over_budget += over[i];
    stats.scored += scored[i];
  }

  AllPairs out;
  size_t total = 0;
  for (const auto& f : found) total += f.size();
  out.pairs.reserve(total);
  for (auto& f : found) {
    out.pairs.insert(out.pairs.end(), f.begin(), f.end());
    std::vector<ScoredPair>().swap(f);
  }
  // Thread 0 sorts the pairs, then helps the others sort the nearest lists.
  if (k) out.nearest.resize(n);
  std::atomic<size_t> next{0};
  run_threads(k ? threads : 1, [&](unsigned t) {
    if (t == 0) std::sort(out.pairs.begin(), out.pairs.end(), better_pair);
    if (!k) return;
    for (size_t c; (c = next.fetch_add(1024)) < n;)
      for (size_t r = c; r < std::min(n, c + 1024); ++r) nearest->take(r, out.nearest[r]);
  });
  stats.merge_seconds = now() - t0;
  if (options.stats) *options.stats = stats;
  return out;
}

}  // namespace kgls
