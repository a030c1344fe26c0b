#pragma once
// Target leakage: a feature that alone predicts the target almost perfectly (a copy of the
// target, a one-to-one recoding, a number computed from it). Judged on a fixed-size reservoir
// sample of rows (fixed seed, so the same input gives the same findings), never on all rows.
//
// Scores are in [0, 1], 1 = the feature determines the target:
// - a discrete feature (text, or few distinct numbers: at least 5 sampled rows per value):
//   classification: how much of the error of always guessing the majority class disappears
//   when guessing the majority class of each feature value, (purity - majority)/(1 - majority);
//   regression: the correlation ratio eta^2 (share of the target's variance between values);
// - a continuous numeric feature: classification: sorted by the feature, how often neighbouring
//   rows share a class, above chance, (agree - chance)/(1 - chance); regression: |Pearson r|.
// A shuffled copy of the target scores near 0 on every measure.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "checks/cell.hpp"
#include "checks/column_profile.hpp"
#include "checks/finding.hpp"

namespace mlctl::checks {

struct SampledCell {
  double number = 0.0;    // NaN unless the field was a number
  std::uint64_t key = 0;  // value hash; 0 = missing
};

class LeakageSample {
 public:
  LeakageSample(std::size_t columns, std::size_t capacity);
  void add(std::span<const Cell> row);
  std::size_t rows() const { return rows_; }
  const SampledCell& at(std::size_t row, std::size_t column) const {
    return cells_[row * columns_ + column];
  }

 private:
  std::size_t columns_;
  std::size_t capacity_;
  std::size_t rows_ = 0;
  std::uint64_t seen_ = 0;
  std::uint64_t state_ = 0x6d6c63746c6c696eULL;  // fixed seed: reproducible findings
  std::vector<SampledCell> cells_;
};

// Rows to sample so that the sample holds at most about 4 million cells.
std::size_t leakage_capacity(std::size_t wanted_rows, std::size_t columns);

// Appends a target-leakage finding per leaking column. `classification` says how to read the
// target column.
void leakage_findings(const LeakageSample& sample, const std::vector<ColumnProfile>& profiles,
                      std::size_t target, bool classification, double threshold,
                      std::vector<Finding>& out);

}  // namespace mlctl::checks
