#pragma once
// Which Hessian each Newton step solves with, and when a data pass pays for a fresh one: the
// policy apart from the Newton loop (newton.hpp).
//
// Exact: every accepted point's own Hessian, computed by the pass that tried the point.
// Reused: one Hessian (given, or computed at the start) corrected after each step by a BFGS
// update, while each step still shrinks max|gradient| at least kReusedHessianShrink-fold; after
// a slower step the next point gets a fresh Hessian. A value-and-gradient pass costs a third to
// a half of one with the Hessian on a million rows: for fits that start near the optimum.

#include <memory>

#include <Eigen/Dense>

#include "solvers/line_search.hpp"
#include "solvers/objective.hpp"

namespace mlctl::solvers {

// A step that shrinks max|gradient| less than this many times asks for a fresh Hessian.
inline constexpr double kReusedHessianShrink = 8;

class HessianPolicy {
 public:
  // `start`: reusing, the Hessian at the start point, used when it has f's dimension (then the
  // first pass computes only the value and gradient). `f` must outlive the policy.
  HessianPolicy(const Objective& f, bool reuse, std::shared_ptr<const Eigen::MatrixXd> start);

  // The first data pass, at `x`: f and its gradient, and the Hessian unless a start one fits.
  // Adds 1 to `hessian_passes` when it computed the Hessian.
  double first_pass(const Eigen::VectorXd& x, Eigen::VectorXd& gradient, int& hessian_passes);

  // Whether the next step's trial points should compute their Hessian.
  bool wants_fresh() const { return !reuse_ || fresh_wanted_; }

  // The Newton step: solves H step = -gradient, kept orthogonal to f's null directions
  // ((H + sum u u'/|u|^2) step = -gradient, the minimum-norm step), and its slope
  // gradient . step. False when that is no descent direction (cannot happen for a strictly
  // convex f).
  bool newton_step(const Eigen::VectorXd& gradient, Eigen::VectorXd& step, double& slope);

  // After a step from (x, gradient) to `trial`, which shrank max|gradient| `shrink`-fold: the
  // trial's own Hessian when its pass computed one (`fresh`), else (reusing, not a polishing
  // step) the kept one corrected by the BFGS update. Takes `trial.hessian` (swaps buffers).
  void step_taken(const Eigen::VectorXd& x, const Eigen::VectorXd& gradient, TrialPoint& trial,
                  bool fresh, bool polishing, double shrink);

  // The last Hessian computed or kept.
  Eigen::MatrixXd& hessian() { return hessian_; }

 private:
  void bfgs_update(const Eigen::VectorXd& moved, const Eigen::VectorXd& turned);

  const Objective& f_;
  bool reuse_;
  std::shared_ptr<const Eigen::MatrixXd> start_;
  Eigen::MatrixXd null_directions_;
  Eigen::MatrixXd projector_;  // sum of u u'/|u|^2 over the null directions
  Eigen::MatrixXd hessian_;
  Eigen::LDLT<Eigen::MatrixXd> ldlt_;
  bool factored_ = false;      // ldlt_ holds hessian_ (+ projector_)
  bool fresh_wanted_ = false;  // reusing: the last step was slow
};

}  // namespace mlctl::solvers
