#pragma once
// A block's columns moved to given centres, as the ridge solvers' centred sums need them.

#include <Eigen/Dense>

namespace mlctl::solvers {

// out = X with centre(j) subtracted from every cell of column j: the cells of
// X.rowwise() - centre.transpose(), bit for bit (one IEEE subtraction each), a column at a
// time, which Eigen vectorizes; that expression it evaluates a cell at a time (a replicated
// row gives no packets down a column), and a wide ridge fit spent a fifth of its time there.
// `out` keeps its allocation when its size does not change.
void centre_columns(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& centre,
                    Eigen::MatrixXd& out);

}  // namespace mlctl::solvers
