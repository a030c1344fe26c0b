#pragma once
// Damped Newton's method with the exact Hessian: for problems of up to a few thousand
// parameters, where a dense d x d solve is cheap next to a pass over the data, and where we
// want the exact optimum (scikit-learn's newton-cg at tol=1e-12), not an approximation.

#include <Eigen/Dense>

#include "models/objective.hpp"

namespace mlctl::models {

// Minimises f from `x` (updated in place). Each iteration: solve H d = -g with LDLT (kept
// orthogonal to f's null directions: (H + sum u u'/|u|^2) d = -g, the minimum-norm step),
// then backtrack (Armijo) from the full step. One data pass per trial point.
FitReport minimize_newton(const Objective& f, Eigen::VectorXd& x, const StopRule& rule);

}  // namespace mlctl::models
