#pragma once
// L-BFGS for objectives with too many parameters for a dense Hessian (LBFGSpp).

#include <Eigen/Dense>

#include "solvers/objective.hpp"

namespace mlctl::solvers {

// Minimises f from `x` (updated in place, to the best point seen). A line-search failure
// ends the run and is reported as non-convergence, not thrown.
FitReport minimize_lbfgs(const Objective& f, Eigen::VectorXd& x, const StopRule& rule);

}  // namespace mlctl::solvers
