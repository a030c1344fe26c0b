#pragma once
// Reproducible train/held-out splits: the same rows, seed and options give the same split on
// every platform (std::shuffle and std::uniform_int_distribution are implementation-defined,
// so neither is used).

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace mlctl::training {

struct Split {
  std::vector<std::size_t> train;     // table row indices, ascending
  std::vector<std::size_t> held_out;  // table row indices, ascending
};

// Both take distinct row numbers and return each side in ascending row order.

// Splits `rows` keeping ceil(fraction * n) rows out (stratified per class when `classes` is
// not empty: classes[i] is the class of rows[i]). fraction must be in (0, 1).
Split holdout_split(std::span<const std::size_t> rows, std::span<const int> classes,
                    double fraction, std::uint64_t seed);

// K folds over `rows` (stratified when `classes` is not empty); fold k holds out its rows.
std::vector<Split> kfold_splits(std::span<const std::size_t> rows, std::span<const int> classes,
                                int folds, std::uint64_t seed);

// std::mt19937_64's sequence is fixed by the standard; the distribution on top is ours.
class Random {
 public:
  explicit Random(std::uint64_t seed);
  std::uint64_t below(std::uint64_t bound);
  // Fisher-Yates shuffle.
  void shuffle(std::vector<std::size_t>& values);

 private:
  std::mt19937_64 engine_;
};

}  // namespace mlctl::training
