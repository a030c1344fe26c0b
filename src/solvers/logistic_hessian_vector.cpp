// Hessian-vector products and Hessian diagonals of the logistic losses (logistic_loss.hpp) for
// TRON (tron.hpp), without forming the Hessian. With Xa = [X, 1] and curvature weights from the
// point x:
//   binary:      H v = Xa' diag(w p (1 - p)) Xa v          (+ alpha v on beta)
//   multinomial: (H V)_k = Xa' [w p_k (U_k - sum_l p_l U_l)], U = Xa V   (+ alpha V_k on W_k)
// and the diagonals the same with (Xa .* Xa)' in place of Xa', p_k (1 - p_k) for the curvature
// (the multinomial's K x K diagonal blocks: w p_k (delta_kl - p_l) for each pair k, l).
// One pass computes the scores Xa [x | v] together (or only Xa v, when the diagonal's pass at x
// kept the rows' curvatures: CurvatureCache), then adds Xa' T to per-part sums added in part
// order (the result does not depend on the thread count), then summed over the ranks (one
// allreduce per product or diagonal). One-hot blocks are read as one column index per group
// and row, never expanded. The cache is this rank's: it holds its own rows' terms.

#include <cmath>
#include <vector>

#include "solvers/block_products.hpp"
#include "solvers/logistic_loss.hpp"
#include "solvers/logistic_math.hpp"

namespace mlctl::solvers {

namespace {

// Sum over blocks of Xa' T(block) (with `squares`, (Xa .* Xa)' T), T from the block's index,
// scores Xa P and weights: the parts' sums ((features + 1) x columns each) added in part order.
template <class Curvature>
Eigen::MatrixXd sum_of_products(const DesignSource& data, const Eigen::MatrixXd& P,
                                Eigen::Index columns, bool squares, CurvatureCache& kept,
                                Curvature&& curvature) {
  const Eigen::Index stride = P.rows();
  const std::size_t max_parts = max_parts_for_state(static_cast<std::size_t>(stride * columns));
  std::vector<Eigen::MatrixXd>& partials = kept.sums;
  partials.resize(part_count(data, max_parts));
  for_each_part(data, max_parts, [&](std::size_t part, std::size_t first, std::size_t end) {
    Eigen::MatrixXd& sums = partials[part];
    sums.setZero(stride, columns);
    BlockProducts products(data, P);
    Eigen::MatrixXd Z, T;
    for (std::size_t index = first; index < end; ++index) {
      const Eigen::VectorXd& w = products.scores(index, Z);
      curvature(index, Z, w, T);
      products.add_transposed(T, sums, squares);
    }
  });
  Eigen::MatrixXd total = Eigen::MatrixXd::Zero(stride, columns);
  for (const Eigen::MatrixXd& sums : partials) total += sums;
  sum_over_ranks(data, {total.data(), static_cast<std::size_t>(total.size())});
  return total;
}

// Whether `cache` holds the terms at x; else, when they would fit, makes it ready to be filled
// for x (one matrix per block, written by the pass that computes them) and returns false.
bool cached_at(CurvatureCache& cache, const DesignSource& data, const Eigen::VectorXd& x,
               Eigen::Index columns) {
  if (cache.x.size() == x.size() && cache.x == x) return true;
  cache.x.resize(0);
  const double bytes = static_cast<double>(data.rows()) * static_cast<double>(columns) * 8.0;
  cache.blocks.resize(bytes <= kCurvatureCacheBytes ? data.block_count() : 0);
  return false;
}

// The rows' class probabilities from their scores Z (rows x K).
void probabilities(const Eigen::MatrixXd& Z, Eigen::MatrixXd& p) {
  p.resize(Z.rows(), Z.cols());
  for (Eigen::Index i = 0; i < Z.rows(); ++i) {
    p.row(i) = (Z.row(i).array() - Z.row(i).maxCoeff()).exp();
    p.row(i) /= p.row(i).sum();
  }
}

}  // namespace

void BinaryLogisticLoss::hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v,
                                        Eigen::VectorXd& out) const {
  const Eigen::Index stride = dimension();
  if (cache_.x.size() == x.size() && cache_.x == x) {
    // Z = Xa v; T = (w p (1 - p)) u from the cache.
    const auto cached = [this](std::size_t index, const Eigen::MatrixXd& Z, const Eigen::VectorXd&,
                               Eigen::MatrixXd& T) { T = cache_.blocks[index].cwiseProduct(Z); };
    out = sum_of_products(data_, v, 1, false, cache_, cached).col(0);
  } else {
    Eigen::MatrixXd P(stride, 2);
    P.col(0) = x;
    P.col(1) = v;
    // Z = [z, u]: scores and Xa v; T = w p (1 - p) u.
    const auto curvature = [](std::size_t, const Eigen::MatrixXd& Z, const Eigen::VectorXd& w,
                              Eigen::MatrixXd& T) {
      T.resize(Z.rows(), 1);
      for (Eigen::Index i = 0; i < Z.rows(); ++i) {
        const double p = sigmoid(Z(i, 0));
        T(i, 0) = w(i) * p * (1 - p) * Z(i, 1);
      }
    };
    out = sum_of_products(data_, P, 1, false, cache_, curvature).col(0);
  }
  out.head(stride - 1) += alpha_ * v.head(stride - 1);
}

void MultinomialLogisticLoss::hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v,
                                             Eigen::VectorXd& out) const {
  const Eigen::Index stride = dimension() / num_classes_;
  const Eigen::Index K = num_classes_;
  const bool cached = cache_.x.size() == x.size() && cache_.x == x;
  Eigen::MatrixXd P(stride, cached ? K : 2 * K);
  P.rightCols(K) = Eigen::Map<const Eigen::MatrixXd>(v.data(), stride, K);
  if (!cached) P.leftCols(K) = Eigen::Map<const Eigen::MatrixXd>(x.data(), stride, K);
  // Z = [scores, U] (cached: U, the probabilities p from the cache);
  // T_k = w p_k (U_k - sum_l p_l U_l).
  const auto curvature = [this, K, cached](std::size_t index, const Eigen::MatrixXd& Z,
                                           const Eigen::VectorXd& w, Eigen::MatrixXd& T) {
    T.resize(Z.rows(), K);
    Eigen::RowVectorXd p(K);
    for (Eigen::Index i = 0; i < Z.rows(); ++i) {
      if (cached) {
        p = cache_.blocks[index].row(i);
      } else {
        const double top = Z.row(i).head(K).maxCoeff();
        p = (Z.row(i).head(K).array() - top).exp();
        p /= p.sum();
      }
      const double mean_u = p.dot(Z.row(i).tail(K));
      T.row(i) = w(i) * p.array() * (Z.row(i).tail(K).array() - mean_u);
    }
  };
  const Eigen::MatrixXd HV = sum_of_products(data_, P, K, false, cache_, curvature);
  out.resize(dimension());
  Eigen::Map<Eigen::MatrixXd> result(out.data(), stride, K);
  result = HV;
  result.topRows(stride - 1) += alpha_ * P.rightCols(K).topRows(stride - 1);
}

bool BinaryLogisticLoss::hessian_diagonal(const Eigen::VectorXd& x,
                                          Eigen::VectorXd& diagonal) const {
  const Eigen::Index stride = dimension();
  const Eigen::MatrixXd P = x;
  const bool filled = cached_at(cache_, data_, x, 1);
  const bool fill = !filled && !cache_.blocks.empty();
  const auto curvature = [this, filled, fill](std::size_t index, const Eigen::MatrixXd& Z,
                                              const Eigen::VectorXd& w, Eigen::MatrixXd& T) {
    if (filled) {
      T = cache_.blocks[index];
      return;
    }
    T.resize(Z.rows(), 1);
    for (Eigen::Index i = 0; i < Z.rows(); ++i) {
      const double p = sigmoid(Z(i, 0));
      T(i, 0) = w(i) * p * (1 - p);
    }
    if (fill) cache_.blocks[index] = T;
  };
  diagonal = sum_of_products(data_, P, 1, true, cache_, curvature).col(0);
  diagonal.head(stride - 1).array() += alpha_;
  if (fill) cache_.x = x;
  return true;
}

bool MultinomialLogisticLoss::hessian_diagonal(const Eigen::VectorXd& x,
                                               Eigen::VectorXd& diagonal) const {
  const Eigen::Index stride = dimension() / num_classes_;
  const Eigen::Index K = num_classes_;
  const Eigen::MatrixXd P = Eigen::Map<const Eigen::MatrixXd>(x.data(), stride, K);
  const bool filled = cached_at(cache_, data_, x, K);
  const bool fill = !filled && !cache_.blocks.empty();
  // T_k = w p_k (1 - p_k): the diagonal blocks' curvatures.
  const auto curvature = [this, K, filled, fill](std::size_t index, const Eigen::MatrixXd& Z,
                                                 const Eigen::VectorXd& w, Eigen::MatrixXd& T) {
    Eigen::MatrixXd own;
    Eigen::MatrixXd& p = cache_.blocks.empty() ? own : cache_.blocks[index];
    if (!filled) probabilities(Z, p);
    T.resize(Z.rows(), K);
    for (Eigen::Index i = 0; i < Z.rows(); ++i) {
      T.row(i) = w(i) * p.row(i).array() * (1 - p.row(i).array());
    }
  };
  const Eigen::MatrixXd D = sum_of_products(data_, P, K, true, cache_, curvature);
  diagonal.resize(dimension());
  Eigen::Map<Eigen::MatrixXd> result(diagonal.data(), stride, K);
  result = D;
  result.topRows(stride - 1).array() += alpha_;
  if (fill) cache_.x = x;
  return true;
}

bool MultinomialLogisticLoss::hessian_blocks(const Eigen::VectorXd& x,
                                             HessianBlocks& blocks) const {
  const Eigen::Index stride = dimension() / num_classes_;
  const Eigen::Index K = num_classes_;
  const Eigen::Index pairs = K * (K + 1) / 2;
  const Eigen::MatrixXd P = Eigen::Map<const Eigen::MatrixXd>(x.data(), stride, K);
  const bool filled = cached_at(cache_, data_, x, K);
  const bool fill = !filled && !cache_.blocks.empty();
  // T_(k,l) = w p_k (delta_kl - p_l) for l <= k, one column per pair: (Xa .* Xa)' T sums
  // each column's blocks (lower triangles) in the diagonal's pass, K(K+1)/2 per row and column.
  const auto curvature = [this, K, pairs, filled](std::size_t index, const Eigen::MatrixXd& Z,
                                                  const Eigen::VectorXd& w, Eigen::MatrixXd& T) {
    Eigen::MatrixXd own;
    Eigen::MatrixXd& p = cache_.blocks.empty() ? own : cache_.blocks[index];
    if (!filled) probabilities(Z, p);
    T.resize(Z.rows(), pairs);
    Eigen::Index pair = 0;
    for (Eigen::Index k = 0; k < K; ++k) {
      const Eigen::ArrayXd wp = w.array() * p.col(k).array();
      for (Eigen::Index l = 0; l < k; ++l) T.col(pair++) = -wp * p.col(l).array();
      T.col(pair++) = wp * (1 - p.col(k).array());
    }
  };
  const Eigen::MatrixXd S = sum_of_products(data_, P, pairs, true, cache_, curvature);
  blocks.size = K;
  blocks.entries.resize(stride, K * K);
  Eigen::Index pair = 0;
  for (Eigen::Index k = 0; k < K; ++k) {
    for (Eigen::Index l = 0; l <= k; ++l, ++pair) {
      blocks.entries.col(k * K + l) = S.col(pair);
      blocks.entries.col(l * K + k) = S.col(pair);
    }
    blocks.entries.col(k * K + k).head(stride - 1).array() += alpha_;
  }
  if (fill) cache_.x = x;
  return true;
}

}  // namespace mlctl::solvers
