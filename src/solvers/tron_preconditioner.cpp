#include "solvers/tron_preconditioner.hpp"

#include <cmath>

namespace mlctl::solvers {

Eigen::MatrixXd factor_block(Eigen::MatrixXd block, const Eigen::MatrixXd& nulls) {
  const Eigen::Index K = block.rows();
  const double mean = block.trace() / static_cast<double>(K);
  for (Eigen::Index c = 0; c < nulls.cols(); ++c) {
    const double length = nulls.col(c).squaredNorm();
    if (length > 0) block += (mean / length) * nulls.col(c) * nulls.col(c).transpose();
  }
  Eigen::LLT<Eigen::MatrixXd> llt(block);
  if (llt.info() != Eigen::Success && mean > 0 && std::isfinite(mean)) {
    llt.compute(block + 1e-10 * mean * static_cast<double>(K) * Eigen::MatrixXd::Identity(K, K));
  }
  if (llt.info() != Eigen::Success || !llt.matrixL().toDenseMatrix().allFinite()) {
    return Eigen::MatrixXd::Identity(K, K);
  }
  return llt.matrixL();
}

TronPreconditioner::TronPreconditioner(const Objective& f, const Eigen::VectorXd& x) {
  HessianBlocks blocks;
  if (f.hessian_blocks(x, blocks) && blocks.size > 1) {
    size_ = blocks.size;
    const Eigen::Index K = size_, stride = blocks.entries.rows();
    const Eigen::MatrixXd nulls = f.null_directions();
    factors_.resize(stride, K * K);
    Eigen::MatrixXd restricted(K, nulls.cols());
    for (Eigen::Index j = 0; j < stride; ++j) {
      for (Eigen::Index k = 0; k < K; ++k) restricted.row(k) = nulls.row(j + k * stride);
      const Eigen::MatrixXd L = factor_block(blocks.entries.row(j).reshaped(K, K), restricted);
      factors_.row(j) = L.reshaped().transpose();
    }
    return;
  }
  // The whole diagonal, not LIBLINEAR's mix of 0.01 of it into the identity (Hsia, Chiang &
  // Lin 2018): one-hot columns' curvatures span orders of magnitude (Zipf-like level counts);
  // binary, 20k rows, a 1000-level category: 136 products at 0.01, 74 at 0.1, 33 at 1; bench
  // shape b, binary: 4.4 s of CPU at 0.01, 1.5 s at 1. alpha keeps every entry >= alpha on the
  // penalised coefficients.
  Eigen::VectorXd diagonal;
  scale_ = f.hessian_diagonal(x, diagonal) ? Eigen::VectorXd(diagonal.array().rsqrt())
                                           : Eigen::VectorXd::Ones(x.size());
}

// Per block j, the triangular solve L' y = v_j (C v) or L y = v_j (C' v).
template <bool kTransposed>
Eigen::VectorXd TronPreconditioner::solve(const Eigen::VectorXd& v) const {
  const Eigen::Index K = size_, stride = factors_.rows();
  Eigen::VectorXd out(v.size());
  Eigen::MatrixXd L(K, K);
  Eigen::VectorXd part(K);
  for (Eigen::Index j = 0; j < stride; ++j) {
    L.reshaped() = factors_.row(j).transpose();
    for (Eigen::Index k = 0; k < K; ++k) part(k) = v(j + k * stride);
    if (kTransposed) {
      L.triangularView<Eigen::Lower>().solveInPlace(part);
    } else {
      L.triangularView<Eigen::Lower>().transpose().solveInPlace(part);
    }
    for (Eigen::Index k = 0; k < K; ++k) out(j + k * stride) = part(k);
  }
  return out;
}

Eigen::VectorXd TronPreconditioner::apply(const Eigen::VectorXd& v) const {
  return size_ > 0 ? solve<false>(v) : Eigen::VectorXd(scale_.cwiseProduct(v));
}

Eigen::VectorXd TronPreconditioner::apply_transposed(const Eigen::VectorXd& v) const {
  return size_ > 0 ? solve<true>(v) : Eigen::VectorXd(scale_.cwiseProduct(v));
}

}  // namespace mlctl::solvers
