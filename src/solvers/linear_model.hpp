#pragma once
// A fitted linear model (what the model file stores) and how it scores rows.
//
// Scores are s = X coef' + intercept. For ridge they are the predictions; for logistic
// regression they become class probabilities: binary models hold one output (the log-odds of
// class 1), multinomial models hold K outputs (softmax over the classes).

#include <span>

#include <Eigen/Dense>

#include "solvers/sparse_row.hpp"

namespace mlctl::distributed {
class Communicator;
}

namespace mlctl::solvers {

struct LinearModel {
  Eigen::MatrixXd coef;       // outputs x features: 1 row for ridge and binary logistic,
                              // K rows (one per class) for multinomial (K >= 3)
  Eigen::VectorXd intercept;  // outputs
};

// Scores for a block of encoded rows (n x features): n x outputs.
Eigen::MatrixXd decision_function(const LinearModel& m, const Eigen::MatrixXd& X);

// n x K class probabilities (K = 2 for binary: columns P(class 0), P(class 1)).
Eigen::MatrixXd predict_proba(const LinearModel& m, const Eigen::MatrixXd& X);
// The same from the scores (n x outputs) of decision_function or an equivalent.
Eigen::MatrixXd proba_from_scores(const LinearModel& m, const Eigen::MatrixXd& scores);

// Single-row fast paths for streaming prediction: no allocation. `row` has features()
// entries; `out` has outputs entries (scores) or K entries (probabilities).
void decision_row(const LinearModel& m, std::span<const double> row, std::span<double> out);
void proba_row(const LinearModel& m, std::span<const double> row, std::span<double> out);

// The same for a sparse row (columns below features(), increasing), in O(listed columns x
// outputs): bit for bit what decision_row / proba_row give for the row with its zeros written
// out (linear_model.cpp says why; tests/solvers/linear_model_test.cpp checks it).
void decision_sparse(const LinearModel& m, const SparseRow& row, std::span<double> out);
void proba_sparse(const LinearModel& m, const SparseRow& row, std::span<double> out);

// Number of classes a logistic model predicts: 2 for one output, else the number of outputs.
int num_classes(const LinearModel& m);

// scikit-learn's class_weight="balanced": n / (K * count_k) for class k, computed from the
// class indices in y (0..K-1). A class absent from y gets weight 0 (it weighs no row anyway).
// With a communicator (collective), n and the counts are those of every rank's y: the same
// weights on every rank, those of the job's rows.
Eigen::VectorXd balanced_class_weights(const Eigen::VectorXd& y, int num_classes,
                                       distributed::Communicator* communicator = nullptr);

}  // namespace mlctl::solvers
