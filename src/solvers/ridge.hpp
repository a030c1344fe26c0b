#pragma once
// Ridge regression, scikit-learn's Ridge(alpha, fit_intercept=True), with sample weights.
//
// Objective, intercept b not penalised:
//   sum_i w_i (y_i - x_i' beta - b)^2 + alpha ||beta||^2
// Solved exactly: centre X and y by their weighted means (xbar, ybar), solve
//   (Xc' W Xc + alpha I) beta = Xc' W yc
// by LDLT on the d x d Gram matrix, then b = ybar - xbar' beta. One streaming pass: each block
// is centred on its own means and the blocks' sums merge pairwise, which keeps the accuracy of
// centring on the global means (no cancellation); memory O(d^2).
// alpha = 0 with a singular Gram matrix gives the minimum-norm least-squares solution
// (complete orthogonal decomposition), never NaN.
// Wide one-hot data goes to conjugate gradient instead (ridge_cg.hpp): the same optimum, cost
// and memory following the non-zeros.
// Over the ranks of a job (DesignSource::attach): each rank centres its rows' sums on its own
// means; one small allreduce gives the job's means, a second sums the Gram matrices and X'y
// moved to them (exactly, as the blocks' merge). The choice of CG reads the job's row count.

#include "solvers/design_source.hpp"
#include "solvers/linear_model.hpp"

namespace mlctl::solvers {

// How fit_ridge solves: automatic takes conjugate gradient (ridge_cg.hpp) when the source hands
// out one-hot blocks and ridge_prefers_conjugate_gradient says so, the dense solve otherwise.
enum class RidgeMethod { automatic, dense, conjugate_gradient };

struct RidgeOptions {
  double alpha = 1.0;  // >= 0
  RidgeMethod method = RidgeMethod::automatic;
};

// Throws Error(usage) for alpha < 0, Error(data) for no rows, or a negative or non-finite
// weight, or weights summing to zero.
LinearModel fit_ridge(const DesignSource& data, const RidgeOptions& options);

}  // namespace mlctl::solvers
