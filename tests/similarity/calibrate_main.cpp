// kgls_calibrate: prints docs/similarity.md's calibration tables, kgls beside the plain TF-IDF
// baseline of the data sets' READMEs, and one summary table with the bars.
//
//   build/kgls_calibrate [--data DIR] [--set NAME]... [builtin options] [scoring options]
//                        [--no-tfidf] [--shipped] [--misses]
//
// DIR holds the data sets (default: the repository's ../shared/data); the sets default to
// schemaorg, dblp-acm, envo and abt-buy. The builtin options (--dims, --word, --bigram,
// --char, --char-min, --char-max, --link, --field, --name-weight, --semantic) and the scoring
// options (--same-name, --disagreement, --no-contrast) reproduce the ablation rows of the
// docs; --all-pairs compares every pair of every set and --blocked blocks every set (by
// default a set of more than 4,096 entities is blocked, as in the server), which measures
// what blocking loses; --misses lists the labelled pairs whose partner is not among the top 5;
// --tfidf-as-readme reads the baseline's texts as the READMEs' eval/baseline.py does (without
// the summaries written as text blocks), which reproduces their figures.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>

#include "calibration.hpp"
#include "duplicate_fit.hpp"

using namespace kgls;

namespace {

double number(const std::string& flag, const char* value) {
  char* end = nullptr;
  const double v = std::strtod(value, &end);
  if (!*value || *end) {
    std::cerr << "kgls_calibrate: " << flag << " needs a number, not '" << value << "'\n";
    std::exit(2);
  }
  return v;
}

const char* kUsage =
    "usage: kgls_calibrate [--data DIR] [--set NAME]... [--dims N] [--word W] [--bigram W] [--char W]\n"
    "                      [--char-min N] [--char-max N] [--link W] [--field W] [--name-weight W]\n"
    "                      [--semantic W] [--same-name S] [--disagreement D] [--no-contrast]\n"
    "                      [--all-pairs | --blocked]\n"
    "                      [--threshold T] [--http URL --model M] [--no-tfidf] [--tfidf-as-readme]\n"
    "                      [--shipped] [--misses]\n"
    "Sets: schemaorg, dblp-acm, envo, abt-buy (default: all four).\n";

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path data = KGLS_SHARED_DATA;
  std::vector<std::string> sets;
  calibration::KglsConfig config;
  calibration::MeasureOptions options;
  bool shipped = false;  // The shipped model on every set, instead of leave-one-set-out fits.
  options.cosine_thresholds = {0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    auto need = [&] {
      if (!v) {
        std::cerr << "kgls_calibrate: " << a << " needs a value\n";
        std::exit(2);
      }
      ++i;
      return v;
    };
    auto& b = config.builtin;
    if (a == "--data") data = need();
    else if (a == "--set") sets.push_back(need());
    else if (a == "--dims") b.dimensions = static_cast<uint32_t>(number(a, need()));
    else if (a == "--word") b.word_weight = static_cast<float>(number(a, need()));
    else if (a == "--bigram") b.bigram_weight = static_cast<float>(number(a, need()));
    else if (a == "--char") b.char_weight = static_cast<float>(number(a, need()));
    else if (a == "--char-min") b.char_min = static_cast<uint32_t>(number(a, need()));
    else if (a == "--char-max") b.char_max = static_cast<uint32_t>(number(a, need()));
    else if (a == "--link") b.link_weight = static_cast<float>(number(a, need()));
    else if (a == "--field") b.field_weight = static_cast<float>(number(a, need()));
    else if (a == "--name-weight") b.name_weight = static_cast<float>(number(a, need()));
    else if (a == "--semantic") b.semantic_weight = static_cast<float>(number(a, need()));
    else if (a == "--same-name") config.scoring.same_name = number(a, need());
    else if (a == "--disagreement") config.scoring.disagreement = number(a, need());
    else if (a == "--no-contrast") config.scoring.contrasting_names = false;
    else if (a == "--blocked") config.scoring.all_pairs_up_to = 0;
    else if (a == "--all-pairs") config.scoring.all_pairs_up_to = std::numeric_limits<size_t>::max();
    else if (a == "--threshold") config.default_threshold = number(a, need());
    else if (a == "--misses") options.misses = true;
    else if (a == "--no-tfidf") options.tfidf = false;
    else if (a == "--tfidf-as-readme") options.tfidf_as_readme = true;
    else if (a == "--shipped") shipped = true;
    else if (a == "--http") config.embedder.kind = "http", config.embedder.url = need();
    else if (a == "--model") config.embedder.model = need();
    else if (a == "--name-boost") {
      std::cerr << "kgls_calibrate: --name-boost is gone with the builtin's name boost; see --name-weight\n";
      return 2;
    } else {
      (a == "--help" ? std::cout : std::cerr) << kUsage;
      return a == "--help" ? 0 : 2;
    }
  }
  if (sets.empty()) sets = {"schemaorg", "dblp-acm", "envo", "abt-buy"};
  try {
    std::vector<calibration::DataSet> loaded;
    for (const auto& s : sets) loaded.push_back(calibration::load_set(s, data / s));
    // The duplicate model of each set is fit on the other sets (leave-one-set-out), unless
    // --shipped asks for the shipped weights; the fit on every set is what ships.
    std::vector<calibration::TrainingSet> training;
    if (!shipped)
      for (const auto& set : loaded) training.push_back(calibration::training_set(set, config));
    auto fit_without = [&](const std::string& left_out) {
      std::vector<const calibration::TrainingSet*> use;
      for (const auto& t : training)
        if (t.name != left_out) use.push_back(&t);
      return calibration::fit_model(use);
    };
    const auto reports = calibration::measure_all(
        loaded,
        [&](const calibration::DataSet& set) {
          calibration::KglsConfig c = config;
          if (!shipped && loaded.size() > 1) c.scoring.model = fit_without(set.name);
          return c;
        },
        options);
    std::cout << calibration::markdown(reports);
    std::cout << "### Summary\n\n" << calibration::summary(reports) << "\n";
    if (!shipped) {
      std::cout << "Duplicate model, " << (loaded.size() > 1 ? "leave-one-set-out; fit" : "fit") << " on every set: "
                << calibration::model_source(fit_without("")) << "\n";
      for (const auto& set : loaded)
        std::cout << "  without " << set.name << ": " << calibration::model_source(fit_without(set.name)) << "\n";
    }
    if (options.misses)
      for (const auto& r : reports) {
        std::cout << "### " << r.name << ": labelled partners outside the top 5\n\n";
        for (const auto& line : r.misses) std::cout << "- " << line << "\n";
        std::cout << "\n";
      }
  } catch (const std::exception& e) {
    std::cerr << "kgls_calibrate: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
