#include "models/ridge.hpp"

#include <cmath>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::models {

namespace {

struct WeightedMeans {
  Eigen::VectorXd x;
  double y = 0;
};

WeightedMeans weighted_means(const DesignSource& data) {
  const auto d = static_cast<Eigen::Index>(data.features());
  Eigen::VectorXd sum_x = Eigen::VectorXd::Zero(d);
  double sum_y = 0;
  double sum_w = 0;
  data.for_each_block(
      [&](const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w) {
        for (Eigen::Index i = 0; i < w.size(); ++i) {
          if (!(w(i) >= 0) || !std::isfinite(w(i))) {
            throw Error(ErrorKind::data,
                        fmt::format("sample weight {} is not a finite number >= 0", w(i)));
          }
        }
        sum_x.noalias() += X.transpose() * w;
        sum_y += w.dot(y);
        sum_w += w.sum();
      });
  if (!(sum_w > 0)) {
    throw Error(ErrorKind::data, "ridge regression needs at least one row of positive weight");
  }
  return {sum_x / sum_w, sum_y / sum_w};
}

}  // namespace

LinearModel fit_ridge(const DesignSource& data, const RidgeOptions& options) {
  if (!(options.alpha >= 0) || !std::isfinite(options.alpha)) {
    throw Error(ErrorKind::usage,
                fmt::format("ridge regression needs alpha >= 0, got {}", options.alpha));
  }
  const auto d = static_cast<Eigen::Index>(data.features());
  const WeightedMeans means = weighted_means(data);

  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(d, d);  // Xc' W Xc, lower triangle
  Eigen::VectorXd moment = Eigen::VectorXd::Zero(d);   // Xc' W yc
  Eigen::MatrixXd centred;
  Eigen::VectorXd root_w;
  data.for_each_block(
      [&](const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w) {
        root_w = w.array().sqrt();
        centred = X.rowwise() - means.x.transpose();
        moment.noalias() += centred.transpose() * (w.array() * (y.array() - means.y)).matrix();
        centred = root_w.asDiagonal() * centred;
        gram.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
      });
  for (Eigen::Index j = 1; j < d; ++j) {
    for (Eigen::Index i = 0; i < j; ++i) gram(i, j) = gram(j, i);
  }
  gram.diagonal().array() += options.alpha;

  Eigen::VectorXd beta = Eigen::VectorXd::Zero(d);
  if (d > 0) {
    bool solved = false;
    if (options.alpha > 0) {
      const Eigen::LDLT<Eigen::MatrixXd> ldlt(gram);
      if (ldlt.info() == Eigen::Success && ldlt.isPositive()) {
        beta = ldlt.solve(moment);
        solved = beta.allFinite();
      }
    }
    if (!solved) beta = gram.completeOrthogonalDecomposition().solve(moment);
  }

  LinearModel model;
  model.coef = beta.transpose();
  model.intercept = Eigen::VectorXd::Constant(1, means.y - means.x.dot(beta));
  return model;
}

}  // namespace mlctl::models
