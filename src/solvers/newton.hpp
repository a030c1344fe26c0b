#pragma once
// Damped Newton's method with the exact Hessian (near the optimum, optionally an earlier one kept):
// for problems of up to a few thousand parameters, where a dense d x d solve is cheap next to a
// pass over the data, and where we want the exact optimum (scikit-learn's newton-cg at
// tol=1e-12), not an approximation.

#include <Eigen/Dense>

#include "solvers/objective.hpp"

namespace mlctl::solvers {

struct NewtonOptions {
  // Keep the Hessian of an earlier point, corrected after each step by a BFGS update, while
  // each step still shrinks the gradient at least kReusedHessianShrink-fold: a
  // value-and-gradient pass per iteration instead of one with the Hessian, which on a million
  // rows costs 2-3 times as much. For fits that start near the optimum (a warm start); the
  // optimum and the stopping rule are the same.
  bool reuse_hessian = false;
  // Reusing: the Hessian to start from instead of computing it at the start (e.g. a smaller
  // fit's, scaled to this objective), when it has f's dimension; the first pass then computes
  // only the value and gradient.
  const Eigen::MatrixXd* start_hessian = nullptr;
  // When set, receives the last Hessian computed or kept (a larger fit may start from it).
  Eigen::MatrixXd* final_hessian = nullptr;
};

// A step that shrinks max|gradient| less than this many times asks for a fresh Hessian.
inline constexpr double kReusedHessianShrink = 8;

// Minimises f from `x` (updated in place). Each iteration: solve H d = -g with LDLT (kept
// orthogonal to f's null directions: (H + sum u u'/|u|^2) d = -g, the minimum-norm step),
// then backtrack (Armijo) from the full step. One data pass per trial point.
FitReport minimize_newton(const Objective& f, Eigen::VectorXd& x, const StopRule& rule,
                          const NewtonOptions& options = {});

}  // namespace mlctl::solvers
