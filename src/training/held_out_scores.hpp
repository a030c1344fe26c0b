#pragma once
// Scores of a fitted model on rows of the training table (held-out predictions, permutation
// importance) without the dense design on wide data (issue #14): with thousands of one-hot
// columns, 5000 held-out rows densely encoded take 1.3 GB per copy. Wide pipelines are scored
// from one-hot rows instead (TableEncoder::encode_one_hot): numeric columns times their
// coefficients plus, per categorical feature, the coefficient of the level a row has. Narrow
// pipelines keep the dense product, and so their results to the last bit.

#include <cstddef>
#include <functional>
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

// Rows spread over the whole table read between two looks at the resident size
// (SpillArena::check) when it spills: such rows touch a page of every column each, and spilled
// pages come back faster than the governor's thread drops them. Where the kernel maps a 2 MB
// page-cache folio whole at a fault, each of 20 columns maps a folio every 25 rows of 5000
// spread over 50M: 256 rows mapped up to 430 MB between two looks, 16 rows map 40-80 MB.
inline constexpr std::size_t kSpreadRows = 16;

// Rows per block when scoring many rows (score_blocks): an encoded block is all the design the
// scores need, where a dense design of every held-out row took 8 bytes per row and column
// (160 MB for a million held-out rows of 20 columns).
inline constexpr std::size_t kScoreRows = 4096;

// The scores of `rows`, one block of at most kScoreRows rows at a time, in order: emit(first,
// scores) gets the block's first position in `rows` and its scores (rows x outputs; more rows
// than the block's may follow theirs, to be ignored). Bit-identical to scores_of_rows on every
// row at once: a narrow block is padded to kScoreRows rows so that Eigen's product takes the
// path it takes on many rows (the same sums in the same order), and the wide path scores such
// blocks already.
void score_blocks(const pipeline::FeaturePipeline& pipeline, const solvers::LinearModel& model,
                  const table::Table& table, std::span<const std::size_t> rows,
                  const std::function<void(std::size_t, const Eigen::MatrixXd&)>& emit);

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
