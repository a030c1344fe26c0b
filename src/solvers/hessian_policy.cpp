#include "solvers/hessian_policy.hpp"

#include <utility>

namespace mlctl::solvers {

namespace {

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

}  // namespace

HessianPolicy::HessianPolicy(const Objective& f, bool reuse,
                             std::shared_ptr<const Eigen::MatrixXd> start)
    : f_(f),
      reuse_(reuse),
      start_(std::move(start)),
      null_directions_(f.null_directions()),
      projector_(null_space_projector(null_directions_, f.dimension())),
      hessian_(f.dimension(), f.dimension()) {}

double HessianPolicy::first_pass(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                 int& hessian_passes) {
  const Eigen::Index n = f_.dimension();
  if (reuse_ && start_ != nullptr && start_->rows() == n && start_->cols() == n) {
    hessian_ = *start_;
    return f_.value_gradient(x, gradient);
  }
  ++hessian_passes;
  return f_.value_gradient_hessian(x, gradient, hessian_);
}

bool HessianPolicy::newton_step(const Eigen::VectorXd& gradient, Eigen::VectorXd& step,
                                double& slope) {
  if (!factored_) {
    if (null_directions_.cols() > 0) {
      ldlt_.compute(hessian_ + projector_);
    } else {
      ldlt_.compute(hessian_);
    }
    factored_ = true;
  }
  step = ldlt_.solve(-gradient);
  slope = gradient.dot(step);
  return ldlt_.info() == Eigen::Success && step.allFinite() && slope < 0;
}

void HessianPolicy::step_taken(const Eigen::VectorXd& x, const Eigen::VectorXd& gradient,
                               TrialPoint& trial, bool fresh, bool polishing, double shrink) {
  if (fresh) {
    hessian_.swap(trial.hessian);
    factored_ = false;
  } else if (reuse_ && !polishing) {
    bfgs_update(trial.x - x, trial.gradient - gradient);
  }
  // Keep the Hessian while steps shrink the gradient fast; a slow step (far from the optimum,
  // or a backtracked one) gets a fresh Hessian at the next point.
  if (reuse_) fresh_wanted_ = !(shrink >= kReusedHessianShrink);
}

// The kept Hessian, corrected by what the step saw (exact along the step, unchanged across
// it): steps converge faster than with the start's Hessian alone.
void HessianPolicy::bfgs_update(const Eigen::VectorXd& moved, const Eigen::VectorXd& turned) {
  const double curvature = turned.dot(moved);
  const Eigen::VectorXd pushed = hessian_ * moved;
  const double predicted = moved.dot(pushed);
  if (curvature > 0 && predicted > 0) {
    hessian_.noalias() += turned * (turned.transpose() / curvature);
    hessian_.noalias() -= pushed * (pushed.transpose() / predicted);
    factored_ = false;
  }
}

}  // namespace mlctl::solvers
