#pragma once
// What a prediction means, written once: the scores of an encoded row, the predicted class and
// the explanation of a linear score. `mlctl predict` (apps/predict_rows, which encodes CSV
// records with pipeline::RowEncoder and only formats what this computes) and programs that
// embed mlcore (a service scoring one request at a time: the feature values of one record as
// text, no CSV reader) both go through it. Missing values are imputed, unseen categories encode
// as zeros; tests/model/predictor_test.cpp checks that the text path gives `mlctl predict`'s
// predictions on every row of real data.

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csv/missing.hpp"
#include "model/model.hpp"
#include "pipeline/category_index.hpp"
#include "solvers/sparse_row.hpp"

namespace mlctl::model {

struct Prediction {
  double value = 0.0;         // ridge: the prediction; logistic: the probability of `label`
  std::string label;          // logistic: the predicted class; ridge: empty
  std::vector<double> proba;  // logistic: one per model.classes, in that order; ridge: empty
};

// The exact additive explanation of a linear score: score = intercept + the sum of
// coef_j * encoded_j over all encoded features j.
struct Explanation {
  double score = 0.0;  // bit for bit the score predictions compute (a ridge prediction)
  // (encoded feature, contribution), the largest |contribution| first (ties: lower feature).
  std::vector<std::pair<std::size_t, double>> top;
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

  // The numbers behind a prediction, for a caller that encodes rows itself (pipeline::RowEncoder)
  // and reuses its buffers from row to row: `encoded` holds model.pipeline.width() values,
  // `scores` score_count() (ridge: the prediction; logistic: a probability per class). Returns
  // the predicted class's index (the first of equal probabilities), 0 for ridge. Allocates
  // nothing.
  std::size_t score(std::span<const double> encoded, std::span<double> scores) const;
  std::size_t score_count() const;
  // The same for a sparse row (pipeline::RowEncoder::encode_sparse): O(features), not
  // O(encoded width), and bit for bit the dense row's scores. What `mlctl predict` and
  // predict() use.
  std::size_t score(const solvers::SparseRow& row, std::span<double> scores) const;

  // The `count` largest contributions to the linear score behind a prediction whose score()
  // returned `predicted`: the model's only score (ridge, binary logistic: class 1's log-odds),
  // or the predicted class's.
  Explanation explain(std::span<const double> encoded, std::size_t predicted,
                      std::size_t count) const;
  // The same explanation of a sparse row, in O(features log features + count): only listed
  // columns can contribute; the others (contribution coef x 0) fill the list, lowest column
  // first, when fewer than `count` listed columns contribute, as they do in the dense order.
  Explanation explain(const solvers::SparseRow& row, std::size_t predicted,
                      std::size_t count) const;

 private:
  const Model& model_;
  csv::MissingTokens missing_;
  std::vector<std::string> names_;
  std::vector<std::optional<pipeline::CategoryIndex>> categories_;  // set for categorical
  // The row of coefficients an explanation of class `predicted` decomposes.
  Eigen::Index explained_output(std::size_t predicted) const;
};

}  // namespace mlctl::model
