#include "solvers/logistic_loss.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "solvers/block_products.hpp"
#include "solvers/logistic_math.hpp"
#include "solvers/weighted_gram.hpp"

namespace mlctl::solvers {

namespace {

Eigen::Index width(const DesignSource& data) {
  return static_cast<Eigen::Index>(data.features()) + 1;  // features and the intercept
}

// One part's sums (design_source.hpp: parts are added in order, for any thread count).
struct Partial {
  double loss = 0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;  // lower triangle(s)
};

// One allreduce for a pass's loss, gradient and the Hessian's lower triangle (all the Hessian
// passes fill: the multinomial blocks below the diagonal lie wholly in it).
void sum_over_ranks(const DesignSource& data, double& loss, Eigen::VectorXd& gradient,
                    Eigen::MatrixXd* hessian) {
  const Eigen::Index dim = gradient.size();
  std::vector<double> packed;
  packed.reserve(static_cast<std::size_t>(1 + dim + (hessian ? dim * (dim + 1) / 2 : 0)));
  packed.push_back(loss);
  packed.insert(packed.end(), gradient.data(), gradient.data() + dim);
  if (hessian) {
    for (Eigen::Index j = 0; j < dim; ++j) {
      packed.insert(packed.end(), hessian->col(j).data() + j, hessian->col(j).data() + dim);
    }
  }
  solvers::sum_over_ranks(data, packed);
  loss = packed[0];
  gradient = Eigen::Map<const Eigen::VectorXd>(packed.data() + 1, dim);
  if (hessian) {
    const double* next = packed.data() + 1 + dim;
    for (Eigen::Index j = 0; j < dim; ++j) {
      std::copy(next, next + (dim - j), hessian->col(j).data() + j);
      next += dim - j;
    }
  }
}

// The pass both losses make: add_blocks(sums, first, end) adds the loss, gradient and (when
// `hessian` is set) Hessian of blocks [first, end) to a part's sums, zeroed for `dim`
// parameters; the parts' sums are then added in order into `gradient` and `*hessian`, and
// summed over the ranks (sum_over_ranks). Returns the loss.
template <class AddBlocks>
double sum_over_parts(const DesignSource& data, Eigen::Index dim, Eigen::VectorXd& gradient,
                      Eigen::MatrixXd* hessian, AddBlocks&& add_blocks) {
  const std::size_t max_parts = max_parts_for_state(static_cast<std::size_t>(dim * dim));
  std::vector<Partial> partials(part_count(data, max_parts));
  for_each_part(data, max_parts, [&](std::size_t part, std::size_t first, std::size_t end) {
    Partial& sums = partials[part];
    sums.gradient.setZero(dim);
    if (hessian) sums.hessian.setZero(dim, dim);
    add_blocks(sums, first, end);
  });
  gradient.setZero(dim);
  if (hessian) hessian->setZero(dim, dim);
  double loss = 0;
  for (const Partial& sums : partials) {
    loss += sums.loss;
    gradient += sums.gradient;
    if (hessian) *hessian += sums.hessian;
  }
  if (data.communicator() != nullptr) sum_over_ranks(data, loss, gradient, hessian);
  return loss;
}

}  // namespace

Eigen::Index BinaryLogisticLoss::dimension() const {
  return width(data_);
}

double BinaryLogisticLoss::value_gradient(const Eigen::VectorXd& x,
                                          Eigen::VectorXd& gradient) const {
  return evaluate(x, gradient, nullptr);
}

double BinaryLogisticLoss::value_gradient_hessian(const Eigen::VectorXd& x,
                                                  Eigen::VectorXd& gradient,
                                                  Eigen::MatrixXd& hessian) const {
  return evaluate(x, gradient, &hessian);
}

namespace {

// A block's loss (added to `loss`), residuals w (p - y) and curvatures w p (1 - p), from its
// scores z = x' beta (without the intercept b).
// `Vector`: a block's own (Eigen::VectorXd) or a view of stored ones (OneHotView::Vector).
template <class Vector>
void binary_terms(const Eigen::VectorXd& z, double b, const Vector& y, const Vector& w,
                  double& loss, Eigen::VectorXd& residual, Eigen::VectorXd& curvature) {
  const Eigen::Index n = z.size();
  residual.resize(n);
  curvature.resize(n);
  // With unit weights, the rows' log(1 + e) are summed as logs of products of kFactors
  // factors, each in [1, 2] (no overflow): one log per kFactors rows instead of a log1p per
  // row, the costliest step of a pass. The loss only steers the line search; the gradient,
  // and so the optimum, do not use it.
  constexpr int kFactors = 8;
  const bool unit_weights = (w.array() == 1.0).all();
  double linear = 0;
  double logs = 0;
  double product = 1;
  int factors = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double zi = z(i) + b;
    // One exp for both: sigmoid and softplus of logistic_math.hpp.
    const double e = std::exp(-std::abs(zi));
    const double p = zi >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    if (unit_weights) {
      linear += (zi > 0 ? zi : 0.0) - y(i) * zi;
      product *= 1.0 + e;
      if (++factors == kFactors) {
        logs += std::log(product);
        product = 1;
        factors = 0;
      }
    } else {
      loss += w(i) * ((zi > 0 ? zi : 0.0) + std::log1p(e) - y(i) * zi);
    }
    residual(i) = w(i) * (p - y(i));
    curvature(i) = w(i) * p * (1 - p);
  }
  if (unit_weights) loss += linear + (logs + std::log(product));
}

}  // namespace

double BinaryLogisticLoss::evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                    Eigen::MatrixXd* hessian) const {
  const Eigen::Index d = width(data_) - 1;
  const auto beta = x.head(d);
  const double b = x(d);
  const OneHotLayout* layout = data_.one_hot_layout();
  const auto add_blocks = [&](Partial& sums, std::size_t first, std::size_t end) {
    Block scratch;
    Eigen::VectorXd z, residual, curvature;
    Eigen::MatrixXd scaled;
    for (std::size_t index = first; index < end; ++index) {
      const Block& block = data_.block(index, scratch);
      const Eigen::MatrixXd& X = block.X;
      z.noalias() = X * beta;
      binary_terms(z, b, block.y, block.w, sums.loss, residual, curvature);
      sums.gradient.head(d).noalias() += X.transpose() * residual;
      sums.gradient(d) += residual.sum();
      if (hessian) add_weighted_gram(sums.hessian, X, curvature, 1.0, scaled);
    }
  };
  // The same sums from one-hot blocks: the dense columns by matrix products, each group's
  // column by its index. A Hessian pass expands the block (in cache) for the rank update.
  Eigen::VectorXd dense_beta;
  if (layout != nullptr) {
    dense_beta.resize(static_cast<Eigen::Index>(layout->dense.size()));
    for (std::size_t j = 0; j < layout->dense.size(); ++j) {
      dense_beta(static_cast<Eigen::Index>(j)) = beta(layout->dense[j]);
    }
  }
  const auto add_one_hot_blocks = [&](Partial& sums, std::size_t first, std::size_t end) {
    OneHotBlock scratch;
    Block expanded;
    Eigen::VectorXd z, residual, curvature, dense_gradient;
    Eigen::MatrixXd scaled;
    for (std::size_t index = first; index < end; ++index) {
      const OneHotView block = data_.one_hot_block(index, scratch);
      const Eigen::Index n = block.dense.rows();
      z.noalias() = block.dense * dense_beta;
      for (Eigen::Index g = 0; g < block.active.cols(); ++g) {
        for (Eigen::Index i = 0; i < n; ++i) {
          const auto k = block.active(i, g);
          if (k >= 0) z(i) += beta(k);
        }
      }
      binary_terms(z, b, block.y, block.w, sums.loss, residual, curvature);
      dense_gradient.noalias() = block.dense.transpose() * residual;
      for (std::size_t j = 0; j < layout->dense.size(); ++j) {
        sums.gradient(layout->dense[j]) += dense_gradient(static_cast<Eigen::Index>(j));
      }
      for (Eigen::Index g = 0; g < block.active.cols(); ++g) {
        for (Eigen::Index i = 0; i < n; ++i) {
          const auto k = block.active(i, g);
          if (k >= 0) sums.gradient(k) += residual(i);
        }
      }
      sums.gradient(d) += residual.sum();
      if (hessian) {
        block.expand(*layout, d, expanded);
        add_weighted_gram(sums.hessian, expanded.X, curvature, 1.0, scaled);
      }
    }
  };
  const double loss = layout != nullptr
                          ? sum_over_parts(data_, d + 1, gradient, hessian, add_one_hot_blocks)
                          : sum_over_parts(data_, d + 1, gradient, hessian, add_blocks);
  gradient.head(d) += alpha_ * beta;
  if (hessian) {
    symmetrize_from_lower(*hessian);
    hessian->diagonal().head(d).array() += alpha_;
  }
  return loss + 0.5 * alpha_ * beta.squaredNorm();
}

Eigen::Index MultinomialLogisticLoss::dimension() const {
  return num_classes_ * width(data_);
}

double MultinomialLogisticLoss::value_gradient(const Eigen::VectorXd& x,
                                               Eigen::VectorXd& gradient) const {
  return evaluate(x, gradient, nullptr);
}

double MultinomialLogisticLoss::value_gradient_hessian(const Eigen::VectorXd& x,
                                                       Eigen::VectorXd& gradient,
                                                       Eigen::MatrixXd& hessian) const {
  return evaluate(x, gradient, &hessian);
}

Eigen::MatrixXd MultinomialLogisticLoss::null_directions() const {
  const Eigen::Index stride = width(data_);
  Eigen::MatrixXd shift_intercepts = Eigen::MatrixXd::Zero(dimension(), 1);
  for (Eigen::Index k = 0; k < num_classes_; ++k) shift_intercepts(k * stride + stride - 1, 0) = 1;
  return shift_intercepts;
}

namespace {

// A block's softmax: adds its loss to `loss` and leaves the class probabilities in `P`.
void softmax_rows(const Eigen::MatrixXd& scores, const Eigen::VectorXd& y, const Eigen::VectorXd& w,
                  int num_classes, double& loss, Eigen::MatrixXd& P) {
  const Eigen::Index n = scores.rows();
  P.resize(n, num_classes);
  for (Eigen::Index i = 0; i < n; ++i) {
    const int label = class_index(y(i), num_classes);
    const double top = scores.row(i).maxCoeff();
    const double log_normaliser = top + std::log((scores.row(i).array() - top).exp().sum());
    loss += w(i) * (log_normaliser - scores(i, label));
    P.row(i) = (scores.row(i).array() - log_normaliser).exp();
  }
}

// Adds a block's Hessian (lower triangles): block (k, l) is Xa' diag(w p_k (delta_kl - p_l)) Xa;
// symmetric itself, positive for k = l, negative for k != l.
void add_multinomial_hessian(Eigen::MatrixXd& hessian, const Eigen::MatrixXd& X,
                             const Eigen::MatrixXd& P, const Eigen::VectorXd& w,
                             Eigen::MatrixXd& scaled) {
  const Eigen::Index K = P.cols();
  const Eigen::Index stride = X.cols() + 1;
  Eigen::VectorXd curvature;
  for (Eigen::Index k = 0; k < K; ++k) {
    for (Eigen::Index l = 0; l <= k; ++l) {
      if (k == l) {
        curvature = w.array() * P.col(k).array() * (1 - P.col(k).array());
      } else {
        curvature = w.array() * P.col(k).array() * P.col(l).array();
      }
      add_weighted_gram(hessian.block(k * stride, l * stride, stride, stride), X, curvature,
                        k == l ? 1.0 : -1.0, scaled);
    }
  }
}

}  // namespace

double MultinomialLogisticLoss::evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                         Eigen::MatrixXd* hessian) const {
  const Eigen::Index stride = width(data_);
  const Eigen::Index d = stride - 1;
  const Eigen::Index K = num_classes_;
  const Eigen::Index dim = dimension();
  // Column k holds [W_k; b_k].
  const Eigen::MatrixXd params = Eigen::Map<const Eigen::MatrixXd>(x.data(), stride, K);
  // One-hot blocks are read by index (block_products.hpp); only a Hessian pass expands them.
  const auto add_blocks = [&](Partial& sums, std::size_t first, std::size_t end) {
    Eigen::Map<Eigen::MatrixXd> grad(sums.gradient.data(), stride, K);
    BlockProducts products(data_, params);
    Block expanded;
    Eigen::MatrixXd scores, residual, scaled;
    for (std::size_t index = first; index < end; ++index) {
      const Eigen::VectorXd& w = products.scores(index, scores);
      const Eigen::VectorXd& y = products.targets();
      // residual holds the probabilities until the weighted gradient needs it
      softmax_rows(scores, y, w, num_classes_, sums.loss, residual);
      if (hessian) {
        add_multinomial_hessian(sums.hessian, products.dense_block(expanded), residual, w, scaled);
      }
      for (Eigen::Index i = 0; i < residual.rows(); ++i) {
        residual(i, static_cast<Eigen::Index>(y(i))) -= 1;
        residual.row(i) *= w(i);
      }
      products.add_transposed(residual, grad, false);
    }
  };
  const double loss = sum_over_parts(data_, dim, gradient, hessian, add_blocks);
  Eigen::Map<Eigen::MatrixXd> grad(gradient.data(), stride, K);
  grad.topRows(d) += alpha_ * params.topRows(d);
  if (hessian) {
    for (Eigen::Index k = 0; k < K; ++k) {
      for (Eigen::Index l = 0; l <= k; ++l) {
        auto block = hessian->block(k * stride, l * stride, stride, stride);
        symmetrize_from_lower(block);
        if (k != l) hessian->block(l * stride, k * stride, stride, stride) = block.transpose();
      }
      hessian->diagonal().segment(k * stride, d).array() += alpha_;
    }
  }
  return loss + 0.5 * alpha_ * params.topRows(d).squaredNorm();
}

}  // namespace mlctl::solvers
