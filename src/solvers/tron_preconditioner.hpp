#pragma once
// TRON's preconditioner (tron.cpp): M ~ H, used as M = (C C')^(-1), so that conjugate gradient
// runs on C' H C, better conditioned than H. From the Hessian's diagonal blocks when f gives
// them (a multinomial loss: K x K per feature, M = L L' per block, C = L^(-T)), else from its
// diagonal (C = M^(-1/2)), else the identity. The classes' coupling is what slows CG on a
// multinomial problem: the blocks capture it, the diagonal does not.

#include <vector>

#include <Eigen/Dense>

#include "solvers/objective.hpp"

namespace mlctl::solvers {

class TronPreconditioner {
 public:
  // From f's Hessian at x (blocks, else diagonal, else none).
  TronPreconditioner(const Objective& f, const Eigen::VectorXd& x);
  // C v: a step from the preconditioned space.
  Eigen::VectorXd apply(const Eigen::VectorXd& v) const;
  // C' v: a gradient or a Hessian product into it.
  Eigen::VectorXd apply_transposed(const Eigen::VectorXd& v) const;
  // Whether the blocks are used (tests).
  bool blockwise() const { return size_ > 0; }

 private:
  Eigen::VectorXd scale_;        // diagonal: C = diag(scale_)
  Eigen::Index size_ = 0;        // blocks: parameters per block (K), 0 for none
  Eigen::Index blocks_ = 0;      // blocks: how many (one per feature and the intercept)
  std::vector<double> factors_;  // blocks: block j's Cholesky factor L at j K^2, by columns
  template <bool kTransposed>
  Eigen::VectorXd solve(const Eigen::VectorXd& v) const;
};

// The Cholesky factor L (M = L L') of one symmetric K x K block `block` of M, made positive
// definite: each null direction of f restricted to the block (`nulls`' columns, e.g. a shift
// of all intercepts) is given the block's mean curvature (H is zero there and gradients have
// no component along it, so no step changes), and a block that still fails gets a ridge of
// 1e-10 of its trace, then the identity. Exposed for tests.
Eigen::MatrixXd factor_block(Eigen::MatrixXd block, const Eigen::MatrixXd& nulls);

}  // namespace mlctl::solvers
