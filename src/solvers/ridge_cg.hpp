#pragma once
// Ridge regression on wide data (issue #14): the same objective and optimum as fit_ridge
// (ridge.hpp), reached by preconditioned conjugate gradient on the centred normal equations
//   (Xc' W Xc + alpha I) beta = Xc' W (y - ybar)
// instead of a dense d x d Gram matrix and its factorisation. Each product with the matrix is
// one pass over the one-hot blocks (ridge_system.hpp): its cost follows the non-zeros, its
// memory is O(d). The preconditioner is block-diagonal: the dense columns' centred Gram block,
// solved exactly, and each categorical feature's block diag(counts + alpha) - c c' / W (its
// levels never share a row), inverted by Sherman-Morrison in O(levels).
// CG iterates until the residual is 1e-15 of the right-hand side's norm, then checks the true
// residual (recomputed with one more pass) and restarts from it when rounding has let the two
// drift apart: the objective agrees with the dense exact solve to about 1e-12.
// alpha = 0: the system may be singular. CG still converges to a solution (the system is
// consistent); the null directions one-hot encoding makes (the levels of a category present in
// every row sum to the intercept's column; levels with no weighted row) are then removed, which
// gives the minimum-norm solution as the dense path does unless other columns are collinear
// (then the same fitted values and objective, a least-squares solution of another norm).
// Over the ranks of a job (DesignSource::attach): the means, b and each product A v are summed
// over the ranks (one allreduce per pass); CG itself runs on every rank alike.

#include <cstddef>

#include "solvers/design_source.hpp"
#include "solvers/linear_model.hpp"
#include "solvers/ridge.hpp"

namespace mlctl::solvers {

// What the dense-or-CG choice looks at: the encoded design's shape.
struct RidgeShape {
  std::size_t rows = 0;
  std::size_t features = 0;       // encoded columns, d
  std::size_t dense_columns = 0;  // columns kept dense (numeric), p
  std::size_t groups = 0;         // categorical features read as one index per row
};

// Whether conjugate gradient is cheaper than the dense exact solve for this shape. Dense:
// n d^2 / 2 for the Gram matrix plus d^3 / 3 for LDLT, 8 d^2 bytes; CG: passes of n (p + groups)
// scattered products. Without categorical features, always dense.
bool ridge_prefers_conjugate_gradient(const RidgeShape& shape);

struct RidgeCgReport {
  int products = 0;              // passes of A v (each one data pass)
  double relative_residual = 0;  // ||b - A beta|| / ||b||, recomputed at the end
};

// The ridge fit by CG; `data` must hand out one-hot blocks (Error(internal) otherwise). The same
// errors as fit_ridge, and Error(data) if CG cannot bring the residual under 1e-6 (not seen in
// practice: the system is positive semi-definite and consistent).
LinearModel fit_ridge_cg(const DesignSource& data, const RidgeOptions& options,
                         RidgeCgReport* report = nullptr);

}  // namespace mlctl::solvers
