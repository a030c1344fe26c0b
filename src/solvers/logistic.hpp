#pragma once
// L2-penalised logistic regression, scikit-learn's LogisticRegression(penalty="l2",
// C = 1/alpha, fit_intercept=True, multi_class="auto"), solved to the exact optimum.
//
// Objective (logistic_loss.hpp has it in full), with alpha = 1/C, intercepts not penalised:
//   sum_i w_i * loss_i + alpha/2 * ||W||_F^2
// Binary (K = 2): one weight vector, loss_i = log(1 + exp(z_i)) - y_i z_i.
// K >= 3: multinomial softmax with K weight vectors (the penalty on all K),
//   loss_i = log sum_k exp(z_ik) - z_{i, y_i}.
// Newton's method with the exact Hessian (one streaming pass per trial point) on narrow data;
// trust-region Newton-CG (tron.hpp) with Hessian-vector products on wide data, which reaches the
// same optimum without forming the Hessian. solver_choice.hpp picks one from the data's shape.
// Over the ranks of a job (DesignSource::attach), as LIBLINEAR's MPI version: each pass (the
// data check's class weights, each value-gradient(-Hessian), Hessian-vector product,
// preconditioner diagonal or blocks) ends in one allreduce; the optimizers (Newton, TRON,
// L-BFGS) then see the same numbers, take the same steps and stop together on every rank.
// Options must be the same on every rank (start and start_hessian included).

#include <functional>
#include <memory>

#include "solvers/design_source.hpp"
#include "solvers/linear_model.hpp"
#include "solvers/objective.hpp"
#include "solvers/solver_choice.hpp"

namespace mlctl::solvers {

struct LogisticOptions {
  double alpha = 1.0;        // L2 strength = 1/C of scikit-learn; must be > 0
  int num_classes = 2;       // y holds 0..K-1
  double tolerance = 1e-10;  // on max|gradient| / max(1, sum of weights)
  int max_iterations = 200;
  // Where to start (e.g. the solution of a similar problem: the same recipe on a subset of the
  // rows). Ignored when its shape does not fit. The optimum does not depend on it.
  const LinearModel* start = nullptr;
  // Newton only (newton.hpp, NewtonOptions): keep an earlier Hessian while it still works well,
  // for large fits from a warm start, where a Hessian pass costs 2-3 value-and-gradient passes;
  // the Hessian at `start` (of this objective's size, e.g. a smaller fit's scaled); and whether
  // the report returns the last Hessian (FitReport::hessian).
  bool reuse_hessian = false;
  std::shared_ptr<const Eigen::MatrixXd> start_hessian = nullptr;
  bool keep_hessian = false;
  // Which method: automatic (choose_logistic_solver on the data's shape), or forced (tests).
  LogisticSolver solver = LogisticSolver::automatic;
  // Progress: called after each solver iteration (TRON: each accepted trust-region step).
  std::function<void(int iteration, double gradient_norm)> on_iteration = nullptr;
};

// The method a fit of `data` with `options` uses: options.solver when forced, else
// choose_logistic_solver on the data's shape. Never `automatic`.
LogisticSolver resolved_solver(const DesignSource& data, const LogisticOptions& options);

// Throws Error(usage) for bad options, Error(data) for a target that is not a class index,
// a negative or non-finite weight, or a class without rows of positive weight (its intercept
// would run off to -infinity). Non-convergence is not an error: see `report`.
LinearModel fit_logistic(const DesignSource& data, const LogisticOptions& options,
                         FitReport* report = nullptr);

}  // namespace mlctl::solvers
