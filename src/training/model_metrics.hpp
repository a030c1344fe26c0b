#pragma once
// The metrics a model stores, from predictions or by measuring a model on rows of a table.

#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "common/spill_arena.hpp"
#include "distributed/communicator.hpp"
#include "model/model.hpp"
#include "table/table.hpp"

namespace mlctl::training {

// Metrics of predictions, as the model stores them.
model::Metrics regression_metrics_of(std::span<const double> truth,
                                     std::span<const double> predicted);
// `arena`: where the ROC AUC sorts its rows (metrics::classification_metrics).
model::Metrics classification_metrics_of(std::span<const int> truth,
                                         const Eigen::Ref<const Eigen::MatrixXd>& proba,
                                         const std::vector<std::string>& classes,
                                         SpillArena* arena = nullptr);

// Measures an existing model on `rows` of `table` (which must hold the model's features and
// target): the metrics of the model's kind. Rows whose target is missing are skipped; a class
// the model does not know counts as a wrong prediction with probability 0 for the truth.
model::Metrics evaluate_model(const model::Model& model, const table::Table& table,
                              std::span<const std::size_t> rows);
// The same over the processes of a job (mlctl-mpi; collective): `rows` of this process's
// `table` and every other process's, pooled in the order one process holding every row measures
// them in: split by split (`split_ends`: where each split's rows end in `rows`; empty: one
// split), each over the processes in rank order. The same metrics on every process; its errors
// are the whole job's (no rows anywhere), thrown on every process. Null: the function above.
model::Metrics evaluate_model(const model::Model& model, const table::Table& table,
                              std::span<const std::size_t> rows,
                              distributed::Communicator* processes,
                              std::span<const std::size_t> split_ends = {});

}  // namespace mlctl::training
