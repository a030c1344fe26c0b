#pragma once
// f(x) = 1/2 x'Ax - b'x for the solver tests: its gradient Ax - b and Hessian A are exact, its
// optimum is A^-1 b, and a singular A has null directions like the multinomial loss.

#include <Eigen/Dense>

#include "solvers/objective.hpp"

namespace test_data {

class Quadratic : public mlctl::solvers::Objective {
 public:
  Quadratic(Eigen::MatrixXd A, Eigen::VectorXd b, Eigen::MatrixXd null = {})
      : A_(std::move(A)), b_(std::move(b)), null_(std::move(null)) {}
  Eigen::Index dimension() const override { return b_.size(); }
  double value_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const override {
    ++passes;
    gradient = A_ * x - b_;
    return 0.5 * x.dot(A_ * x) - b_.dot(x);
  }
  double value_gradient_hessian(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                Eigen::MatrixXd& hessian) const override {
    ++hessian_passes;
    hessian = A_;
    return value_gradient(x, gradient);
  }
  Eigen::MatrixXd null_directions() const override { return null_; }

  mutable int passes = 0;          // data passes of either kind
  mutable int hessian_passes = 0;  // those that computed the Hessian

 private:
  Eigen::MatrixXd A_;
  Eigen::VectorXd b_;
  Eigen::MatrixXd null_;
};

// A well-conditioned 3 x 3 example.
inline Quadratic small_quadratic() {
  Eigen::MatrixXd A(3, 3);
  A << 4, 1, 0, 1, 3, 1, 0, 1, 2;
  return Quadratic(A, (Eigen::VectorXd(3) << 1, -2, 3).finished());
}

}  // namespace test_data
