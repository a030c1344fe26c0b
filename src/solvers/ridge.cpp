#include "solvers/ridge.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "distributed/agreed.hpp"
#include "solvers/centre_columns.hpp"
#include "solvers/ridge_cg.hpp"
#include "solvers/ridge_system.hpp"

namespace mlctl::solvers {

namespace {

// Weighted sums of a run of rows, centred on the run's own weighted means:
//   weight = sum w, x = xbar, y = ybar, gram = sum w (x - xbar)(x - xbar)' (lower triangle),
//   moment = sum w (x - xbar)(y - ybar).
// A block is centred in cache, then runs merge pairwise (Chan, Golub and LeVeque): one pass
// over the data with the accuracy of the two-pass form (no cancellation when the means are
// large next to the spread).
struct CentredSums {
  double weight = 0;
  Eigen::VectorXd x;
  double y = 0;
  Eigen::MatrixXd gram;
  Eigen::VectorXd moment;

  explicit CentredSums(Eigen::Index d)
      : x(Eigen::VectorXd::Zero(d)),
        gram(Eigen::MatrixXd::Zero(d, d)),
        moment(Eigen::VectorXd::Zero(d)) {}

  // Adds the rows of `other`, which follow these rows.
  void merge(const CentredSums& other) {
    if (!(other.weight > 0)) return;
    if (!(weight > 0)) {
      *this = other;
      return;
    }
    const double total = weight + other.weight;
    const double factor = weight * other.weight / total;
    const Eigen::VectorXd dx = other.x - x;
    const double dy = other.y - y;
    gram += other.gram;
    gram.selfadjointView<Eigen::Lower>().rankUpdate(dx, factor);
    moment += other.moment + factor * dy * dx;
    x += dx * (other.weight / total);
    y += dy * (other.weight / total);
    weight = total;
  }
};

// This rank's rows' sums: the parts' sums merged in part order.
CentredSums this_rank_sums(const DesignSource& data, Eigen::Index d) {
  const std::size_t max_parts = max_parts_for_state(static_cast<std::size_t>(d * (d + 2)));
  std::vector<CentredSums> partials(part_count(data, max_parts), CentredSums(d));
  distributed::run_agreed(data.communicator(), [&] {
    for_each_part(data, max_parts, [&](std::size_t part, std::size_t first, std::size_t end) {
      Block scratch;
      CentredSums block_sums(d);
      Eigen::MatrixXd centred;
      for (std::size_t index = first; index < end; ++index) {
        const Block& block = data.block(index, scratch);
        check_ridge_weights(block.w);
        block_sums.weight = block.w.sum();
        if (!(block_sums.weight > 0)) continue;
        block_sums.x.noalias() = block.X.transpose() * block.w;
        block_sums.x /= block_sums.weight;
        block_sums.y = block.w.dot(block.y) / block_sums.weight;
        centre_columns(block.X, block_sums.x, centred);
        block_sums.moment.noalias() =
            centred.transpose() * (block.w.array() * (block.y.array() - block_sums.y)).matrix();
        centred = block.w.array().sqrt().matrix().asDiagonal() * centred;
        block_sums.gram.setZero();
        block_sums.gram.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
        partials[part].merge(block_sums);
      }
    });
  });
  CentredSums total(d);
  for (const CentredSums& sums : partials) total.merge(sums);
  return total;
}

// The ranks' sums merged into every rank's `sums`: two allreduces. The first gives the job's
// means; then each rank moves its sums to them, gram + w (x - xbar)(x - xbar)' and
// moment + w (y - ybar)(x - xbar) (the merge above, for many runs at once), and the second adds
// those up. Centring stays exact: no rank's sums are taken about zero.
void sum_over_ranks(const DesignSource& data, CentredSums& sums) {
  const Eigen::Index d = sums.x.size();
  std::vector<double> means(static_cast<std::size_t>(d + 2));
  means[0] = sums.weight;
  Eigen::Map<Eigen::VectorXd>(means.data() + 1, d) = sums.weight * sums.x;
  means.back() = sums.weight * sums.y;
  solvers::sum_over_ranks(data, means);
  const double weight = means[0];
  if (!(weight > 0)) {
    sums = CentredSums(d);  // no positive weight anywhere: the caller says so
    return;
  }
  const Eigen::VectorXd xbar = Eigen::Map<const Eigen::VectorXd>(means.data() + 1, d) / weight;
  const double ybar = means.back() / weight;
  const Eigen::VectorXd dx = sums.x - xbar;
  sums.gram.selfadjointView<Eigen::Lower>().rankUpdate(dx, sums.weight);
  sums.moment += (sums.weight * (sums.y - ybar)) * dx;
  // The lower triangle by columns, then the moment.
  std::vector<double> packed;
  packed.reserve(static_cast<std::size_t>(d * (d + 1) / 2 + d));
  for (Eigen::Index j = 0; j < d; ++j) {
    for (Eigen::Index i = j; i < d; ++i) packed.push_back(sums.gram(i, j));
  }
  packed.insert(packed.end(), sums.moment.data(), sums.moment.data() + d);
  solvers::sum_over_ranks(data, packed);
  std::size_t next = 0;
  for (Eigen::Index j = 0; j < d; ++j) {
    for (Eigen::Index i = j; i < d; ++i) sums.gram(i, j) = packed[next++];
  }
  sums.moment = Eigen::Map<const Eigen::VectorXd>(packed.data() + next, d);
  sums.weight = weight;
  sums.x = xbar;
  sums.y = ybar;
}

bool use_conjugate_gradient(const DesignSource& data, RidgeMethod method) {
  if (method != RidgeMethod::automatic) return method == RidgeMethod::conjugate_gradient;
  const OneHotLayout* layout = data.one_hot_layout();
  if (layout == nullptr) return false;
  return ridge_prefers_conjugate_gradient({data.total_rows(), data.features(), layout->dense.size(),
                                           static_cast<std::size_t>(layout->groups)});
}

}  // namespace

LinearModel fit_ridge(const DesignSource& data, const RidgeOptions& options) {
  if (!(options.alpha >= 0) || !std::isfinite(options.alpha)) {
    throw Error(ErrorKind::usage,
                fmt::format("ridge regression needs alpha >= 0, got {}", options.alpha));
  }
  if (use_conjugate_gradient(data, options.method)) return fit_ridge_cg(data, options);
  const auto d = static_cast<Eigen::Index>(data.features());
  CentredSums total = this_rank_sums(data, d);
  if (data.communicator() != nullptr) sum_over_ranks(data, total);
  if (!(total.weight > 0)) {
    throw Error(ErrorKind::data, "ridge regression needs at least one row of positive weight");
  }
  Eigen::MatrixXd& gram = total.gram;
  const Eigen::VectorXd& moment = total.moment;
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
  model.intercept = Eigen::VectorXd::Constant(1, total.y - total.x.dot(beta));
  return model;
}

}  // namespace mlctl::solvers
