#pragma once
// The centred ridge system of a one-hot design (ridge_cg.hpp), never formed as a matrix:
//   A beta = b,  A = Xc' W Xc + alpha I,  b = Xc' W (y - ybar),  Xc = X - 1 xbar'
// with xbar, ybar the weighted means. Products with A take one pass over the blocks, reading
// each categorical feature as one column index per row (OneHotBlock) and centring implicitly:
//   u = Xc v = X v - 1 (xbar' v),   A v = Xc' W u + alpha v = X' W u - xbar (1' W u) + alpha v.
// The dense columns are centred in cache, block by block, so large means cost no digits.
// Every pass keeps one partial sum per part, added in part order: thread-invariant results.
// Internal to the ridge solvers.

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "solvers/design_source.hpp"

namespace mlctl::solvers {

// Throws Error(data) for a negative or non-finite weight.
void check_ridge_weights(const Eigen::VectorXd& w);

class CentredOneHotSystem {
 public:
  // Two passes: the weighted means, then b and the dense columns' centred Gram matrix (for the
  // preconditioner). Throws Error(data) for bad weights or no positive weight, Error(internal)
  // without a one-hot layout.
  CentredOneHotSystem(const DesignSource& data, double alpha);

  Eigen::Index size() const { return static_cast<Eigen::Index>(column_weight_.size()); }
  const Eigen::VectorXd& rhs() const { return rhs_; }
  // out = A v: one pass.
  void multiply(const Eigen::VectorXd& v, Eigen::VectorXd& out) const;
  // z = M^-1 r for the block-diagonal preconditioner M (ridge_cg.hpp), O(d).
  void precondition(const Eigen::VectorXd& r, Eigen::VectorXd& z) const;
  // The minimum-norm representative of beta along the null directions one-hot encoding makes
  // when alpha = 0: the levels of a category every row has (they sum to the intercept's column)
  // and levels no row of positive weight has.
  void remove_one_hot_null_directions(Eigen::VectorXd& beta) const;
  double intercept(const Eigen::VectorXd& beta) const { return ybar_ - xbar_.dot(beta); }

 private:
  void compute_means();
  void compute_rhs_and_dense_gram();
  void factor_preconditioner();

  const DesignSource& data_;
  const OneHotLayout& layout_;
  double alpha_;
  double weight_ = 0;  // sum of the weights
  double ybar_ = 0;
  Eigen::VectorXd xbar_;           // d: the weighted means of every column
  Eigen::VectorXd column_weight_;  // d: sum of the weights of the rows a one-hot column has
  // d: a one-hot column's group, or one of these.
  static constexpr std::int32_t kWeightless = -1;  // a one-hot column no weighted row has
  static constexpr std::int32_t kDense = -2;
  std::vector<std::int32_t> group_of_;
  std::vector<double> group_missing_;  // per group: the weight of rows without a level
  Eigen::VectorXd rhs_;
  Eigen::MatrixXd dense_gram_;  // p x p centred Gram of the dense columns (lower triangle)
  // Preconditioner: the dense block exactly (LDLT) or its diagonal; each group's block
  // diag(c + alpha) - c c' / W by Sherman-Morrison, or its diagonal when that is singular.
  Eigen::LDLT<Eigen::MatrixXd> dense_factor_;
  bool dense_exact_ = false;
  Eigen::VectorXd inverse_diagonal_;       // d: 1 / D_j (Jacobi where the block is not used)
  std::vector<double> group_denominator_;  // per group: W - c' D^-1 c, or 0 for Jacobi
};

}  // namespace mlctl::solvers
