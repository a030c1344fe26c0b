#include "models/ridge.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::models {

namespace {

struct WeightedMeans {
  Eigen::VectorXd x;
  double y = 0;
};

struct MeanSums {
  Eigen::VectorXd x;
  double y = 0;
  double w = 0;
};

WeightedMeans weighted_means(const DesignSource& data) {
  const auto d = static_cast<Eigen::Index>(data.features());
  const std::size_t max_parts = max_parts_for_state(static_cast<std::size_t>(d));
  std::vector<MeanSums> partials(part_count(data, max_parts));
  for_each_part(data, max_parts, [&](std::size_t part, std::size_t first, std::size_t end) {
    MeanSums& sums = partials[part];
    sums.x.setZero(d);
    Block scratch;
    for (std::size_t index = first; index < end; ++index) {
      const Block& block = data.block(index, scratch);
      const Eigen::VectorXd& w = block.w;
      for (Eigen::Index i = 0; i < w.size(); ++i) {
        if (!(w(i) >= 0) || !std::isfinite(w(i))) {
          throw Error(ErrorKind::data,
                      fmt::format("sample weight {} is not a finite number >= 0", w(i)));
        }
      }
      sums.x.noalias() += block.X.transpose() * w;
      sums.y += w.dot(block.y);
      sums.w += w.sum();
    }
  });
  Eigen::VectorXd sum_x = Eigen::VectorXd::Zero(d);
  double sum_y = 0;
  double sum_w = 0;
  for (const MeanSums& sums : partials) {
    sum_x += sums.x;
    sum_y += sums.y;
    sum_w += sums.w;
  }
  if (!(sum_w > 0)) {
    throw Error(ErrorKind::data, "ridge regression needs at least one row of positive weight");
  }
  return {sum_x / sum_w, sum_y / sum_w};
}

struct GramSums {
  Eigen::MatrixXd gram;    // Xc' W Xc, lower triangle
  Eigen::VectorXd moment;  // Xc' W yc
};

}  // namespace

LinearModel fit_ridge(const DesignSource& data, const RidgeOptions& options) {
  if (!(options.alpha >= 0) || !std::isfinite(options.alpha)) {
    throw Error(ErrorKind::usage,
                fmt::format("ridge regression needs alpha >= 0, got {}", options.alpha));
  }
  const auto d = static_cast<Eigen::Index>(data.features());
  const WeightedMeans means = weighted_means(data);

  const std::size_t max_parts = max_parts_for_state(static_cast<std::size_t>(d * (d + 1)));
  std::vector<GramSums> partials(part_count(data, max_parts));
  for_each_part(data, max_parts, [&](std::size_t part, std::size_t first, std::size_t end) {
    GramSums& sums = partials[part];
    sums.gram.setZero(d, d);
    sums.moment.setZero(d);
    Block scratch;
    Eigen::MatrixXd centred;
    Eigen::VectorXd root_w;
    for (std::size_t index = first; index < end; ++index) {
      const Block& block = data.block(index, scratch);
      root_w = block.w.array().sqrt();
      centred = block.X.rowwise() - means.x.transpose();
      sums.moment.noalias() +=
          centred.transpose() * (block.w.array() * (block.y.array() - means.y)).matrix();
      centred = root_w.asDiagonal() * centred;
      sums.gram.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
    }
  });
  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(d, d);
  Eigen::VectorXd moment = Eigen::VectorXd::Zero(d);
  for (const GramSums& sums : partials) {
    gram += sums.gram;
    moment += sums.moment;
  }
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
