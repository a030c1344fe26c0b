#pragma once
// Products of the logistic losses' passes with one block of a DesignSource, of either kind:
// Xa P (the scores) and Xa' T (gradients, Hessian-vector products), Xa = [X, 1]. One-hot blocks
// (design_source.hpp) are read as one column index per group and row, never expanded, so a pass
// costs rows x (dense columns + groups), not rows x features.

#include <optional>

#include <Eigen/Dense>

#include "solvers/design_source.hpp"

namespace mlctl::solvers {

class BlockProducts {
 public:
  // P: (features + 1) x columns, the last row multiplying the constant column. Both references
  // must outlive the object. One object per thread.
  BlockProducts(const DesignSource& data, const Eigen::MatrixXd& P);

  // Loads block `index`; then Z = Xa P (rows x P.cols()); returns the block's weights.
  const Eigen::VectorXd& scores(std::size_t index, Eigen::MatrixXd& Z);
  // The targets of the block loaded last.
  const Eigen::VectorXd& targets() const;
  // G += Xa' T for the block loaded last (G: (features + 1) x T.cols()); with `squares`,
  // (Xa .* Xa)' T instead (a Hessian's diagonal). One-hot entries are 1 either way.
  void add_transposed(const Eigen::MatrixXd& T, Eigen::Ref<Eigen::MatrixXd> G, bool squares);
  // The block loaded last as a dense X: stored, or expanded into `scratch` (a Hessian pass).
  const Eigen::MatrixXd& dense_block(Block& scratch) const;

 private:
  const DesignSource& data_;
  const Eigen::MatrixXd& P_;
  const OneHotLayout* layout_ = nullptr;
  Eigen::MatrixXd dense_P_, dense_G_;
  Block scratch_;
  OneHotBlock one_hot_scratch_;
  const Block* block_ = nullptr;
  std::optional<OneHotView> one_hot_;
  // A one-hot block's targets and weights, copied: the losses take them as vectors.
  Eigen::VectorXd y_, w_;
};

}  // namespace mlctl::solvers
