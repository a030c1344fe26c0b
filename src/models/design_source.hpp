#pragma once
// The encoded training data as the solvers see it: blocks of rows of the design matrix X
// (after imputation, scaling and one-hot encoding), with targets and sample weights.
// Solvers stream over the blocks (several passes are fine) and keep only O(d^2) state, so
// the full n x d matrix is never built.

#include <cstddef>
#include <functional>

#include <Eigen/Dense>

namespace mlctl::models {

using BlockVisitor = std::function<void(const Eigen::MatrixXd& X,    // rows x features()
                                        const Eigen::VectorXd& y,    // value, or class 0..K-1
                                        const Eigen::VectorXd& w)>;  // sample weights

class DesignSource {
 public:
  virtual ~DesignSource() = default;
  virtual std::size_t rows() const = 0;
  virtual std::size_t features() const = 0;
  // Visits consecutive blocks covering every row exactly once, in the same order each call.
  virtual void for_each_block(const BlockVisitor& visit) const = 0;
};

// A DesignSource over matrices already in memory (tests, small data).
class MatrixSource final : public DesignSource {
 public:
  // `w` empty means every weight is 1.
  MatrixSource(Eigen::MatrixXd X, Eigen::VectorXd y, Eigen::VectorXd w = {},
               std::size_t block_rows = 4096);
  std::size_t rows() const override { return static_cast<std::size_t>(X_.rows()); }
  std::size_t features() const override { return static_cast<std::size_t>(X_.cols()); }
  void for_each_block(const BlockVisitor& visit) const override;

 private:
  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  Eigen::VectorXd w_;
  std::size_t block_rows_;
};

}  // namespace mlctl::models
