#include "tfidf_baseline.hpp"

#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <unordered_set>

#include "kgls/support/utf8.hpp"

namespace kgls::calibration {

namespace {

// Python 3.11's `\w` (str.isalnum() or '_'), inclusive ranges.
constexpr char32_t kWordChars[][2] = {
#include "python_word_chars.inc"
};

bool is_word(char32_t c) {
  const auto* end = std::end(kWordChars);
  const auto* it = std::upper_bound(std::begin(kWordChars), end, c,
                                    [](char32_t v, const char32_t(&range)[2]) { return v < range[0]; });
  return it != std::begin(kWordChars) && c <= (*(it - 1))[1];
}

// Python's str.isspace(), which str.split() splits on.
bool is_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Invalid UTF-8 (a .kg file that failed to parse) decodes to U+FFFD, as a lenient decoder.
std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t c = 0;
    const size_t len = decode_utf8(s, i, c);
    out.push_back(len ? static_cast<char32_t>(c) : char32_t{0xFFFD});
    i += len ? len : 1;
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (const char32_t c : s) append_utf8(out, static_cast<uint32_t>(c));
  return out;
}

locale_t utf8_locale() {
  static const locale_t loc = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    if (!l) l = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", static_cast<locale_t>(nullptr));
    return l;
  }();
  return loc;
}

char32_t lower_one(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  const locale_t loc = utf8_locale();
  // glibc 2.36's towlower equals Python 3.11's one-to-one lower-casing on every code point
  // (checked over all of Unicode) but U+0130, handled by the caller.
  return loc ? static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), loc)) : c;
}

bool cased(char32_t c) {
  const locale_t loc = utf8_locale();
  return loc && (towlower_l(static_cast<wint_t>(c), loc) != static_cast<wint_t>(c) ||
                 towupper_l(static_cast<wint_t>(c), loc) != static_cast<wint_t>(c));
}

bool case_ignorable(char32_t c) {
  return c == '\'' || c == '.' || c == ':' || c == '^' || c == '`' || c == 0xB7 || c == 0x2019 ||
         (c >= 0x300 && c <= 0x36F);
}

std::u32string lower(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    if (c == 0x130) {  // İ: full lower-casing gives "i" and a combining dot.
      out += U'i';
      out += char32_t{0x307};
    } else if (c == 0x3A3) {  // Σ: final sigma when it ends a word (Python's rule, approximately).
      size_t b = i;
      while (b > 0 && case_ignorable(s[b - 1])) --b;
      size_t f = i + 1;
      while (f < s.size() && case_ignorable(s[f])) ++f;
      const bool final = b > 0 && cased(s[b - 1]) && !(f < s.size() && cased(s[f]));
      out += final ? char32_t{0x3C2} : char32_t{0x3C3};
    } else {
      out += lower_one(c);
    }
  }
  return out;
}

// Counts of each feature per document, with the vocabulary numbered in sorted order (as
// scikit-learn's columns are: Python compares strings by code point, UTF-8 bytes sort alike).
struct Counts {
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> docs;  // (feature, count), by feature.
  std::vector<uint32_t> df;
};

template <typename Analyzer>
Counts count(const std::vector<std::string>& texts, Analyzer analyze) {
  std::unordered_map<std::string, uint32_t> vocab;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> raw(texts.size());
  for (size_t d = 0; d < texts.size(); ++d) {
    std::unordered_map<uint32_t, uint32_t> c;
    for (auto& gram : analyze(texts[d])) {
      const auto id = vocab.try_emplace(std::move(gram), static_cast<uint32_t>(vocab.size())).first->second;
      ++c[id];
    }
    raw[d].assign(c.begin(), c.end());
  }
  std::vector<std::pair<std::string_view, uint32_t>> sorted;
  sorted.reserve(vocab.size());
  for (const auto& [gram, id] : vocab) sorted.emplace_back(gram, id);
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint32_t> column(vocab.size());
  for (size_t i = 0; i < sorted.size(); ++i) column[sorted[i].second] = static_cast<uint32_t>(i);
  Counts out;
  out.df.assign(vocab.size(), 0);
  out.docs.resize(texts.size());
  for (size_t d = 0; d < texts.size(); ++d) {
    for (auto& [id, n] : raw[d]) {
      out.docs[d].emplace_back(column[id], n);
      ++out.df[column[id]];
    }
    std::sort(out.docs[d].begin(), out.docs[d].end());
  }
  return out;
}

// TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm='l2'): (1 + ln tf) * idf, where
// idf = ln((n + 1) / (df + 1)) + 1, each row divided by its length.
std::vector<std::vector<std::pair<uint32_t, double>>> weigh(const Counts& c) {
  const double n = static_cast<double>(c.docs.size());
  std::vector<double> idf(c.df.size());
  for (size_t f = 0; f < c.df.size(); ++f) idf[f] = std::log((n + 1) / (static_cast<double>(c.df[f]) + 1)) + 1;
  std::vector<std::vector<std::pair<uint32_t, double>>> out(c.docs.size());
  for (size_t d = 0; d < c.docs.size(); ++d) {
    double sum = 0;
    for (const auto& [f, tf] : c.docs[d]) {
      const double v = (std::log(static_cast<double>(tf)) + 1) * idf[f];
      out[d].emplace_back(f, v);
      sum += v * v;
    }
    const double norm = std::sqrt(sum);
    if (norm > 0)
      for (auto& fv : out[d]) fv.second /= norm;
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const std::vector<uint32_t> kNone;

}  // namespace

std::string python_lower(std::string_view text) { return encode(lower(decode(text))); }

std::vector<std::string> word_ngrams(std::string_view text) {
  const std::u32string s = lower(decode(text));
  std::vector<std::string> tokens;
  for (size_t i = 0; i < s.size();) {
    if (!is_word(s[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < s.size() && is_word(s[i])) ++i;
    if (i - start >= 2) tokens.push_back(encode(std::u32string_view(s).substr(start, i - start)));
  }
  std::vector<std::string> out = tokens;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) out.push_back(tokens[i] + ' ' + tokens[i + 1]);
  return out;
}

std::vector<std::string> char_wb_ngrams(std::string_view text) {
  const std::u32string s = lower(decode(text));
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    if (is_space(s[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    std::u32string w = U" ";
    w.append(s, start, i - start);
    w += U' ';
    for (size_t n = 3; n <= 5; ++n) {
      if (n >= w.size()) {  // _char_wb_ngrams: a short word counts once, whole.
        out.push_back(encode(w));
        break;
      }
      for (size_t o = 0; o + n <= w.size(); ++o) out.push_back(encode(std::u32string_view(w).substr(o, n)));
    }
  }
  return out;
}

TfidfBaseline::TfidfBaseline(const Workspace& workspace, Options options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<const Entity*> entities;
  for (const EntityRef& ref : workspace.entities()) {
    const Entity& e = *ref.entity;
    if (e.kind == "kind" || e.kind == "relation") continue;
    entities.push_back(&e);
    ids_.push_back(e.id);
    std::string text = e.title();
    for (const auto& alias : e.aliases()) text += "\n" + alias;
    const Field* block = e.field("summary");
    const bool skipped = !options.text_block_summaries && block && block->value.type == Value::Type::TextBlock;
    const std::string summary = skipped ? std::string() : e.summary();
    if (!summary.empty()) text += "\n" + summary;
    texts_.push_back(std::move(text));
  }
  for (uint32_t r = 0; r < ids_.size(); ++r) rows_[ids_[r]].push_back(r);
  excluded_.resize(ids_.size());
  for (uint32_t r = 0; r < ids_.size(); ++r) {
    for (const uint32_t same : rows(ids_[r]))
      if (same != r) excluded_[r].push_back(same);
    for (const Edge& edge : entities[r]->edges) {
      if (edge.target == ids_[r]) continue;
      for (const uint32_t to : rows(edge.target)) {
        excluded_[r].push_back(to);
        excluded_[to].push_back(r);
      }
    }
  }
  for (auto& list : excluded_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }

  const auto words = weigh(count(texts_, word_ngrams));
  const Counts chars_counted = count(texts_, char_wb_ngrams);
  const auto chars = weigh(chars_counted);
  char_features_ = chars_counted.df.size();
  word_features_ = 0;
  for (const auto& doc : words)
    for (const auto& [f, v] : doc) word_features_ = std::max<size_t>(word_features_, f + 1);
  // hstack, then normalize() the stacked rows again.
  std::vector<Eigen::Triplet<double>> triplets;
  for (size_t d = 0; d < ids_.size(); ++d) {
    double sum = 0;
    for (const auto& [f, v] : words[d]) sum += v * v;
    for (const auto& [f, v] : chars[d]) sum += v * v;
    const double norm = sum > 0 ? std::sqrt(sum) : 1.0;
    const auto row = static_cast<int>(d);
    for (const auto& [f, v] : words[d]) triplets.emplace_back(row, static_cast<int>(f), v / norm);
    for (const auto& [f, v] : chars[d]) triplets.emplace_back(row, static_cast<int>(word_features_ + f), v / norm);
  }
  matrix_.resize(static_cast<Eigen::Index>(ids_.size()), static_cast<Eigen::Index>(word_features_ + char_features_));
  matrix_.setFromTriplets(triplets.begin(), triplets.end());
  matrix_.makeCompressed();
  seconds_ = seconds_since(start);
}

const std::vector<uint32_t>& TfidfBaseline::rows(std::string_view id) const {
  const auto it = rows_.find(id);
  return it == rows_.end() ? kNone : it->second;
}

bool TfidfBaseline::is_excluded(uint32_t row, uint32_t other) const {
  return std::binary_search(excluded_[row].begin(), excluded_[row].end(), other);
}

double TfidfBaseline::cosine(uint32_t a, uint32_t b) const {
  return matrix_.row(static_cast<Eigen::Index>(a)).dot(matrix_.row(static_cast<Eigen::Index>(b)));
}

TfidfEvaluation evaluate_tfidf(const TfidfBaseline& baseline, const std::vector<LabelPair>& pairs,
                               const PairSet* neutral, const TfidfOptions& options) {
  TfidfEvaluation ev;
  const auto start = std::chrono::steady_clock::now();
  const uint32_t n = static_cast<uint32_t>(baseline.size());
  ev.entities = n;
  ev.features = baseline.word_features() + baseline.char_features();
  ev.vector_seconds = baseline.seconds();
  ev.neutral_pairs = neutral ? neutral->size() : 0;
  ev.max_rank = options.ks.empty() ? 0 : *std::max_element(options.ks.begin(), options.ks.end());

  // The labelled pairs measured (as evaluate() takes them), and the queries of the ranked lists.
  PairSet labels;
  struct Query {
    size_t pair;
    bool forward;
    uint32_t partner;
  };
  std::vector<std::vector<Query>> queries(n);
  size_t measured = 0;
  for (const auto& p : pairs) {
    if (baseline.rows(p.a).empty() || baseline.rows(p.b).empty() || p.a == p.b || labels.contains(p.a, p.b)) continue;
    labels.insert(p.a, p.b);
    const uint32_t ra = baseline.rows(p.a).front(), rb = baseline.rows(p.b).front();
    ev.pairs_linked += baseline.is_excluded(ra, rb);
    queries[ra].push_back({measured, true, rb});
    queries[rb].push_back({measured, false, ra});
    ++measured;
  }
  ev.pairs = measured;
  std::vector<size_t> forward(measured, 0), backward(measured, 0), fwd_opt(measured, 0), bwd_opt(measured, 0),
      fwd_pes(measured, 0), bwd_pes(measured, 0);

  // Rows of the Gram matrix in blocks: block x X^T, accumulated feature by feature of each row
  // (equal rows give equal cosines, so ties stay ties).
  const Eigen::SparseMatrix<double, Eigen::ColMajor> columns = baseline.matrix();
  const auto& m = baseline.matrix();
  constexpr uint32_t kBlock = 256;
  std::vector<double> gram;
  std::vector<char> skip(n, 0);
  std::vector<ScoredPrediction> predictions;
  for (uint32_t i0 = 0; i0 < n; i0 += kBlock) {
    const uint32_t rows = std::min(kBlock, n - i0);
    gram.assign(static_cast<size_t>(rows) * n, 0.0);
    for (uint32_t r = 0; r < rows; ++r) {
      double* out = gram.data() + static_cast<size_t>(r) * n;
      for (TfidfBaseline::Matrix::InnerIterator q(m, i0 + r); q; ++q)
        for (Eigen::SparseMatrix<double, Eigen::ColMajor>::InnerIterator c(columns, q.col()); c; ++c)
          out[c.row()] += q.value() * c.value();
    }
    for (uint32_t r = 0; r < rows; ++r) {
      const uint32_t i = i0 + r;
      const double* s = gram.data() + static_cast<size_t>(r) * n;
      if (!queries[i].empty()) {
        // The list leaves out the query, its typed neighbours and its neutral partners.
        std::vector<uint32_t> marked = {i};
        for (const uint32_t x : baseline.excluded(i)) marked.push_back(x);
        if (const auto* partners = neutral ? neutral->partners(baseline.ids()[i]) : nullptr)
          for (const auto& id : *partners)
            for (const uint32_t x : baseline.rows(id)) marked.push_back(x);
        for (const uint32_t x : marked) skip[x] = 1;
        for (const Query& q : queries[i]) {
          if (skip[q.partner]) continue;  // Joined by a typed edge: never in the list.
          const double score = s[q.partner];
          size_t greater = 0, equal_before = 0, equal = 0;
          for (uint32_t j = 0; j < n; ++j) {
            if (skip[j] || j == q.partner) continue;
            greater += s[j] > score;
            if (s[j] == score) {
              ++equal;
              equal_before += j < q.partner;
            }
          }
          auto within = [&](size_t rank) { return rank <= ev.max_rank ? rank : 0; };
          (q.forward ? forward : backward)[q.pair] = within(greater + equal_before + 1);
          (q.forward ? fwd_opt : bwd_opt)[q.pair] = within(greater + 1);
          (q.forward ? fwd_pes : bwd_pes)[q.pair] = within(greater + equal + 1);
        }
        for (const uint32_t x : marked) skip[x] = 0;
      }
      // Warnings: pairs (i, j > i) at or above the lowest cosine, no typed edge, not the same ID.
      for (uint32_t j = i + 1; j < n; ++j) {
        if (s[j] < options.min_cosine || baseline.is_excluded(i, j)) continue;
        const std::string& a = baseline.ids()[i];
        const std::string& b = baseline.ids()[j];
        if (neutral && neutral->contains(a, b)) {
          ++ev.neutral_dropped;
          continue;
        }
        predictions.push_back({s[j], labels.contains(a, b)});
      }
    }
  }
  ev.forward_rank = std::move(forward);
  ev.backward_rank = std::move(backward);
  ev.recall = recall_at(ev.forward_rank, ev.backward_rank, options.ks);
  ev.recall_optimistic = recall_at(fwd_opt, bwd_opt, options.ks);
  ev.recall_pessimistic = recall_at(fwd_pes, bwd_pes, options.ks);
  ev.lowest = options.min_cosine;
  score_predictions(std::move(predictions), ev.pairs, options.thresholds, options.default_threshold, ev);
  ev.rank_seconds = ev.warning_seconds = seconds_since(start);
  return ev;
}

}  // namespace kgls::calibration
