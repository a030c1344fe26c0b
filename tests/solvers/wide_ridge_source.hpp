#pragma once
// A deterministic wide ridge problem for the ridge solver tests (ridge_cg_test.cpp,
// ridge_system_test.cpp), served as one-hot blocks, and its rows expanded into one matrix.

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <Eigen/Dense>

#include "solvers/design_source.hpp"

namespace test_data {

// A wide ridge problem served as one-hot blocks: columns 0..2 numeric (means far from 0,
// scales 0.1 to 10), then category A (every row has a level: its levels sum to the
// intercept's column), then category B (a quarter of the rows have none), then 3 levels no
// row has. Zipf-like level counts; weights 0.5, 1.5, 2.5 and 0 on every 7th row.
class WideRidgeSource final : public mlctl::solvers::DesignSource {
 public:
  static constexpr Eigen::Index kNumeric = 3, kLevelsA = 40, kLevelsB = 25, kUnseen = 3;

  WideRidgeSource(Eigen::Index rows, std::size_t block_rows, unsigned threads, double shift = 0)
      : rows_(static_cast<std::size_t>(rows)), threads_(threads) {
    std::mt19937_64 random(1414);
    std::normal_distribution<double> normal;
    const auto zipf = [](Eigen::Index levels) {
      std::vector<double> p(static_cast<std::size_t>(levels));
      for (std::size_t k = 0; k < p.size(); ++k) p[k] = 1.0 / static_cast<double>(k + 1);
      return std::discrete_distribution<int>(p.begin(), p.end());
    };
    auto level_a = zipf(kLevelsA), level_b = zipf(kLevelsB);
    for (Eigen::Index k = 0; k < kNumeric; ++k) layout_.dense.push_back(k);
    layout_.groups = 2;
    const double scale[kNumeric] = {0.1, 1.0, 10.0};
    const double mean[kNumeric] = {5.0, -300.0, 1e4};
    for (Eigen::Index first = 0; first < rows; first += static_cast<Eigen::Index>(block_rows)) {
      const Eigen::Index n = std::min(rows - first, static_cast<Eigen::Index>(block_rows));
      mlctl::solvers::OneHotBlock block;
      block.dense.resize(n, kNumeric);
      block.active.resize(n, 2);
      block.y.resize(n);
      block.w.resize(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        double score = 2;
        for (Eigen::Index j = 0; j < kNumeric; ++j) {
          const double z = normal(random);
          block.dense(i, j) = mean[j] + shift + scale[j] * z;
          score += static_cast<double>(j + 1) * z;
        }
        const int a = level_a(random), b = level_b(random);
        block.active(i, 0) = static_cast<std::int32_t>(kNumeric + a);
        block.active(i, 1) =
            (first + i) % 4 == 0 ? -1 : static_cast<std::int32_t>(kNumeric + kLevelsA + b);
        score += std::sin(a) + 0.5 * std::cos(b);
        block.y(i) = score + 0.3 * normal(random);
        const Eigen::Index row = first + i;
        block.w(i) = row % 7 == 0 ? 0.0 : 0.5 + static_cast<double>(row % 3);
      }
      blocks_.push_back(std::move(block));
    }
  }
  std::size_t rows() const override { return rows_; }
  std::size_t features() const override {
    return static_cast<std::size_t>(kNumeric + kLevelsA + kLevelsB + kUnseen);
  }
  std::size_t block_count() const override { return blocks_.size(); }
  const mlctl::solvers::Block& block(std::size_t index,
                                     mlctl::solvers::Block& scratch) const override {
    mlctl::solvers::OneHotView(blocks_[index])
        .expand(layout_, static_cast<Eigen::Index>(features()), scratch);
    return scratch;
  }
  unsigned threads() const override { return threads_; }
  const mlctl::solvers::OneHotLayout* one_hot_layout() const override { return &layout_; }
  mlctl::solvers::OneHotView one_hot_block(std::size_t index,
                                           mlctl::solvers::OneHotBlock&) const override {
    return blocks_[index];
  }
  // All the weights 0 (for the error test).
  void zero_weights() {
    for (mlctl::solvers::OneHotBlock& block : blocks_) block.w.setZero();
  }

 private:
  std::size_t rows_;
  unsigned threads_;
  mlctl::solvers::OneHotLayout layout_;
  std::vector<mlctl::solvers::OneHotBlock> blocks_;
};

struct Expanded {
  Eigen::MatrixXd X;
  Eigen::VectorXd y, w;
};

// Every block's rows, expanded, in one matrix.
inline Expanded expand(const mlctl::solvers::DesignSource& data) {
  Expanded out{Eigen::MatrixXd(0, static_cast<Eigen::Index>(data.features())), {}, {}};
  mlctl::solvers::Block scratch;
  for (std::size_t i = 0; i < data.block_count(); ++i) {
    const auto& block = data.block(i, scratch);
    const Eigen::Index n = block.X.rows(), at = out.X.rows();
    out.X.conservativeResize(at + n, Eigen::NoChange);
    out.X.bottomRows(n) = block.X;
    out.y.conservativeResize(at + n);
    out.y.tail(n) = block.y;
    out.w.conservativeResize(at + n);
    out.w.tail(n) = block.w;
  }
  return out;
}

}  // namespace test_data
