#pragma once
// Trust-region Newton with conjugate gradient (TRON: Lin, Weng & Keerthi 2008, LIBLINEAR's
// solver) for objectives with too many parameters for a dense Hessian. Each outer iteration
// solves H s = -g approximately by conjugate gradient inside a trust region, using only
// Hessian-vector products (Objective::hessian_vector, one data pass each), so memory stays
// O(parameters) and the iterates still converge superlinearly to the exact optimum. CG is
// preconditioned by the Hessian's diagonal blocks or diagonal when f gives them
// (tron_preconditioner.hpp), and once converged one more step polishes the optimum, as Newton does
// (newton.hpp).

#include <Eigen/Dense>

#include "solvers/objective.hpp"

namespace mlctl::solvers {

// Minimises f from `x` (updated in place). Converged means the same as for Newton: max|gradient|
// <= rule.tolerance * rule.gradient_scale. rule.max_iterations bounds the trust-region steps
// (accepted or not); running out, or a step that can no longer change f, ends the run and is
// reported as not converged (unless the gradient is already small enough), never thrown.
FitReport minimize_tron(const Objective& f, Eigen::VectorXd& x, const StopRule& rule);

}  // namespace mlctl::solvers
