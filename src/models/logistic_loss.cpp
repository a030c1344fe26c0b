#include "models/logistic_loss.hpp"

#include <cmath>

#include "models/logistic_math.hpp"
#include "models/weighted_gram.hpp"

namespace mlctl::models {

namespace {

Eigen::Index width(const DesignSource& data) {
  return static_cast<Eigen::Index>(data.features()) + 1;  // features and the intercept
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

double BinaryLogisticLoss::evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                    Eigen::MatrixXd* hessian) const {
  const Eigen::Index d = width(data_) - 1;
  const auto beta = x.head(d);
  const double b = x(d);
  gradient.setZero(d + 1);
  if (hessian) hessian->setZero(d + 1, d + 1);
  double loss = 0;
  Eigen::VectorXd z, residual, curvature;
  data_.for_each_block(
      [&](const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w) {
        const Eigen::Index n = X.rows();
        z.noalias() = X * beta;
        residual.resize(n);
        curvature.resize(n);
        for (Eigen::Index i = 0; i < n; ++i) {
          const double zi = z(i) + b;
          const double p = sigmoid(zi);
          loss += w(i) * (softplus(zi) - y(i) * zi);
          residual(i) = w(i) * (p - y(i));
          curvature(i) = w(i) * p * (1 - p);
        }
        gradient.head(d).noalias() += X.transpose() * residual;
        gradient(d) += residual.sum();
        if (hessian) add_weighted_gram(*hessian, X, curvature, 1.0);
      });
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

double MultinomialLogisticLoss::evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                         Eigen::MatrixXd* hessian) const {
  const Eigen::Index stride = width(data_);
  const Eigen::Index d = stride - 1;
  const Eigen::Index K = num_classes_;
  // Column k holds [W_k; b_k].
  const Eigen::Map<const Eigen::MatrixXd> params(x.data(), stride, K);
  gradient.setZero(dimension());
  Eigen::Map<Eigen::MatrixXd> grad(gradient.data(), stride, K);
  if (hessian) hessian->setZero(dimension(), dimension());
  double loss = 0;
  Eigen::MatrixXd scores, residual;
  Eigen::VectorXd curvature;
  data_.for_each_block(
      [&](const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w) {
        const Eigen::Index n = X.rows();
        scores.noalias() = X * params.topRows(d);
        scores.rowwise() += params.row(d);
        residual.resize(n, K);
        for (Eigen::Index i = 0; i < n; ++i) {
          const int label = class_index(y(i), num_classes_);
          const double top = scores.row(i).maxCoeff();
          const double log_normaliser = top + std::log((scores.row(i).array() - top).exp().sum());
          loss += w(i) * (log_normaliser - scores(i, label));
          // residual holds the probabilities until the weighted gradient needs it
          residual.row(i) = (scores.row(i).array() - log_normaliser).exp();
        }
        if (hessian) {
          // Block (k, l) of the Hessian: Xa' diag(w p_k (delta_kl - p_l)) Xa; symmetric itself,
          // positive for k = l, negative for k != l.
          for (Eigen::Index k = 0; k < K; ++k) {
            for (Eigen::Index l = 0; l <= k; ++l) {
              if (k == l) {
                curvature = w.array() * residual.col(k).array() * (1 - residual.col(k).array());
              } else {
                curvature = w.array() * residual.col(k).array() * residual.col(l).array();
              }
              add_weighted_gram(hessian->block(k * stride, l * stride, stride, stride), X,
                                curvature, k == l ? 1.0 : -1.0);
            }
          }
        }
        for (Eigen::Index i = 0; i < n; ++i) {
          residual(i, static_cast<Eigen::Index>(y(i))) -= 1;
          residual.row(i) *= w(i);
        }
        grad.topRows(d).noalias() += X.transpose() * residual;
        grad.row(d) += residual.colwise().sum();
      });
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

}  // namespace mlctl::models
