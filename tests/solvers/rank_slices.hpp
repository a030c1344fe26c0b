#pragma once
// The rows of a problem cut into ranks for the distributed-fit tests (issue #15): uneven
// contiguous slices in rank order (one empty from 3 ranks on), each rank's source attached to
// its communicator of a ThreadGroup (tests/support/thread_group.hpp), and the checks every
// distributed fit must pass against one process's fit on all the rows.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "solvers/design_source.hpp"
#include "solvers/linear_model.hpp"
#include "support/table_shares.hpp"
#include "support/thread_group.hpp"

namespace test_data {

// Each rank's [first, end) among `n` rows (or blocks), for `size` ranks (1..4).
inline std::vector<std::pair<Eigen::Index, Eigen::Index>> rank_slices(Eigen::Index n, int size) {
  static const std::vector<std::vector<double>> kShares = {
      {1.0}, {0.27, 0.73}, {0.55, 0.0, 0.45}, {0.0, 0.15, 0.6, 0.25}};
  const auto cuts = mlctl::testing::cuts_of(static_cast<std::size_t>(n),
                                            kShares.at(static_cast<std::size_t>(size - 1)));
  std::vector<std::pair<Eigen::Index, Eigen::Index>> slices;
  for (std::size_t r = 0; r + 1 < cuts.size(); ++r) {
    slices.emplace_back(static_cast<Eigen::Index>(cuts[r]), static_cast<Eigen::Index>(cuts[r + 1]));
  }
  return slices;
}

// Rows [first, end) of X, y and w (w empty: unit weights) as a MatrixSource.
inline mlctl::solvers::MatrixSource matrix_slice(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                                 const Eigen::VectorXd& w,
                                                 std::pair<Eigen::Index, Eigen::Index> rows,
                                                 std::size_t block_rows) {
  const Eigen::Index n = rows.second - rows.first;
  return {X.middleRows(rows.first, n), y.segment(rows.first, n),
          w.size() == 0 ? Eigen::VectorXd() : Eigen::VectorXd(w.segment(rows.first, n)),
          block_rows};
}

// Blocks [first, end) of another source (one-hot blocks too): one rank's share of its rows.
class BlockSlice final : public mlctl::solvers::DesignSource {
 public:
  BlockSlice(const DesignSource& whole, std::pair<Eigen::Index, Eigen::Index> blocks)
      : whole_(whole),
        first_(static_cast<std::size_t>(blocks.first)),
        end_(static_cast<std::size_t>(blocks.second)) {
    mlctl::solvers::Block scratch;
    for (std::size_t i = first_; i < end_; ++i)
      rows_ += static_cast<std::size_t>(whole.block(i, scratch).y.size());
  }
  std::size_t rows() const override { return rows_; }
  std::size_t features() const override { return whole_.features(); }
  std::size_t block_count() const override { return end_ - first_; }
  const mlctl::solvers::Block& block(std::size_t index,
                                     mlctl::solvers::Block& scratch) const override {
    const auto& block = whole_.block(first_ + index, scratch);
    if (poison_ == 0) return block;
    if (&block != &scratch) scratch = block;
    scratch.w(0) = poison_;
    return scratch;
  }
  unsigned threads() const override { return 1; }
  const mlctl::solvers::OneHotLayout* one_hot_layout() const override {
    return whole_.one_hot_layout();
  }
  mlctl::solvers::OneHotView one_hot_block(std::size_t index,
                                           mlctl::solvers::OneHotBlock& scratch) const override {
    const mlctl::solvers::OneHotView block = whole_.one_hot_block(first_ + index, scratch);
    if (poison_ == 0) return block;
    if (block.w.data() != scratch.w.data()) {
      scratch.dense = block.dense;
      scratch.active = block.active;
      scratch.y = block.y;
      scratch.w = block.w;
    }
    scratch.w(0) = poison_;
    return scratch;
  }
  // Every block's first weight becomes `weight` (a rank-local data error); 0 restores them.
  void poison_weight(double weight) { poison_ = weight; }

 private:
  const DesignSource& whole_;
  std::size_t first_, end_;
  std::size_t rows_ = 0;
  double poison_ = 0;
};

// fit(rank, communicator) on `size` ranks; each rank's result, by rank.
template <class Result>
std::vector<Result> run_ranks(
    int size, const std::function<Result(int, mlctl::distributed::Communicator&)>& fit) {
  std::vector<Result> results(static_cast<std::size_t>(size));
  mlctl::testing::ThreadGroup::run(size, [&](mlctl::distributed::Communicator& communicator) {
    results[static_cast<std::size_t>(communicator.rank())] = fit(communicator.rank(), communicator);
  });
  return results;
}

// Every rank's model bit-identical to rank 0's, and within `tolerance` of the single process's
// (relative to its largest coefficient or intercept).
inline void check_matches(const mlctl::solvers::LinearModel& single,
                          const std::vector<mlctl::solvers::LinearModel>& ranks,
                          double tolerance = 1e-11) {
  const double scale =
      std::max({1e-300, single.coef.cwiseAbs().maxCoeff(), single.intercept.cwiseAbs().maxCoeff()});
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    CAPTURE(r);
    const auto& model = ranks[r];
    REQUIRE(model.coef.rows() == single.coef.rows());
    REQUIRE(model.coef.cols() == single.coef.cols());
    REQUIRE(model.intercept.size() == single.intercept.size());
    const double error = std::max((model.coef - single.coef).cwiseAbs().maxCoeff(),
                                  (model.intercept - single.intercept).cwiseAbs().maxCoeff());
    CHECK(error <= tolerance * scale);
    CHECK(model.coef == ranks[0].coef);  // exact, not approximate
    CHECK(model.intercept == ranks[0].intercept);
  }
}

}  // namespace test_data
