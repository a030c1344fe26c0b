#pragma once
// A deterministic wide problem for the solver tests: one categorical column with Zipf-like
// level counts (one-hot, the first level dropped as a reference) plus a few standard-normal
// numerics, a binary or K-class target from a fixed linear model, served as one-hot blocks
// (DesignSource::one_hot_block) like the pipeline's encoded source.

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <Eigen/Dense>

#include "solvers/design_source.hpp"

namespace test_data {

class OneHotSource final : public mlctl::solvers::DesignSource {
 public:
  // Columns: numerics 0..numerics-1, then levels 1..levels-1 of the category.
  OneHotSource(Eigen::Index rows, Eigen::Index levels, Eigen::Index numerics, int classes,
               std::size_t block_rows, unsigned threads, bool weighted = false)
      : rows_(static_cast<std::size_t>(rows)),
        features_(static_cast<std::size_t>(numerics + levels - 1)),
        threads_(threads) {
    std::mt19937_64 random(14);
    std::normal_distribution<double> normal;
    std::vector<double> zipf(static_cast<std::size_t>(levels));
    for (std::size_t k = 0; k < zipf.size(); ++k) zipf[k] = 1.0 / static_cast<double>(k + 1);
    std::discrete_distribution<int> level(zipf.begin(), zipf.end());
    std::vector<double> effect(zipf.size());
    for (double& e : effect) e = normal(random);
    for (Eigen::Index k = 0; k < numerics; ++k) layout_.dense.push_back(k);
    layout_.groups = 1;
    for (Eigen::Index first = 0; first < rows; first += static_cast<Eigen::Index>(block_rows)) {
      const Eigen::Index n = std::min(rows - first, static_cast<Eigen::Index>(block_rows));
      mlctl::solvers::OneHotBlock block;
      block.dense.resize(n, numerics);
      block.active.resize(n, 1);
      block.y.resize(n);
      block.w = Eigen::VectorXd::Ones(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        double score = 0;
        for (Eigen::Index j = 0; j < numerics; ++j) {
          block.dense(i, j) = normal(random);
          score += block.dense(i, j) * (j % 2 == 0 ? 1.0 : -0.5);
        }
        const int l = level(random);
        block.active(i, 0) = l == 0 ? -1 : static_cast<std::int32_t>(numerics + l - 1);
        score += effect[static_cast<std::size_t>(l)] + 0.7 * normal(random);
        block.y(i) =
            classes == 2
                ? (score > 0 ? 1 : 0)
                : std::min(classes - 1, std::max(0, static_cast<int>(std::floor(score + 1.5))));
        if (weighted) block.w(i) = 0.5 + static_cast<double>(i % 3);
      }
      blocks_.push_back(std::move(block));
    }
  }
  std::size_t rows() const override { return rows_; }
  std::size_t features() const override { return features_; }
  std::size_t block_count() const override { return blocks_.size(); }
  const mlctl::solvers::Block& block(std::size_t index,
                                     mlctl::solvers::Block& scratch) const override {
    mlctl::solvers::OneHotView(blocks_[index])
        .expand(layout_, static_cast<Eigen::Index>(features_), scratch);
    return scratch;
  }
  unsigned threads() const override { return threads_; }
  const mlctl::solvers::OneHotLayout* one_hot_layout() const override {
    return one_hot_ ? &layout_ : nullptr;
  }
  mlctl::solvers::OneHotView one_hot_block(std::size_t index,
                                           mlctl::solvers::OneHotBlock&) const override {
    return blocks_[index];
  }
  // Serve dense blocks only (one_hot_layout() nullptr): the same rows, the other code path.
  void dense_only() { one_hot_ = false; }

 private:
  std::size_t rows_;
  std::size_t features_;
  unsigned threads_;
  bool one_hot_ = true;
  mlctl::solvers::OneHotLayout layout_;
  std::vector<mlctl::solvers::OneHotBlock> blocks_;
};

}  // namespace test_data
