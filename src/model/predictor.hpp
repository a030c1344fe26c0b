#pragma once
// One-row prediction for programs that embed mlcore (a service scoring one request at a time):
// the feature values of one record as text, no CSV reader. Encoding and scoring are those of
// `mlctl predict` (pipeline::RowEncoder, solvers::decision_row / proba_row): missing values are
// imputed, unseen categories encode as zeros; tests/model/predictor_test.cpp checks that both
// give the same predictions on every row of real data.

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv/missing.hpp"
#include "model/model.hpp"

namespace mlctl::model {

struct Prediction {
  double value = 0.0;         // ridge: the prediction; logistic: the probability of `label`
  std::string label;          // logistic: the predicted class; ridge: empty
  std::vector<double> proba;  // logistic: one per model.classes, in that order; ridge: empty
};

class Predictor {
 public:
  // `model` must outlive the predictor. `extra_na`: missing-value tokens besides the defaults
  // (empty, NA, N/A, NaN, null), like `mlctl predict --na`.
  explicit Predictor(const Model& model, std::vector<std::string> extra_na = {});

  // The model's feature columns, in the order predict() takes their values.
  const std::vector<std::string>& feature_names() const { return names_; }

  // `fields[j]` is the value of feature_names()[j] as a CSV field holds it (unquoted). Throws
  // Error(usage) when there are not exactly feature_names().size() values, Error(data) for a
  // value that is not a number in a numeric feature. Const and allocating its own buffers, so
  // one predictor can serve many threads.
  Prediction predict(std::span<const std::string_view> fields) const;

  // The same with values by column name; other names are ignored, as `mlctl predict` ignores
  // extra columns. Throws Error(data) naming the first feature that has no value.
  Prediction predict(const std::map<std::string, std::string, std::less<>>& by_name) const;

 private:
  const Model& model_;
  csv::MissingTokens missing_;
  std::vector<std::string> names_;
};

}  // namespace mlctl::model
