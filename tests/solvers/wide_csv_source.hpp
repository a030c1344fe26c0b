#pragma once
// tests/fixtures/wide_logistic/wide.csv as the solvers see it after mlctl's pipeline: x0 and x1
// standardised (population sd), every level of city and shop one-hot (columns in order of first
// appearance: the optimum does not depend on the order), served as one-hot blocks
// (DesignSource::one_hot_block) or as dense blocks only. Independent of mlctl's CSV reader and
// pipeline, like dataset_loader.hpp.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "dataset_loader.hpp"
#include "solvers/design_source.hpp"

namespace test_data {

class WideCsvSource final : public mlctl::solvers::DesignSource {
 public:
  enum class Form { one_hot, dense_only, one_hot_only };  // one_hot_only: block() throws

  // `target`: "bin" (no = 0, yes = 1) or "cls4" (k0..k3 = 0..3).
  WideCsvSource(const std::string& target, Form form, std::size_t block_rows = 512) : form_(form) {
    const Table table = load(MLCTL_FIXTURE_DIR "/wide_logistic/wide.csv");
    const Eigen::MatrixXd numerics = standardise(numeric(table, {"x0", "x1"}));
    layout_.dense = {0, 1};
    layout_.groups = 2;
    std::map<std::string, std::int32_t> column;
    const std::size_t city = table.column("city"), shop = table.column("shop");
    const std::size_t label = table.column(target);
    const auto n = static_cast<Eigen::Index>(table.rows.size());
    for (Eigen::Index first = 0; first < n; first += static_cast<Eigen::Index>(block_rows)) {
      const Eigen::Index rows = std::min(n - first, static_cast<Eigen::Index>(block_rows));
      mlctl::solvers::OneHotBlock block;
      block.dense = numerics.middleRows(first, rows);
      block.active.resize(rows, 2);
      block.y.resize(rows);
      block.w = Eigen::VectorXd::Ones(rows);
      for (Eigen::Index i = 0; i < rows; ++i) {
        const auto& fields = table.rows[static_cast<std::size_t>(first + i)];
        for (const std::size_t g : {city, shop}) {
          const auto [at, added] =
              column.emplace(fields[g], static_cast<std::int32_t>(2 + column.size()));
          block.active(i, g == city ? 0 : 1) = at->second;
        }
        const std::string& value = fields[label];
        block.y(i) = value == "yes" ? 1 : value == "no" ? 0 : std::stoi(value.substr(1));
      }
      blocks_.push_back(std::move(block));
    }
    rows_ = static_cast<std::size_t>(n);
    features_ = 2 + column.size();
  }
  std::size_t rows() const override { return rows_; }
  std::size_t features() const override { return features_; }
  std::size_t block_count() const override { return blocks_.size(); }
  const mlctl::solvers::Block& block(std::size_t index,
                                     mlctl::solvers::Block& scratch) const override {
    if (form_ == Form::one_hot_only) throw std::logic_error("a dense block was asked for");
    mlctl::solvers::OneHotView(blocks_[index])
        .expand(layout_, static_cast<Eigen::Index>(features_), scratch);
    return scratch;
  }
  unsigned threads() const override { return 1; }
  const mlctl::solvers::OneHotLayout* one_hot_layout() const override {
    return form_ == Form::dense_only ? nullptr : &layout_;
  }
  mlctl::solvers::OneHotView one_hot_block(std::size_t index,
                                           mlctl::solvers::OneHotBlock&) const override {
    return blocks_[index];
  }
  // All rows as one dense matrix (for predictions).
  Eigen::MatrixXd X() const {
    Eigen::MatrixXd all(static_cast<Eigen::Index>(rows_), static_cast<Eigen::Index>(features_));
    Eigen::Index first = 0;
    mlctl::solvers::Block scratch;
    for (const auto& b : blocks_) {
      mlctl::solvers::OneHotView(b).expand(layout_, static_cast<Eigen::Index>(features_), scratch);
      all.middleRows(first, scratch.X.rows()) = scratch.X;
      first += scratch.X.rows();
    }
    return all;
  }

 private:
  Form form_;
  std::size_t rows_ = 0;
  std::size_t features_ = 0;
  mlctl::solvers::OneHotLayout layout_;
  std::vector<mlctl::solvers::OneHotBlock> blocks_;
};

}  // namespace test_data
