#pragma once
// The L2-penalised logistic losses of scikit-learn's LogisticRegression(penalty="l2",
// C = 1/alpha, fit_intercept=True), as Objectives over a DesignSource. Intercepts are not
// penalised. w_i are the sample weights (class_weight="balanced" arrives through them).
//
// Binary (y_i in {0, 1}), parameters [beta (d), b]:
//   f(beta, b) = sum_i w_i [log(1 + exp(z_i)) - y_i z_i] + alpha/2 ||beta||^2,
//   z_i = x_i' beta + b.
// Multinomial (y_i in 0..K-1, K >= 3), parameters [W_1, b_1, ..., W_K, b_K] (d + 1 each):
//   f(W, b) = sum_i w_i [log sum_k exp(z_ik) - z_{i, y_i}] + alpha/2 ||W||_F^2,
//   z_ik = x_i' W_k + b_k.
// Adding a constant to every b_k leaves f unchanged: that is the one null direction.

#include <vector>

#include "solvers/design_source.hpp"
#include "solvers/objective.hpp"

namespace mlctl::solvers {

// The rows' curvature terms at one point x (binary: w p (1 - p); multinomial: the class
// probabilities), per block: hessian_diagonal(x) fills it on its pass, and the Hessian-vector
// products TRON's conjugate gradient then takes at the same x (tens per point) read it instead
// of recomputing Xa x and a sigmoid or softmax per row. Only while it takes at most
// kCurvatureCacheBytes. Not for concurrent calls on one loss (TRON makes none).
// It also keeps the products' per-part sums between passes: allocated afresh, sums of a
// megabyte or more (a wide multinomial fit) cost their pages' faults on every pass.
struct CurvatureCache {
  Eigen::VectorXd x;  // the point the terms are for; empty: none
  std::vector<Eigen::MatrixXd> blocks;
  std::vector<Eigen::MatrixXd> sums;
};
inline constexpr double kCurvatureCacheBytes = 256.0 * 1024 * 1024;

class BinaryLogisticLoss final : public Objective {
 public:
  BinaryLogisticLoss(const DesignSource& data, double alpha) : data_(data), alpha_(alpha) {}
  Eigen::Index dimension() const override;
  double value_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const override;
  double value_gradient_hessian(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                Eigen::MatrixXd& hessian) const override;
  // logistic_hessian_vector.cpp: one pass, the Hessian never formed.
  void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v,
                      Eigen::VectorXd& out) const override;
  bool hessian_diagonal(const Eigen::VectorXd& x, Eigen::VectorXd& diagonal) const override;

 private:
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                  Eigen::MatrixXd* hessian) const;
  const DesignSource& data_;
  double alpha_;
  mutable CurvatureCache cache_;
};

class MultinomialLogisticLoss final : public Objective {
 public:
  MultinomialLogisticLoss(const DesignSource& data, double alpha, int num_classes)
      : data_(data), alpha_(alpha), num_classes_(num_classes) {}
  Eigen::Index dimension() const override;
  double value_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const override;
  double value_gradient_hessian(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                Eigen::MatrixXd& hessian) const override;
  // logistic_hessian_vector.cpp: one pass, the Hessian never formed.
  void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v,
                      Eigen::VectorXd& out) const override;
  bool hessian_diagonal(const Eigen::VectorXd& x, Eigen::VectorXd& diagonal) const override;
  // Per feature (and the intercept) the K x K block sum_i w_i x_ij^2 (diag(p_i) - p_i p_i')
  // (+ alpha I off the intercept): one pass, as hessian_diagonal, keeping the same cache.
  bool hessian_blocks(const Eigen::VectorXd& x, HessianBlocks& blocks) const override;
  Eigen::MatrixXd null_directions() const override;

 private:
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                  Eigen::MatrixXd* hessian) const;
  const DesignSource& data_;
  double alpha_;
  int num_classes_;
  mutable CurvatureCache cache_;
};

}  // namespace mlctl::solvers
