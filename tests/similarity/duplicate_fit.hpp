// Fitting the duplicate model (a logistic regression over PairEvidence) on labelled data
// sets, leave-one-set-out: the figures reported for a set come from a model that never saw
// it. Used by `kgls_calibrate` (which also prints the all-sets fit that ships as
// DuplicateModel::defaults()) and by the calibration test.
#pragma once
#include <array>
#include <vector>

#include "calibration.hpp"

namespace kgls::calibration {

/// One set's candidate pairs as training rows: features, label (1 = a labelled pair).
struct TrainingSet {
  std::string name;
  std::vector<std::array<double, kDuplicateFeatures>> x;
  std::vector<double> y;
  size_t labelled = 0;  // Labelled pairs in all (some may not be among the candidates).
};

/// The candidates kgls considers on the set (with `config`'s embedder), labelled; neutral
/// pairs are left out.
TrainingSet training_set(const DataSet& set, const KglsConfig& config);

/// L2-regularised logistic regression by Newton's method, each set weighing the same in
/// total (so a large set does not decide for the others). Then the threshold that maximises
/// the sets' mean F1 is folded into the bias, so that the model's 0.5 is that threshold:
/// the default `duplicateThreshold` is 0.5 on every knowledge base.
DuplicateModel fit_model(const std::vector<const TrainingSet*>& sets, double l2 = 1e-3);

/// The weights as C++, for DuplicateModel::defaults().
std::string model_source(const DuplicateModel& model);

}  // namespace kgls::calibration
