#pragma once
// Backtracking line search (Armijo) along a descent direction, as Newton's method uses it: the
// full step first, then halves of it, one data pass per trial point. Apart from the Newton loop
// so that the loop reads as "choose a step, search along it, take it".

#include <optional>

#include <Eigen/Dense>

#include "solvers/objective.hpp"

namespace mlctl::solvers {

// A point the search tried, with what its data pass computed. The caller keeps one and reuses
// its buffers from search to search.
struct TrialPoint {
  Eigen::VectorXd x;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;  // only when the search was asked for it
};

struct LineSearchOptions {
  bool with_hessian = false;  // each trial pass computes the Hessian too
  int max_trials = 60;        // 1: the full step or nothing
  // When set, a trial point must also have max|gradient| below this (a polishing step must
  // improve the gradient, or it is not taken).
  std::optional<double> gradient_below;
};

struct LineSearchResult {
  bool accepted = false;  // `trial` holds the accepted point
  double t = 0;           // the accepted point is x + t * step
  double value = 0;       // f there
  int trials = 0;         // data passes made
};

// Tries x + t * step for t = 1, 1/2, 1/4, ... until f decreases by at least 1e-4 of what the
// slope (gradient . step, < 0) predicts, up to rounding noise in f (a sum over many rows: near
// the optimum the predicted decrease is below it, and the full step must still be accepted).
LineSearchResult backtrack(const Objective& f, const Eigen::VectorXd& x, double value,
                           const Eigen::VectorXd& step, double slope,
                           const LineSearchOptions& options, TrialPoint& trial);

}  // namespace mlctl::solvers
