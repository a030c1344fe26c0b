#include "solvers/line_search.hpp"

#include <cmath>
#include <limits>

namespace mlctl::solvers {

namespace {
constexpr double kArmijo = 1e-4;  // sufficient-decrease fraction of the predicted decrease
}  // namespace

LineSearchResult backtrack(const Objective& f, const Eigen::VectorXd& x, double value,
                           const Eigen::VectorXd& step, double slope,
                           const LineSearchOptions& options, TrialPoint& trial) {
  const double noise = 64 * std::numeric_limits<double>::epsilon() * std::abs(value);
  LineSearchResult result;
  double t = 1;
  for (int halving = 0; halving < options.max_trials; ++halving, t *= 0.5) {
    trial.x = x + t * step;
    ++result.trials;
    const double trial_value =
        options.with_hessian ? f.value_gradient_hessian(trial.x, trial.gradient, trial.hessian)
                             : f.value_gradient(trial.x, trial.gradient);
    bool good = std::isfinite(trial_value) && trial_value <= value + kArmijo * t * slope + noise;
    if (options.gradient_below) {
      good = good && trial.gradient.lpNorm<Eigen::Infinity>() < *options.gradient_below;
    }
    if (good) {
      result.accepted = true;
      result.t = t;
      result.value = trial_value;
      return result;
    }
  }
  return result;
}

}  // namespace mlctl::solvers
