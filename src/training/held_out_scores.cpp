#include "training/held_out_scores.hpp"

#include <algorithm>
#include <vector>

namespace mlctl::training {

namespace {

using ActiveColumns = pipeline::TableEncoder::ActiveColumns;

// Rows per encoded chunk when scoring from one-hot rows: score_blocks' blocks, so that the
// blocks score as all the rows at once do.
constexpr std::size_t kChunkRows = kScoreRows;

// The encoded column of each numeric feature, in order: encode_one_hot's dense columns.
std::vector<Eigen::Index> dense_columns(const pipeline::FeaturePipeline& pipeline) {
  std::vector<Eigen::Index> columns;
  for (std::size_t f = 0; f < pipeline.features().size(); ++f) {
    if (pipeline.features()[f].type == table::ColumnType::numeric) {
      columns.push_back(static_cast<Eigen::Index>(pipeline.offset(f)));
    }
  }
  return columns;
}

// decision_function of the rows `dense` and `active` stand for.
Eigen::MatrixXd one_hot_scores(const solvers::LinearModel& model,
                               const std::vector<Eigen::Index>& columns,
                               const Eigen::MatrixXd& dense, const ActiveColumns& active) {
  Eigen::MatrixXd dense_coef(model.coef.rows(), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j) {
    dense_coef.col(static_cast<Eigen::Index>(j)) = model.coef.col(columns[j]);
  }
  Eigen::MatrixXd scores = dense * dense_coef.transpose();
  scores.rowwise() += model.intercept.transpose();
  for (Eigen::Index g = 0; g < active.cols(); ++g) {
    for (Eigen::Index i = 0; i < active.rows(); ++i) {
      if (active(i, g) >= 0) scores.row(i) += model.coef.col(active(i, g)).transpose();
    }
  }
  return scores;
}

// encoder.encode(rows, X), a few rows at a time when the table spills.
void encode_spread_rows(const pipeline::TableEncoder& encoder, const table::Table& table,
                        std::span<const std::size_t> rows, Eigen::MatrixXd& X) {
  SpillArena* arena = table.arena();
  if (arena == nullptr || arena->stats().spilled_bytes == 0 || rows.size() <= kSpreadRows) {
    encoder.encode(rows, X);
    return;
  }
  Eigen::MatrixXd block;
  for (std::size_t first = 0; first < rows.size(); first += kSpreadRows) {
    const auto part = rows.subspan(first, std::min(kSpreadRows, rows.size() - first));
    encoder.encode(part, block);
    if (first == 0) X.resize(static_cast<Eigen::Index>(rows.size()), block.cols());
    X.middleRows(static_cast<Eigen::Index>(first), block.rows()) = block;
    arena->check();
  }
}

}  // namespace

bool scores_from_one_hot(const pipeline::FeaturePipeline& pipeline) {
  const auto& features = pipeline.features();
  return pipeline.width() > kWideColumns &&
         std::any_of(features.begin(), features.end(), [](const pipeline::Feature& feature) {
           return feature.type != table::ColumnType::numeric;
         });
}

Eigen::MatrixXd scores_of_rows(const pipeline::FeaturePipeline& pipeline,
                               const solvers::LinearModel& model, const table::Table& table,
                               std::span<const std::size_t> rows) {
  const pipeline::TableEncoder encoder(pipeline, table);
  if (!scores_from_one_hot(pipeline)) {
    Eigen::MatrixXd X;
    encoder.encode(rows, X);
    return solvers::decision_function(model, X);
  }
  const std::vector<Eigen::Index> columns = dense_columns(pipeline);
  Eigen::MatrixXd scores(static_cast<Eigen::Index>(rows.size()), model.coef.rows());
  Eigen::MatrixXd dense;
  ActiveColumns active;
  for (std::size_t first = 0; first < rows.size(); first += kChunkRows) {
    const auto chunk = rows.subspan(first, std::min(kChunkRows, rows.size() - first));
    encoder.encode_one_hot(chunk, dense, active);
    scores.middleRows(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(chunk.size())) =
        one_hot_scores(model, columns, dense, active);
  }
  return scores;
}

void score_blocks(const pipeline::FeaturePipeline& pipeline, const solvers::LinearModel& model,
                  const table::Table& table, std::span<const std::size_t> rows,
                  const std::function<void(std::size_t, const Eigen::MatrixXd&)>& emit) {
  if (rows.size() <= kScoreRows || scores_from_one_hot(pipeline)) {
    for (std::size_t first = 0; first < rows.size(); first += kScoreRows) {
      const auto block = rows.subspan(first, std::min(kScoreRows, rows.size() - first));
      emit(first, scores_of_rows(pipeline, model, table, block));
    }
    return;
  }
  const pipeline::TableEncoder encoder(pipeline, table);
  Eigen::MatrixXd X;
  for (std::size_t first = 0; first < rows.size(); first += kScoreRows) {
    const auto block = rows.subspan(first, std::min(kScoreRows, rows.size() - first));
    encoder.encode(block, X);
    if (block.size() < kScoreRows) {  // the last block: zero rows after its own
      const Eigen::Index own = X.rows();
      X.conservativeResize(static_cast<Eigen::Index>(kScoreRows), Eigen::NoChange);
      X.bottomRows(X.rows() - own).setZero();
    }
    emit(first, solvers::decision_function(model, X));
  }
}

// Narrow: X is the dense design. Wide: X holds the numeric columns and `active` the levels;
// `position` gives each feature's column in X (numeric) or in `active` (categorical).
struct ShuffledScores::Rows {
  bool one_hot = false;
  Eigen::MatrixXd X;
  ActiveColumns active;
  std::vector<Eigen::Index> columns;
  std::vector<Eigen::Index> position;
};

ShuffledScores::ShuffledScores(const pipeline::FeaturePipeline& pipeline,
                               const solvers::LinearModel& model, const table::Table& table,
                               std::span<const std::size_t> rows)
    : pipeline_(pipeline), model_(model), rows_(std::make_unique<Rows>()) {
  const pipeline::TableEncoder encoder(pipeline, table);
  rows_->one_hot = scores_from_one_hot(pipeline);
  if (!rows_->one_hot) {
    encode_spread_rows(encoder, table, rows, rows_->X);
    return;
  }
  encoder.encode_one_hot(rows, rows_->X, rows_->active);
  rows_->columns = dense_columns(pipeline);
  Eigen::Index numeric = 0, categorical = 0;
  for (const auto& feature : pipeline.features()) {
    rows_->position.push_back(feature.type == table::ColumnType::numeric ? numeric++
                                                                         : categorical++);
  }
}

ShuffledScores::~ShuffledScores() = default;

Eigen::MatrixXd ShuffledScores::scores() const {
  if (!rows_->one_hot) return solvers::decision_function(model_, rows_->X);
  return one_hot_scores(model_, rows_->columns, rows_->X, rows_->active);
}

Eigen::MatrixXd ShuffledScores::shuffled(std::size_t feature,
                                         std::span<const std::size_t> order) const {
  const Eigen::MatrixXd& X = rows_->X;
  const auto at = [&](Eigen::Index i) {
    return static_cast<Eigen::Index>(order[static_cast<std::size_t>(i)]);
  };
  if (!rows_->one_hot) {
    const auto begin = static_cast<Eigen::Index>(pipeline_.offset(feature));
    const auto width = static_cast<Eigen::Index>(pipeline_.features()[feature].width());
    Eigen::MatrixXd shuffled = X;
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      shuffled.block(i, begin, 1, width) = X.block(at(i), begin, 1, width);
    }
    return solvers::decision_function(model_, shuffled);
  }
  const Eigen::Index column = rows_->position[feature];
  if (pipeline_.features()[feature].type == table::ColumnType::numeric) {
    Eigen::MatrixXd shuffled = X;
    for (Eigen::Index i = 0; i < X.rows(); ++i) shuffled(i, column) = X(at(i), column);
    return one_hot_scores(model_, rows_->columns, shuffled, rows_->active);
  }
  ActiveColumns shuffled = rows_->active;
  for (Eigen::Index i = 0; i < shuffled.rows(); ++i) {
    shuffled(i, column) = rows_->active(at(i), column);
  }
  return one_hot_scores(model_, rows_->columns, X, shuffled);
}

}  // namespace mlctl::training
