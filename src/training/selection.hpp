#pragma once
// The trainer's choices before any fit: the algorithm (from --algorithm or the target's values),
// the target as numbers per row, and the feature columns (leaving out empty and identifier-like
// ones, with a warning each).

#include <string>
#include <vector>

#include "distributed/communicator.hpp"
#include "model/model.hpp"
#include "table/table.hpp"
#include "training/trainer.hpp"

namespace mlctl::training {

// With `processes` (an MPI job, training/job_facts.hpp), `table` is this rank's share of the
// rows and every choice is the job's: the same on every rank, and as one process would make
// it on all the rows. Each function is then collective.

// The target of a fit, read once from its column.
// Per-row vectors take their memory where the table's rows live (Table::arena).
struct Target {
  std::vector<std::string> classes;    // classification only
  table::RowVector<double> y;          // per table row: value or class index; NaN = missing
  table::RowVector<std::size_t> rows;  // rows with a target
  table::RowVector<int> row_classes;   // class of each of `rows` (classification only)
};

// --algorithm when given, else logistic for a text target or one of 2 distinct numbers, ridge
// for other numbers; report.algorithm_reason says why. Throws Error(usage) for ridge on a text
// target.
model::Algorithm choose_algorithm(const table::Column& target, const Recipe& recipe,
                                  TrainReport& report,
                                  distributed::Communicator* processes = nullptr);

// Ridge: the numbers. Logistic: class indices, classes sorted as scikit-learn's np.unique (by
// number for a numeric target, else by text).
Target prepare_target(const table::Table& table, const table::Column& column,
                      model::Algorithm algorithm, distributed::Communicator* processes = nullptr);

// The feature columns, in --features order when given, else in table order. Throws
// Error(usage) for an unknown column, the target among the features, or no feature left.
std::vector<std::string> choose_features(const table::Table& table, const Recipe& recipe,
                                         TrainReport& report,
                                         distributed::Communicator* processes = nullptr);

}  // namespace mlctl::training
