#pragma once
// Damped Newton's method with the exact Hessian (near the optimum, optionally an earlier one
// kept): for problems of up to a few thousand parameters, where a dense d x d solve is cheap
// next to a pass over the data, and where we want the exact optimum (scikit-learn's newton-cg at
// tol=1e-12), not an approximation.

#include <memory>

#include <Eigen/Dense>

#include "solvers/objective.hpp"

namespace mlctl::solvers {

struct NewtonOptions {
  // Keep the Hessian of an earlier point while steps still converge fast (hessian_policy.hpp):
  // for fits that start near the optimum (a warm start). The optimum and the stopping rule are
  // the same.
  bool reuse_hessian = false;
  // Reusing: the Hessian at the start point (e.g. a smaller fit's, scaled to this objective),
  // used when it has f's dimension; the first pass then computes only the value and gradient.
  // Shared, not copied: it may be large (3000 parameters: 72 MB).
  std::shared_ptr<const Eigen::MatrixXd> start_hessian = nullptr;
  // Return the last Hessian computed or kept in FitReport::hessian (a larger fit may start from
  // it).
  bool keep_hessian = false;
};

// Minimises f from `x` (updated in place). Each iteration: a Newton step (solved with LDLT, the
// Hessian chosen by hessian_policy.hpp), then backtracking from the full step (line_search.hpp).
// One data pass per trial point. Once converged, one more full step polishes the optimum.
FitReport minimize_newton(const Objective& f, Eigen::VectorXd& x, const StopRule& rule,
                          const NewtonOptions& options = {});

}  // namespace mlctl::solvers
