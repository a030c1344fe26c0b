#include "solvers/hessian_policy.hpp"

#include <doctest/doctest.h>

#include "quadratic_objective.hpp"

using mlctl::solvers::HessianPolicy;
using mlctl::solvers::TrialPoint;

TEST_CASE("exact Hessians: computed at the start, the trial's taken after each step") {
  const test_data::Quadratic f = test_data::small_quadratic();
  HessianPolicy policy(f, false, nullptr);
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  Eigen::VectorXd gradient;
  int passes = 0;
  (void)policy.first_pass(x, gradient, passes);
  CHECK(passes == 1);
  CHECK(policy.wants_fresh());
  Eigen::VectorXd step;
  double slope = 0;
  REQUIRE(policy.newton_step(gradient, step, slope));
  CHECK(slope < 0);
  TrialPoint trial{x + step, {}, Eigen::MatrixXd::Identity(3, 3)};
  (void)f.value_gradient(trial.x, trial.gradient);
  CHECK(trial.gradient.lpNorm<Eigen::Infinity>() < 1e-12);  // the exact step of a quadratic
  policy.step_taken(x, gradient, trial, true, false, 1.0);
  CHECK(policy.hessian() == Eigen::MatrixXd::Identity(3, 3));  // the trial's, swapped in
  CHECK(policy.wants_fresh());
}

TEST_CASE("a reused Hessian: the given start, BFGS-corrected, fresh again after a slow step") {
  const test_data::Quadratic f = test_data::small_quadratic();
  const auto identity = std::make_shared<const Eigen::MatrixXd>(Eigen::MatrixXd::Identity(3, 3));
  HessianPolicy policy(f, true, identity);
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  Eigen::VectorXd gradient;
  int passes = 0;
  (void)policy.first_pass(x, gradient, passes);
  CHECK(passes == 0);
  CHECK(f.hessian_passes == 0);
  CHECK(policy.hessian() == *identity);
  CHECK_FALSE(policy.wants_fresh());

  Eigen::VectorXd step;
  double slope = 0;
  REQUIRE(policy.newton_step(gradient, step, slope));
  CHECK(step.isApprox(-gradient));  // the identity's step
  TrialPoint trial{x + step, {}, {}};
  (void)f.value_gradient(trial.x, trial.gradient);
  const Eigen::VectorXd moved = trial.x - x;
  const Eigen::VectorXd turned = trial.gradient - gradient;
  policy.step_taken(x, gradient, trial, false, false, 2.0);
  // The BFGS update is exact along the step: H moved = turned (here A moved).
  CHECK((policy.hessian() * moved).isApprox(turned, 1e-12));
  CHECK(policy.wants_fresh());  // shrank only 2-fold
  policy.step_taken(x, gradient, trial, false, true, 100.0);
  CHECK_FALSE(policy.wants_fresh());  // a fast step keeps it
}

TEST_CASE("a start Hessian of another size is ignored, and without reuse so is any start") {
  const test_data::Quadratic f = test_data::small_quadratic();
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  Eigen::VectorXd gradient;
  for (const bool reuse : {true, false}) {
    CAPTURE(reuse);
    const auto start = std::make_shared<const Eigen::MatrixXd>(
        reuse ? Eigen::MatrixXd::Identity(2, 2) : Eigen::MatrixXd::Identity(3, 3));
    HessianPolicy policy(f, reuse, start);
    int passes = 0;
    (void)policy.first_pass(x, gradient, passes);
    CHECK(passes == 1);
    // The exact Hessian was computed (sizes are compared first: Eigen asserts on a mismatch).
    REQUIRE(policy.hessian().rows() == 3);
    REQUIRE(policy.hessian().cols() == 3);
    Eigen::MatrixXd exact(3, 3);
    exact << 4, 1, 0, 1, 3, 1, 0, 1, 2;
    CHECK(policy.hessian() == exact);
  }
}

TEST_CASE("the Newton step of a singular Hessian stays off its null directions") {
  // f = 1/2 (x0 + x1)^2 - (x0 + x1): constant along (1, -1), so its Hessian is singular.
  Eigen::MatrixXd A(2, 2);
  A << 1, 1, 1, 1;
  const Eigen::MatrixXd null = (Eigen::MatrixXd(2, 1) << 1, -1).finished();
  const test_data::Quadratic f(A, Eigen::VectorXd::Ones(2), null);
  HessianPolicy policy(f, false, nullptr);
  const Eigen::VectorXd x = (Eigen::VectorXd(2) << 3, -1).finished();
  Eigen::VectorXd gradient;
  int passes = 0;
  (void)policy.first_pass(x, gradient, passes);
  Eigen::VectorXd step;
  double slope = 0;
  REQUIRE(policy.newton_step(gradient, step, slope));
  CHECK(std::abs(step.dot(null.col(0))) < 1e-14);
  CHECK((x + step).sum() == doctest::Approx(1.0));  // the minimum, x0 + x1 = 1
}
