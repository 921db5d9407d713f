#include "duplicate_fit.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <cstdio>

namespace kgls::calibration {

TrainingSet training_set(const DataSet& set, const KglsConfig& config) {
  std::unique_ptr<Embedder> primary;
  if (config.embedder.kind != "builtin") primary = make_embedder(config.embedder);
  EmbeddingService service(std::move(primary), nullptr, std::chrono::seconds(60), config.builtin);
  const SimilarityIndex index = SimilarityIndex::build(set.workspace, service);
  PairSet labels;
  for (const auto& p : set.labels.pairs) labels.insert(p.a, p.b);
  TrainingSet out;
  out.name = set.name;
  out.labelled = set.labels.pairs.size();
  for (const DuplicatePair& p : duplicate_candidates(index, config.scoring)) {
    const std::string& a = p.a.entity->id;
    const std::string& b = p.b.entity->id;
    if (set.neutral.contains(a, b)) continue;
    out.x.push_back(duplicate_features(p.evidence));
    out.y.push_back(labels.contains(a, b) ? 1.0 : 0.0);
  }
  return out;
}

DuplicateModel fit_model(const std::vector<const TrainingSet*>& sets, double l2) {
  constexpr int F = static_cast<int>(kDuplicateFeatures) + 1;
  size_t n = 0;
  for (const auto* s : sets) n += s->y.size();
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), F);
  Eigen::VectorXd y(static_cast<Eigen::Index>(n)), w(static_cast<Eigen::Index>(n));
  Eigen::Index row = 0;
  for (const auto* s : sets) {
    // Every set weighs the same in total; within a set, positives and negatives as they come.
    const double weight = s->y.empty() ? 0.0 : 1.0 / static_cast<double>(s->y.size());
    for (size_t i = 0; i < s->y.size(); ++i, ++row) {
      for (int f = 0; f + 1 < F; ++f) x(row, f) = s->x[i][static_cast<size_t>(f)];
      x(row, F - 1) = 1.0;
      y(row) = s->y[i];
      w(row) = weight * static_cast<double>(n) / static_cast<double>(sets.size());
    }
  }
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(F);
  for (int iter = 0; iter < 50; ++iter) {
    const Eigen::VectorXd z = x * beta;
    const Eigen::VectorXd p = z.unaryExpr([](double v) { return 1.0 / (1.0 + std::exp(-v)); });
    const Eigen::VectorXd r = p.unaryExpr([](double v) { return std::max(v * (1.0 - v), 1e-9); });
    Eigen::VectorXd grad = x.transpose() * (w.cwiseProduct(p - y));
    Eigen::MatrixXd hess = x.transpose() * (w.cwiseProduct(r)).asDiagonal() * x;
    const double reg = l2 * static_cast<double>(n);
    for (int f = 0; f + 1 < F; ++f) {  // The bias is not shrunk.
      grad(f) += reg * beta(f);
      hess(f, f) += reg;
    }
    const Eigen::VectorXd step = hess.ldlt().solve(grad);
    beta -= step;
    if (step.norm() < 1e-8) break;
  }
  DuplicateModel model;
  for (int f = 0; f < F; ++f) model.weights[static_cast<size_t>(f)] = beta(f);
  // The threshold with the best mean F1 over the sets, folded into the bias.
  double best_t = 0.5, best_f1 = -1;
  for (double t = 0.02; t < 0.985; t += 0.01) {
    double sum = 0;
    for (const auto* s : sets) {
      size_t predicted = 0, correct = 0;
      for (size_t i = 0; i < s->y.size(); ++i) {
        double z = model.weights[kDuplicateFeatures];
        for (size_t f = 0; f < kDuplicateFeatures; ++f) z += model.weights[f] * s->x[i][f];
        if (1.0 / (1.0 + std::exp(-z)) < t) continue;
        ++predicted;
        correct += s->y[i] > 0.5;
      }
      const double p = predicted ? static_cast<double>(correct) / static_cast<double>(predicted) : 0.0;
      const double r = s->labelled ? static_cast<double>(correct) / static_cast<double>(s->labelled) : 0.0;
      sum += p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
    if (sum > best_f1) best_f1 = sum, best_t = t;
  }
  model.weights[kDuplicateFeatures] -= std::log(best_t / (1.0 - best_t));
  return model;
}

std::string model_source(const DuplicateModel& model) {
  std::string out = "DuplicateModel{{";
  char buf[32];
  for (size_t i = 0; i < model.weights.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.4f", i ? ", " : "", model.weights[i]);
    out += buf;
  }
  return out + "}}";
}

}  // namespace kgls::calibration
