#pragma once
// Scores of a fitted model on rows of the training table (held-out predictions, permutation
// importance) without the dense design on wide data (issue #14): with thousands of one-hot
// columns, 5000 held-out rows densely encoded take 1.3 GB per copy. Wide pipelines are scored
// from one-hot rows instead (TableEncoder::encode_one_hot): numeric columns times their
// coefficients plus, per categorical feature, the coefficient of the level a row has. Narrow
// pipelines keep the dense product, and so their results to the last bit.

#include <cstddef>
#include <memory>
#include <span>

#include <Eigen/Dense>

#include "pipeline/feature_pipeline.hpp"
#include "solvers/linear_model.hpp"
#include "table/table.hpp"

namespace mlctl::training {

// Whether `pipeline` is scored from one-hot rows: a categorical feature and more than
// kWideColumns encoded columns.
inline constexpr std::size_t kWideColumns = 1024;
bool scores_from_one_hot(const pipeline::FeaturePipeline& pipeline);

// The rows' scores (rows x outputs, solvers::decision_function's), either way.
Eigen::MatrixXd scores_of_rows(const pipeline::FeaturePipeline& pipeline,
                               const solvers::LinearModel& model, const table::Table& table,
                               std::span<const std::size_t> rows);

// Rows encoded once, then scored as they are or with one feature's values shuffled (row i
// taking row order[i]'s values), as permutation importance does.
class ShuffledScores {
 public:
  ShuffledScores(const pipeline::FeaturePipeline& pipeline, const solvers::LinearModel& model,
                 const table::Table& table, std::span<const std::size_t> rows);
  ~ShuffledScores();
  Eigen::MatrixXd scores() const;
  // Safe to call from several threads at once.
  Eigen::MatrixXd shuffled(std::size_t feature, std::span<const std::size_t> order) const;

 private:
  struct Rows;
  const pipeline::FeaturePipeline& pipeline_;
  const solvers::LinearModel& model_;
  std::unique_ptr<Rows> rows_;
};

}  // namespace mlctl::training
