// `kgls eval`: measures `kgls similar` and the likely-duplicate warnings against labelled
// pairs of the user's own knowledge base (docs/similarity.md, "Measure it on your knowledge base").
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/similarity_options.hpp"
#include "kgls/evaluation.hpp"
#include "kgls/files.hpp"

using nlohmann::json;

namespace kgls::cli {

namespace {

const char* kEvalHelp = R"(usage: kgls eval --labels PAIRS [--neutral PAIRS] [--threshold T] [--format text|json]
                 [--workspace DIR] [--index PATH | --no-index] [embedder options]

Measures the similarity of the workspace against pairs of IDs you know to be the same
thing (or one replaced by the other): how often each one's partner is among its k most
similar entities (recall@1, 5, 10, as `kgls similar` lists them), and the precision,
recall and F1 of the likely-duplicate warnings (`kgls duplicates`) at thresholds from
0.05 to 0.95, with the threshold that gives the best F1.
  --labels PAIRS   a file of pairs, one per line: two IDs separated by a tab or spaces
                   (more columns are ignored; a first line that is not two known IDs is a
                   header). Lines that give no pair are listed with their reason.
  --neutral PAIRS  pairs that are neither right nor wrong (weaker links): dropped from the
                   warnings and left out of the ranked lists
  --threshold T    the threshold to report beside the best one (default 0.80, the default
                   of the likely-duplicate warnings)
  --format json    the same figures as one JSON object
Exit 0 when measured, 2 on a usage or I/O problem or when no line gives a usable pair.
)";

constexpr size_t kShownProblems = 20;

std::string fixed(double v, int decimals = 3) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

double rounded(double v) { return std::round(v * 10000.0) / 10000.0; }

bool parse_threshold(const std::string& value, double& out, std::string& error) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end || !std::isfinite(v) || v < -1 || v > 2) {
    error = "--threshold must be a number from -1 to 2, not '" + value + "'";
    return false;
  }
  out = v;
  return true;
}

std::string first_problem(const LabelFile& labels) {
  if (labels.problems.empty()) return "";
  const auto& p = labels.problems.front();
  return "; first: line " + std::to_string(p.line) + ": " + p.message;
}

json point_json(const ThresholdPoint& p) {
  return {{"threshold", std::isnan(p.threshold) ? json(nullptr) : json(rounded(p.threshold))},
          {"warnings", p.predicted},
          {"correct", p.correct},
          {"precision", rounded(p.precision)},
          {"recall", rounded(p.recall)},
          {"f1", rounded(p.f1)}};
}

json labels_json(const std::string& file, const LabelFile& labels) {
  json problems = json::array();
  for (const auto& p : labels.problems) problems.push_back({{"line", p.line}, {"message", p.message}});
  json out = {{"file", file},
              {"lines", labels.lines},
              {"usable", labels.pairs.size()},
              {"skipped", labels.problems.size()},
              {"problems", problems}};
  out["header_line"] = labels.header_line ? json(labels.header_line) : json(nullptr);
  return out;
}

void print_labels(const char* what, const std::string& file, const LabelFile& labels) {
  std::cout << what << ": " << strip_controls(file) << ": " << labels.pairs.size()
            << (labels.pairs.size() == 1 ? " usable pair" : " usable pairs") << ", " << labels.problems.size()
            << (labels.problems.size() == 1 ? " line" : " lines") << " skipped";
  if (labels.header_line)
    std::cout << " (line " << labels.header_line << " read as a header: " << strip_controls(labels.header) << ")";
  std::cout << "\n";
  for (size_t i = 0; i < labels.problems.size() && i < kShownProblems; ++i)
    std::cout << "  line " << labels.problems[i].line << ": " << strip_controls(labels.problems[i].message) << "\n";
  if (labels.problems.size() > kShownProblems)
    std::cout << "  ... and " << labels.problems.size() - kShownProblems << " more\n";
}

}  // namespace

int run_eval(const Args& args) {
  IndexArgs where;
  SimilaritySettings settings;
  std::vector<std::string> after_index, rest;
  std::string error;
  if (!parse_index_args(args, where, after_index, error) ||
      !parse_embedder_args(after_index, settings.embedder, rest, error)) {
    std::fprintf(stderr, "kgls eval: %s\n", error.c_str());
    return 2;
  }
  std::string format = "text", value, labels_path, neutral_path;
  double threshold = settings.duplicate_threshold;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == "--help" || rest[i] == "-h") {
      std::cout << kEvalHelp << "\noptions:" << kIndexOptionsHelp << kEmbedderOptionsHelp;
      return 0;
    }
    if (take_value(rest, i, "--format", format, error)) {
      if (error.empty() && format != "text" && format != "json") error = "--format must be text or json (not '" + format + "')";
    } else if (take_value(rest, i, "--labels", labels_path, error)) {
    } else if (take_value(rest, i, "--neutral", neutral_path, error)) {
    } else if (take_value(rest, i, "--threshold", value, error)) {
      if (error.empty()) parse_threshold(value, threshold, error);
    } else {
      error = "unexpected argument '" + rest[i] + "' (try `kgls eval --help`)";
    }
    if (!error.empty()) {
      std::fprintf(stderr, "kgls eval: %s\n", error.c_str());
      return 2;
    }
  }
  if (labels_path.empty()) {
    std::fprintf(stderr, "kgls eval: which pairs? (usage: kgls eval --labels PAIRS; try `kgls eval --help`)\n");
    return 2;
  }
  // Read the files before the workspace is embedded, so that a wrong path fails at once.
  std::string labels_text, neutral_text;
  if (!read_file(labels_path, labels_text, error) ||
      (!neutral_path.empty() && !read_file(neutral_path, neutral_text, error))) {
    std::fprintf(stderr, "kgls eval: %s\n", error.c_str());
    return 2;
  }

  SimilaritySession session;
  if (!open_similarity(where, settings.embedder, session, error)) {
    std::fprintf(stderr, "kgls eval: %s\n", error.c_str());
    return 2;
  }
  for (const auto& e : session.errors) std::fprintf(stderr, "kgls eval: %s\n", e.c_str());
  const KnownId known = known_entities(*session.workspace);
  const LabelFile labels = parse_labels(labels_text, known);
  if (!labels.ok()) {
    const std::string line = strip_controls(labels_path + ": " + labels.error + first_problem(labels));
    std::fprintf(stderr, "kgls eval: %s\n", line.c_str());
    return 2;
  }
  LabelFile neutral_labels;
  PairSet neutral;
  if (!neutral_path.empty()) {
    neutral_labels = parse_labels(neutral_text, known);
    if (!neutral_labels.ok()) {
      const std::string line = strip_controls(neutral_path + ": " + neutral_labels.error + first_problem(neutral_labels));
      std::fprintf(stderr, "kgls eval: %s\n", line.c_str());
      return 2;
    }
    for (const auto& p : neutral_labels.pairs) neutral.insert(p.a, p.b);
  }

  const SimilarityIndex index = SimilarityIndex::build(*session.workspace, *session.service);
  if (index.warning()) std::fprintf(stderr, "kgls eval: %s\n", index.warning()->c_str());
  EvaluationOptions options;
  options.default_threshold = threshold;
  const Evaluation ev = evaluate(index, labels.pairs, neutral_path.empty() ? nullptr : &neutral, options);

  if (format == "json") {
    json out;
    out["labels"] = labels_json(labels_path, labels);
    if (!neutral_path.empty()) out["neutral"] = labels_json(neutral_path, neutral_labels);
    out["embedder"] = index.embedder();
    out["entities"] = ev.entities;
    out["pairs"] = ev.pairs;
    out["pairs_linked"] = ev.pairs_linked;
    json recall = json::array();
    for (const auto& r : ev.recall)
      recall.push_back({{"k", r.k}, {"forward", rounded(r.forward)}, {"backward", rounded(r.backward)}, {"both", rounded(r.both)}});
    out["recall"] = recall;
    json sweep = json::array();
    for (const auto& p : ev.sweep) sweep.push_back(point_json(p));
    out["sweep"] = sweep;
    out["best"] = point_json(ev.best);
    out["default"] = point_json(ev.at_default);
    out["neutral_dropped"] = ev.neutral_dropped;
    std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    print_labels("labels", labels_path, labels);
    if (!neutral_path.empty()) print_labels("neutral", neutral_path, neutral_labels);
    std::cout << "workspace: " << ev.entities << " entities, embedder " << index.embedder() << "; " << ev.pairs
              << (ev.pairs == 1 ? " pair" : " pairs") << " measured";
    if (ev.pairs_linked)
      std::cout << " (" << ev.pairs_linked << " joined by a typed edge: never in the lists nor warned about)";
    std::cout << "\n\nrecall@k: the partner among the k most similar entities (kgls similar)\n";
    std::cout << "   k   a -> b   b -> a   both\n";
    for (const auto& r : ev.recall)
      std::printf("%4zu   %6s   %6s   %5s\n", r.k, fixed(r.forward).c_str(), fixed(r.backward).c_str(), fixed(r.both).c_str());
    std::fflush(stdout);
    std::cout << "\nlikely-duplicate warnings (kgls duplicates) at each threshold";
    if (ev.neutral_dropped) std::cout << " (" << ev.neutral_dropped << " neutral pairs left out)";
    std::cout << "\n  threshold   warnings   correct   precision   recall      F1\n";
    for (const auto& p : ev.sweep)
      std::printf("  %9s   %8zu   %7zu   %9s   %6s   %5s\n", fixed(p.threshold, 2).c_str(), p.predicted, p.correct,
                  fixed(p.precision).c_str(), fixed(p.recall).c_str(), fixed(p.f1).c_str());
    std::fflush(stdout);
    if (ev.best.f1 > 0)
      std::cout << "\nbest F1 " << fixed(ev.best.f1) << " at threshold " << fixed(ev.best.threshold) << " ("
                << ev.best.predicted << (ev.best.predicted == 1 ? " warning, " : " warnings, ") << ev.best.correct
                << " correct)";
    else
      std::cout << "\nbest F1 0: no warning down to " << fixed(ev.lowest, 2) << " is a labelled pair";
    std::cout << " (the default threshold " << fixed(threshold, 2) << " gives F1 " << fixed(ev.at_default.f1) << ")\n";
  }
  return session.errors.empty() ? 0 : 2;
}

}  // namespace kgls::cli
