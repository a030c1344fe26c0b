#include "solvers/newton.hpp"

#include <cmath>
#include <limits>

namespace mlctl::solvers {

namespace {

constexpr double kArmijo = 1e-4;  // sufficient-decrease fraction of the predicted decrease
constexpr int kMaxHalvings = 60;

// Sum of u u' / |u|^2 over the null directions: added to H, it makes H invertible without
// changing the step's component off the null space (g is orthogonal to it).
Eigen::MatrixXd null_space_projector(const Eigen::MatrixXd& directions, Eigen::Index n) {
  Eigen::MatrixXd projector = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index j = 0; j < directions.cols(); ++j) {
    const Eigen::VectorXd u = directions.col(j).normalized();
    projector.noalias() += u * u.transpose();
  }
  return projector;
}

double gradient_norm_of(const Eigen::VectorXd& gradient) {
  return gradient.lpNorm<Eigen::Infinity>();
}

}  // namespace

FitReport minimize_newton(const Objective& f, Eigen::VectorXd& x, const StopRule& rule,
                          const NewtonOptions& options) {
  const Eigen::Index n = f.dimension();
  const Eigen::MatrixXd null_directions = f.null_directions();
  const Eigen::MatrixXd projector = null_space_projector(null_directions, n);
  const double threshold = rule.tolerance * rule.gradient_scale;

  Eigen::VectorXd gradient(n), trial_gradient(n), trial(n), step(n);
  Eigen::MatrixXd hessian(n, n), trial_hessian(n, n);
  Eigen::LDLT<Eigen::MatrixXd> ldlt;
  FitReport report;
  double value = 0;
  const bool given = options.reuse_hessian && options.start_hessian != nullptr &&
                     options.start_hessian->rows() == n && options.start_hessian->cols() == n;
  if (given) {
    value = f.value_gradient(x, gradient);
    hessian = *options.start_hessian;
  } else {
    value = f.value_gradient_hessian(x, gradient, hessian);
    report.hessians = 1;
  }
  bool polishing = false;
  bool hessian_changed = true;  // `ldlt` must be computed again
  // Whether trial points get a fresh Hessian. Reusing, the start's Hessian serves until a step
  // shrinks the gradient too little.
  bool hessian_wanted = !options.reuse_hessian;
  while (true) {
    report.objective = value;
    report.gradient_norm = gradient.lpNorm<Eigen::Infinity>();
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

    if (hessian_changed) {
      if (null_directions.cols() > 0) {
        ldlt.compute(hessian + projector);
      } else {
        ldlt.compute(hessian);
      }
      hessian_changed = false;
    }
    step = ldlt.solve(-gradient);
    double slope = gradient.dot(step);
    if (ldlt.info() != Eigen::Success || !step.allFinite() || !(slope < 0)) {
      if (polishing) break;
      step = -gradient;  // cannot happen for a strictly convex f; steepest descent if it does
      slope = -gradient.squaredNorm();
    }

    // Rounding noise in f (a sum over many rows): near the optimum the predicted decrease is
    // below it, and the full Newton step must still be accepted.
    const double noise = 64 * std::numeric_limits<double>::epsilon() * std::abs(value);
    // Whether this iteration's trial points get a fresh Hessian. The polishing step ends the
    // run: its Hessian would never be used.
    const bool fresh = !polishing && (!options.reuse_hessian || hessian_wanted);
    double t = 1;
    bool accepted = false;
    for (int halving = 0; halving < kMaxHalvings; ++halving, t *= 0.5) {
      trial = x + t * step;
      report.hessians += fresh ? 1 : 0;
      const double trial_value =
          fresh ? f.value_gradient_hessian(trial, trial_gradient, trial_hessian)
                : f.value_gradient(trial, trial_gradient);
      bool good = std::isfinite(trial_value) && trial_value <= value + kArmijo * t * slope + noise;
      if (polishing) {
        good = good && trial_gradient.lpNorm<Eigen::Infinity>() < report.gradient_norm;
        if (!good) break;  // already converged: keep the point we have
      }
      if (good) {
        value = trial_value;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    ++report.iterations;
    if (rule.on_iteration) rule.on_iteration(report.iterations, gradient_norm_of(trial_gradient));
    const bool stalled = (t * step).lpNorm<Eigen::Infinity>() <=
                         std::numeric_limits<double>::epsilon() * x.lpNorm<Eigen::Infinity>();
    const double shrink = report.gradient_norm / gradient_norm_of(trial_gradient);
    if (options.reuse_hessian && !fresh && !polishing) {
      // The kept Hessian, corrected by what the step saw (a BFGS update: exact along the step,
      // unchanged across it): steps converge faster than with the start's Hessian alone.
      const Eigen::VectorXd moved = trial - x;
      const Eigen::VectorXd turned = trial_gradient - gradient;
      const double curvature = turned.dot(moved);
      const Eigen::VectorXd pushed = hessian * moved;
      const double predicted = moved.dot(pushed);
      if (curvature > 0 && predicted > 0) {
        hessian.noalias() += turned * (turned.transpose() / curvature);
        hessian.noalias() -= pushed * (pushed.transpose() / predicted);
        hessian_changed = true;
      }
    }
    x.swap(trial);
    gradient.swap(trial_gradient);
    if (fresh) {
      hessian.swap(trial_hessian);
      hessian_changed = true;
    }
    // Reusing: keep the Hessian while steps shrink the gradient fast; a slow step (far from the
    // optimum, or a backtracked one) gets a fresh Hessian at the next point.
    if (options.reuse_hessian) hessian_wanted = !(shrink >= kReusedHessianShrink);
    if (stalled || polishing) {
      report.objective = value;
      report.gradient_norm = gradient.lpNorm<Eigen::Infinity>();
      report.converged = report.gradient_norm <= threshold;
      break;
    }
  }
  if (options.final_hessian != nullptr) *options.final_hessian = hessian;
  return report;
}

}  // namespace mlctl::solvers
