#include "solvers/line_search.hpp"

#include <doctest/doctest.h>

#include "quadratic_objective.hpp"

using mlctl::solvers::backtrack;
using mlctl::solvers::LineSearchOptions;
using mlctl::solvers::TrialPoint;

namespace {

struct Start {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  Eigen::VectorXd gradient;
  double value = 0;
  Eigen::VectorXd newton;  // the exact Newton step from x
  double slope = 0;
};

Start start_of(const test_data::Quadratic& f) {
  Start s;
  Eigen::MatrixXd hessian;
  s.value = f.value_gradient_hessian(s.x, s.gradient, hessian);
  s.newton = hessian.ldlt().solve(-s.gradient);
  s.slope = s.gradient.dot(s.newton);
  return s;
}

}  // namespace

TEST_CASE("the line search takes the full Newton step of a quadratic in one pass") {
  const test_data::Quadratic f = test_data::small_quadratic();
  const Start s = start_of(f);
  TrialPoint trial;
  const auto found = backtrack(f, s.x, s.value, s.newton, s.slope, {}, trial);
  CHECK(found.accepted);
  CHECK(found.t == 1);
  CHECK(found.trials == 1);
  CHECK(trial.x == s.x + s.newton);
  CHECK(trial.gradient.lpNorm<Eigen::Infinity>() < 1e-12);
  CHECK(found.value < s.value);
  CHECK(trial.hessian.size() == 0);  // not asked for
}

TEST_CASE("the line search halves a step that is too long, and gives up on an uphill one") {
  const test_data::Quadratic f = test_data::small_quadratic();
  const Start s = start_of(f);
  TrialPoint trial;
  // 3 x the Newton step: f rises at t = 1 and drops 0.375 x slope at t = 1/2.
  LineSearchOptions with_hessian;
  with_hessian.with_hessian = true;
  const auto halved = backtrack(f, s.x, s.value, 3 * s.newton, 3 * s.slope, with_hessian, trial);
  CHECK(halved.accepted);
  CHECK(halved.t == 0.5);
  CHECK(halved.trials == 2);
  CHECK(trial.hessian.rows() == 3);
  CHECK(f.hessian_passes == 1 + 2);

  // Uphill (a wrong slope claimed): no t gives the decrease; every trial is one pass.
  LineSearchOptions few;
  few.max_trials = 5;
  const int before = f.passes;
  const auto uphill = backtrack(f, s.x, s.value, -s.newton, s.slope, few, trial);
  CHECK_FALSE(uphill.accepted);
  CHECK(uphill.trials == 5);
  CHECK(f.passes - before == 5);
}

TEST_CASE("a polishing search takes only a full step that improves the gradient") {
  const test_data::Quadratic f = test_data::small_quadratic();
  const Start s = start_of(f);
  TrialPoint trial;
  LineSearchOptions polish;
  polish.max_trials = 1;
  polish.gradient_below = s.gradient.lpNorm<Eigen::Infinity>();
  CHECK(backtrack(f, s.x, s.value, s.newton, s.slope, polish, trial).accepted);
  // Half the Newton step lowers f but leaves the gradient above a bound below half of it.
  polish.gradient_below = 0.25 * s.gradient.lpNorm<Eigen::Infinity>();
  const auto refused = backtrack(f, s.x, s.value, 0.5 * s.newton, 0.5 * s.slope, polish, trial);
  CHECK_FALSE(refused.accepted);
  CHECK(refused.trials == 1);
}
