#include "solvers/ridge_system.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/error.hpp"
#include "distributed/agreed.hpp"
#include "distributed/communicator.hpp"
#include "solvers/centre_columns.hpp"

namespace mlctl::solvers {

namespace {

const OneHotLayout& layout_of(const DesignSource& data) {
  const OneHotLayout* layout = data.one_hot_layout();
  if (layout == nullptr) {
    throw Error(ErrorKind::internal, "the wide ridge solver needs a source of one-hot blocks");
  }
  return *layout;
}

// The parts a pass with `size` doubles of state per part uses.
std::size_t max_parts(Eigen::Index size) {
  return max_parts_for_state(static_cast<std::size_t>(size));
}

// One pass: visit(block, state, part) for every block, then the parts' `state` vectors (each
// `size` long, zero to start) added in part order, then summed over the ranks. With `checks`,
// the visits may throw on bad data (distributed::run_agreed).
template <class Visit>
Eigen::VectorXd sum_over_parts(const DesignSource& data, Eigen::Index size, Visit&& visit,
                               bool checks = false) {
  std::vector<Eigen::VectorXd> partials(part_count(data, max_parts(size)));
  const auto pass = [&] {
    for_each_part(data, max_parts(size), [&](std::size_t part, std::size_t first, std::size_t end) {
      Eigen::VectorXd& state = partials[part];
      state.setZero(size);
      OneHotBlock scratch;
      for (std::size_t index = first; index < end; ++index) {
        visit(data.one_hot_block(index, scratch), state, part);
      }
    });
  };
  if (checks) {
    distributed::run_agreed(data.communicator(), pass);
  } else {
    pass();
  }
  Eigen::VectorXd total = Eigen::VectorXd::Zero(size);
  for (const Eigen::VectorXd& state : partials) total += state;
  sum_over_ranks(data, {total.data(), static_cast<std::size_t>(size)});
  return total;
}

// The group of each one-hot column any part (on any rank) saw a row of, else -1.
std::vector<std::int32_t> seen_groups(const DesignSource& data,
                                      const std::vector<std::vector<std::int32_t>>& part_group_of,
                                      std::size_t d) {
  std::vector<std::int64_t> seen(d, -1);
  // The layout's groups own disjoint columns: a column has the same group in every part.
  for (const auto& group_of : part_group_of) {
    for (std::size_t j = 0; j < d; ++j) seen[j] = std::max<std::int64_t>(seen[j], group_of[j]);
  }
  if (distributed::Communicator* communicator = data.communicator()) {
    communicator->allreduce(seen, distributed::Reduction::max);
  }
  std::vector<std::int32_t> groups(d);
  for (std::size_t j = 0; j < d; ++j) groups[j] = static_cast<std::int32_t>(seen[j]);
  return groups;
}

}  // namespace

void check_ridge_weights(const Eigen::VectorXd& w) {
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    if (!(w(i) >= 0) || !std::isfinite(w(i))) {
      throw Error(ErrorKind::data,
                  fmt::format("sample weight {} is not a finite number >= 0", w(i)));
    }
  }
}

CentredOneHotSystem::CentredOneHotSystem(const DesignSource& data, double alpha)
    : data_(data), layout_(layout_of(data)), alpha_(alpha) {
  compute_means();
  compute_rhs_and_dense_gram();
  factor_preconditioner();
}

// State: [sum w, sum w y, sum w x (d), weight of rows without a level (groups)].
void CentredOneHotSystem::compute_means() {
  const auto d = static_cast<Eigen::Index>(data_.features());
  const Eigen::Index groups = layout_.groups;
  const auto p = static_cast<Eigen::Index>(layout_.dense.size());
  // Each part notes the group of the columns it sees (no two threads write one vector).
  std::vector<std::vector<std::int32_t>> part_group_of(
      part_count(data_, max_parts(2 + d + groups)),
      std::vector<std::int32_t>(static_cast<std::size_t>(d), -1));
  const Eigen::VectorXd sums = sum_over_parts(
      data_, 2 + d + groups,
      [&](const OneHotView& block, Eigen::VectorXd& state, std::size_t part) {
        std::vector<std::int32_t>& group_of = part_group_of[part];
        check_ridge_weights(block.w);
        state(0) += block.w.sum();
        state(1) += block.w.dot(block.y);
        const Eigen::VectorXd dense_sums = block.dense.transpose() * block.w;
        for (Eigen::Index j = 0; j < p; ++j)
          state(2 + layout_.dense[static_cast<std::size_t>(j)]) += dense_sums(j);
        for (Eigen::Index g = 0; g < groups; ++g) {
          for (Eigen::Index i = 0; i < block.active.rows(); ++i) {
            const std::int32_t column = block.active(i, g);
            if (column >= 0) {
              state(2 + column) += block.w(i);
              group_of[static_cast<std::size_t>(column)] = static_cast<std::int32_t>(g);
            } else {
              state(2 + d + g) += block.w(i);
            }
          }
        }
      },
      true);
  weight_ = sums(0);
  if (!(weight_ > 0)) {
    throw Error(ErrorKind::data, "ridge regression needs at least one row of positive weight");
  }
  ybar_ = sums(1) / weight_;
  xbar_ = sums.segment(2, d) / weight_;
  column_weight_ = sums.segment(2, d);
  group_missing_.assign(sums.data() + 2 + d, sums.data() + 2 + d + groups);
  const std::vector<std::int32_t> seen =
      seen_groups(data_, part_group_of, static_cast<std::size_t>(d));
  group_of_.assign(static_cast<std::size_t>(d), kWeightless);
  for (std::size_t j = 0; j < seen.size(); ++j) {
    if (seen[j] >= 0 && column_weight_(static_cast<Eigen::Index>(j)) > 0) group_of_[j] = seen[j];
  }
  for (const Eigen::Index j : layout_.dense) {
    column_weight_(j) = 0;
    group_of_[static_cast<std::size_t>(j)] = kDense;
  }
}

// State: [b (d), sum w (y - ybar), the dense centred Gram (p x p, column-major)].
void CentredOneHotSystem::compute_rhs_and_dense_gram() {
  const auto d = static_cast<Eigen::Index>(data_.features());
  const auto p = static_cast<Eigen::Index>(layout_.dense.size());
  Eigen::VectorXd dense_mean(p);
  for (Eigen::Index j = 0; j < p; ++j)
    dense_mean(j) = xbar_(layout_.dense[static_cast<std::size_t>(j)]);
  const Eigen::VectorXd sums = sum_over_parts(
      data_, d + 1 + p * p, [&](const OneHotView& block, Eigen::VectorXd& state, std::size_t) {
        const Eigen::VectorXd r = block.w.array() * (block.y.array() - ybar_);
        Eigen::MatrixXd centred;
        centre_columns(block.dense, dense_mean, centred);
        const Eigen::VectorXd dense_rhs = centred.transpose() * r;
        for (Eigen::Index j = 0; j < p; ++j)
          state(layout_.dense[static_cast<std::size_t>(j)]) += dense_rhs(j);
        for (Eigen::Index g = 0; g < block.active.cols(); ++g) {
          for (Eigen::Index i = 0; i < block.active.rows(); ++i) {
            if (block.active(i, g) >= 0) state(block.active(i, g)) += r(i);
          }
        }
        state(d) += r.sum();
        centred = block.w.array().sqrt().matrix().asDiagonal() * centred;
        Eigen::Map<Eigen::MatrixXd> gram(state.data() + d + 1, p, p);
        gram.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
      });
  rhs_ = sums.head(d);
  // The one-hot columns' centring: b_j -= xbar_j sum w (y - ybar) (which is about 0).
  for (Eigen::Index j = 0; j < d; ++j) {
    if (group_of_[static_cast<std::size_t>(j)] >= 0) rhs_(j) -= xbar_(j) * sums(d);
  }
  dense_gram_ = Eigen::Map<const Eigen::MatrixXd>(sums.data() + d + 1, p, p);
}

void CentredOneHotSystem::factor_preconditioner() {
  const auto d = static_cast<Eigen::Index>(data_.features());
  const auto p = static_cast<Eigen::Index>(layout_.dense.size());
  // The one-hot part: D_j = c_j + alpha; group g's block is D - c c' / W, whose
  // Sherman-Morrison denominator W - c' D^-1 c = missing_g + sum c_j alpha / (c_j + alpha)
  // is computed without cancellation.
  inverse_diagonal_ = Eigen::VectorXd::Ones(d);
  group_denominator_.assign(static_cast<std::size_t>(layout_.groups), 0.0);
  std::vector<double> denominator = group_missing_;
  for (Eigen::Index j = 0; j < d; ++j) {
    const std::int32_t g = group_of_[static_cast<std::size_t>(j)];
    if (g >= 0)
      denominator[static_cast<std::size_t>(g)] +=
          column_weight_(j) * alpha_ / (column_weight_(j) + alpha_);
  }
  for (std::size_t g = 0; g < denominator.size(); ++g) {
    // A group whose block is (nearly) singular (alpha = 0, every row has a level) gets the
    // diagonal of its block instead: still positive definite, still a good scaling.
    if (denominator[g] > 1e-12 * weight_) group_denominator_[g] = denominator[g];
  }
  for (Eigen::Index j = 0; j < d; ++j) {
    const std::int32_t g = group_of_[static_cast<std::size_t>(j)];
    const double c = column_weight_(j);
    double diagonal = c + alpha_;
    if (g >= 0 && group_denominator_[static_cast<std::size_t>(g)] == 0) {
      diagonal = c * (weight_ - c) / weight_ + alpha_;
    }
    if (diagonal > 0) inverse_diagonal_(j) = 1 / diagonal;
  }
  // The dense block: exact when it is positive definite, else its diagonal.
  Eigen::MatrixXd block = dense_gram_.selfadjointView<Eigen::Lower>();
  block.diagonal().array() += alpha_;
  dense_factor_.compute(block);
  dense_exact_ = p > 0 && dense_factor_.info() == Eigen::Success && dense_factor_.isPositive() &&
                 dense_factor_.vectorD().minCoeff() > 0;
  for (Eigen::Index j = 0; j < p; ++j) {
    const Eigen::Index column = layout_.dense[static_cast<std::size_t>(j)];
    inverse_diagonal_(column) = block(j, j) > 0 ? 1 / block(j, j) : 1.0;
  }
}

void CentredOneHotSystem::precondition(const Eigen::VectorXd& r, Eigen::VectorXd& z) const {
  z = inverse_diagonal_.cwiseProduct(r);
  // Group blocks: z += D^-1 c (c' D^-1 r) / (W - c' D^-1 c).
  std::vector<double> projection(group_denominator_.size(), 0.0);
  const auto d = size();
  for (Eigen::Index j = 0; j < d; ++j) {
    const std::int32_t g = group_of_[static_cast<std::size_t>(j)];
    if (g >= 0) projection[static_cast<std::size_t>(g)] += column_weight_(j) * z(j);
  }
  for (Eigen::Index j = 0; j < d; ++j) {
    const std::int32_t g = group_of_[static_cast<std::size_t>(j)];
    if (g < 0) continue;
    const double denominator = group_denominator_[static_cast<std::size_t>(g)];
    if (denominator > 0) {
      z(j) += inverse_diagonal_(j) * column_weight_(j) * projection[static_cast<std::size_t>(g)] /
              denominator;
    }
  }
  if (!dense_exact_) return;
  const auto p = static_cast<Eigen::Index>(layout_.dense.size());
  Eigen::VectorXd dense_r(p);
  for (Eigen::Index j = 0; j < p; ++j) dense_r(j) = r(layout_.dense[static_cast<std::size_t>(j)]);
  const Eigen::VectorXd dense_z = dense_factor_.solve(dense_r);
  for (Eigen::Index j = 0; j < p; ++j) z(layout_.dense[static_cast<std::size_t>(j)]) = dense_z(j);
}

// One pass; state: [X' W u (d), 1' W u]. Measured hot loop: per row, the scores gather the
// level's coefficient and the products scatter into the level's sum, group by group.
void CentredOneHotSystem::multiply(const Eigen::VectorXd& v, Eigen::VectorXd& out) const {
  const auto d = size();
  const auto p = static_cast<Eigen::Index>(layout_.dense.size());
  Eigen::VectorXd dense_v(p), dense_mean(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    dense_v(j) = v(layout_.dense[static_cast<std::size_t>(j)]);
    dense_mean(j) = xbar_(layout_.dense[static_cast<std::size_t>(j)]);
  }
  double one_hot_shift = 0;  // xbar' v over the one-hot columns
  for (Eigen::Index j = 0; j < d; ++j) {
    if (group_of_[static_cast<std::size_t>(j)] >= 0) one_hot_shift += xbar_(j) * v(j);
  }
  const Eigen::VectorXd sums = sum_over_parts(
      data_, d + 1, [&](const OneHotView& block, Eigen::VectorXd& state, std::size_t) {
        Eigen::MatrixXd centred;
        centre_columns(block.dense, dense_mean, centred);
        Eigen::VectorXd u = centred * dense_v;
        u.array() -= one_hot_shift;
        const auto& active = block.active;
        for (Eigen::Index g = 0; g < active.cols(); ++g) {
          for (Eigen::Index i = 0; i < active.rows(); ++i) {
            if (active(i, g) >= 0) u(i) += v(active(i, g));
          }
        }
        u.array() *= block.w.array();
        const Eigen::VectorXd dense_sum = centred.transpose() * u;
        for (Eigen::Index j = 0; j < p; ++j)
          state(layout_.dense[static_cast<std::size_t>(j)]) += dense_sum(j);
        for (Eigen::Index g = 0; g < active.cols(); ++g) {
          for (Eigen::Index i = 0; i < active.rows(); ++i) {
            if (active(i, g) >= 0) state(active(i, g)) += u(i);
          }
        }
        state(d) += u.sum();
      });
  out = sums.head(d) + alpha_ * v;
  for (Eigen::Index j = 0; j < d; ++j) {
    if (group_of_[static_cast<std::size_t>(j)] >= 0) out(j) -= xbar_(j) * sums(d);
  }
}

void CentredOneHotSystem::remove_one_hot_null_directions(Eigen::VectorXd& beta) const {
  std::vector<double> sum(group_missing_.size(), 0.0), count(group_missing_.size(), 0.0);
  for (Eigen::Index j = 0; j < size(); ++j) {
    const std::int32_t g = group_of_[static_cast<std::size_t>(j)];
    if (g >= 0) {
      sum[static_cast<std::size_t>(g)] += beta(j);
      count[static_cast<std::size_t>(g)] += 1;
    } else if (g == kWeightless) {
      beta(j) = 0;
    }
  }
  for (Eigen::Index j = 0; j < size(); ++j) {
    const std::int32_t g = group_of_[static_cast<std::size_t>(j)];
    if (g >= 0 && group_missing_[static_cast<std::size_t>(g)] == 0) {
      beta(j) -= sum[static_cast<std::size_t>(g)] / count[static_cast<std::size_t>(g)];
    }
  }
}

}  // namespace mlctl::solvers
