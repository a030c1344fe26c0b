#include "solvers/newton.hpp"

#include <limits>

#include "solvers/hessian_policy.hpp"
#include "solvers/line_search.hpp"

namespace mlctl::solvers {

namespace {

constexpr int kMaxHalvings = 60;

double gradient_norm_of(const Eigen::VectorXd& gradient) {
  return gradient.lpNorm<Eigen::Infinity>();
}

// How the search along a step goes. Polishing (already converged) tries only the full step and
// takes it only if it improves the gradient; its Hessian would never be used.
LineSearchOptions search_options(bool fresh, bool polishing, double gradient_norm) {
  LineSearchOptions search;
  search.with_hessian = fresh;
  if (polishing) {
    search.max_trials = 1;
    search.gradient_below = gradient_norm;
  } else {
    search.max_trials = kMaxHalvings;
  }
  return search;
}

}  // namespace

FitReport minimize_newton(const Objective& f, Eigen::VectorXd& x, const StopRule& rule,
                          const NewtonOptions& options) {
  const Eigen::Index n = f.dimension();
  const double threshold = rule.tolerance * rule.gradient_scale;
  HessianPolicy policy(f, options.reuse_hessian, options.start_hessian);
  Eigen::VectorXd gradient(n), step(n);
  TrialPoint trial{Eigen::VectorXd(n), Eigen::VectorXd(n), Eigen::MatrixXd(n, n)};
  FitReport report;
  report.method = "newton";
  double value = policy.first_pass(x, gradient, report.hessians);
  bool polishing = false;
  while (true) {
    report.objective = value;
    report.gradient_norm = gradient_norm_of(gradient);
    if (report.gradient_norm <= threshold) {
      report.converged = true;
      // One more full Newton step: quadratic convergence takes the gradient from the
      // tolerance to rounding level for the price of one pass (the probabilities then match
      // the exact optimum to ~1e-12, not just to what the tolerance implies). With a reused
      // Hessian the step shrinks it at least kReusedHessianShrink-fold more.
      if (polishing || report.iterations >= rule.max_iterations) break;
      polishing = true;
    } else if (report.iterations >= rule.max_iterations) {
      break;
    }

    double slope = 0;
    if (!policy.newton_step(gradient, step, slope)) {
      if (polishing) break;
      step = -gradient;  // cannot happen for a strictly convex f; steepest descent if it does
      slope = -gradient.squaredNorm();
    }
    const bool fresh = !polishing && policy.wants_fresh();
    const LineSearchResult found = backtrack(
        f, x, value, step, slope, search_options(fresh, polishing, report.gradient_norm), trial);
    report.hessians += fresh ? found.trials : 0;
    if (!found.accepted) break;
    value = found.value;
    ++report.iterations;
    if (rule.on_iteration) rule.on_iteration(report.iterations, gradient_norm_of(trial.gradient));
    const bool stalled = (found.t * step).lpNorm<Eigen::Infinity>() <=
                         std::numeric_limits<double>::epsilon() * x.lpNorm<Eigen::Infinity>();
    const double shrink = report.gradient_norm / gradient_norm_of(trial.gradient);
    policy.step_taken(x, gradient, trial, fresh, polishing, shrink);
    x.swap(trial.x);
    gradient.swap(trial.gradient);
    if (stalled || polishing) {
      report.objective = value;
      report.gradient_norm = gradient_norm_of(gradient);
      report.converged = report.gradient_norm <= threshold;
      break;
    }
  }
  if (options.keep_hessian) report.hessian = std::move(policy.hessian());
  return report;
}

}  // namespace mlctl::solvers
