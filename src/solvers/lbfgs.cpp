#include "solvers/lbfgs.hpp"

#include <cmath>
#include <exception>
#include <limits>

#include <LBFGS.h>

namespace mlctl::solvers {

namespace {

// LBFGSpp's view of an Objective, scaled to O(1) (its tolerances are absolute), keeping the
// best point seen so that a failed line search still leaves the best iterate.
class ScaledObjective {
 public:
  ScaledObjective(const Objective& f, double scale,
                  const std::function<void(int, double)>& on_evaluation)
      : f_(f), scale_(scale), on_evaluation_(on_evaluation) {}

  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    const double value = f_.value_gradient(x, gradient);
    if (std::isfinite(value) && value < best_value_) {
      best_value_ = value;
      best_x_ = x;
      best_gradient_norm_ = gradient.lpNorm<Eigen::Infinity>();
    }
    ++evaluations_;
    if (on_evaluation_) on_evaluation_(evaluations_, best_gradient_norm_);
    gradient /= scale_;
    return value / scale_;
  }

  double best_value() const { return best_value_; }
  const Eigen::VectorXd& best_x() const { return best_x_; }
  double best_gradient_norm() const { return best_gradient_norm_; }
  int evaluations() const { return evaluations_; }

 private:
  const Objective& f_;
  double scale_;
  const std::function<void(int, double)>& on_evaluation_;
  double best_value_ = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_x_;
  double best_gradient_norm_ = std::numeric_limits<double>::infinity();
  int evaluations_ = 0;
};

}  // namespace

FitReport minimize_lbfgs(const Objective& f, Eigen::VectorXd& x, const StopRule& rule) {
  LBFGSpp::LBFGSParam<double> param;
  // LBFGSpp tests the 2-norm, which bounds the max-norm of our rule from above.
  param.epsilon = rule.tolerance;
  param.epsilon_rel = 0;
  param.max_iterations = rule.max_iterations;
  param.max_linesearch = 60;
  LBFGSpp::LBFGSSolver<double> solver(param);
  ScaledObjective scaled(f, rule.gradient_scale, rule.on_iteration);

  FitReport report;
  report.method = "lbfgs";
  double value = 0;
  try {
    report.iterations = solver.minimize(scaled, x, value);
  } catch (const std::exception&) {
    // The line search found no better point. LBFGSpp does not say after how many iterations;
    // the number of data passes is the honest upper bound.
    report.iterations = scaled.evaluations();
  }
  if (scaled.best_x().size() == x.size()) x = scaled.best_x();
  report.objective = scaled.best_value();
  report.gradient_norm = scaled.best_gradient_norm();
  report.converged = report.gradient_norm <= rule.tolerance * rule.gradient_scale;
  return report;
}

}  // namespace mlctl::solvers
