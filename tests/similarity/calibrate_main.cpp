// kgls_calibrate: prints docs/similarity.md's calibration tables.
//
//   build/kgls_calibrate [--data DIR] [--set schemaorg|dblp-acm]... [builtin options]
//
// DIR holds the data sets (default: the repository's ../shared/data). The builtin options
// (--dims, --word, --bigram, --char, --link, --name-boost) and the scoring
// options (--same-name, --disagreement, --no-contrast) reproduce the ablation rows of the docs; --misses lists
// the labelled pairs whose partner is not among the top 5.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "calibration.hpp"

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

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path data = KGLS_SHARED_DATA;
  std::vector<std::string> sets;
  EmbedderSettings embedder;
  BuiltinEmbedder::Options builtin;
  DuplicateScoring scoring;
  std::vector<double> thresholds;
  bool misses = false;
  for (double t = 0.50; t < 0.951; t += 0.05) thresholds.push_back(t);
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
    if (a == "--data") data = need();
    else if (a == "--set") sets.push_back(need());
    else if (a == "--dims") builtin.dimensions = static_cast<uint32_t>(number(a, need()));
    else if (a == "--word") builtin.word_weight = static_cast<float>(number(a, need()));
    else if (a == "--bigram") builtin.bigram_weight = static_cast<float>(number(a, need()));
    else if (a == "--char") builtin.char_weight = static_cast<float>(number(a, need()));
    else if (a == "--link") builtin.link_weight = static_cast<float>(number(a, need()));
    else if (a == "--name-boost") builtin.name_boost = static_cast<float>(number(a, need()));
    else if (a == "--same-name") scoring.same_name = number(a, need());
    else if (a == "--disagreement") scoring.disagreement = number(a, need());
    else if (a == "--misses") misses = true;
    else if (a == "--no-contrast") scoring.contrasting_names = false;
    else if (a == "--http") embedder.kind = "http", embedder.url = need();
    else if (a == "--model") embedder.model = need();
    else {
      std::cerr << "usage: kgls_calibrate [--data DIR] [--set NAME]... [--dims N] [--word W] [--bigram W] [--char W]\n"
                   "                      [--link W] [--name-boost B] [--same-name S] [--disagreement D]\n"
                   "                      [--no-contrast] [--http URL --model M] [--misses]\n";
      return a == "--help" ? 0 : 2;
    }
  }
  if (sets.empty()) sets = {"schemaorg", "dblp-acm"};
  try {
    std::vector<calibration::Report> reports;
    for (const auto& s : sets)
      reports.push_back(calibration::measure(s, data / s, embedder, builtin, thresholds, {1, 5, 10}, scoring,
                                            {0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5}));
    std::cout << calibration::markdown(reports);
    if (misses)
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
