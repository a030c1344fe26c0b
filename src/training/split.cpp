#include "training/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::training {

Random::Random(std::uint64_t seed) : engine_(seed) {}

std::uint64_t Random::below(std::uint64_t bound) {
  // Reject the top partial range so every value is equally likely.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  std::uint64_t x = engine_();
  while (x >= limit) x = engine_();
  return x % bound;
}

void Random::shuffle(std::vector<std::size_t>& values) {
  for (std::size_t i = values.size(); i > 1; --i) {
    std::swap(values[i - 1], values[below(i)]);
  }
}

namespace {

// Rows grouped by class (one group when there are no classes), each group shuffled.
std::vector<std::vector<std::size_t>> shuffled_groups(std::span<const std::size_t> rows,
                                                      std::span<const int> classes,
                                                      Random& random) {
  std::vector<std::vector<std::size_t>> groups;
  if (classes.empty()) {
    groups.emplace_back(rows.begin(), rows.end());
  } else {
    std::map<int, std::vector<std::size_t>> by_class;
    for (std::size_t i = 0; i < rows.size(); ++i) by_class[classes[i]].push_back(rows[i]);
    for (auto& [_, group] : by_class) groups.push_back(std::move(group));
  }
  for (auto& group : groups) random.shuffle(group);
  return groups;
}

}  // namespace

Split holdout_split(std::span<const std::size_t> rows, std::span<const int> classes,
                    double fraction, std::uint64_t seed) {
  if (!(fraction > 0.0 && fraction < 1.0)) {
    throw Error(ErrorKind::usage, fmt::format("--holdout must be in [0, 1), got {}", fraction));
  }
  Random random(seed);
  Split split;
  for (const auto& group : shuffled_groups(rows, classes, random)) {
    auto take = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(group.size())));
    // A class with a single row stays in training: holding it out would hide it from the model.
    if (take >= group.size()) take = group.size() - 1;
    split.held_out.insert(split.held_out.end(), group.begin(),
                          group.begin() + static_cast<std::ptrdiff_t>(take));
    split.train.insert(split.train.end(), group.begin() + static_cast<std::ptrdiff_t>(take),
                       group.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.held_out.begin(), split.held_out.end());
  return split;
}

std::vector<Split> kfold_splits(std::span<const std::size_t> rows, std::span<const int> classes,
                                int folds, std::uint64_t seed) {
  if (folds < 2 || static_cast<std::size_t>(folds) > rows.size()) {
    throw Error(ErrorKind::usage,
                fmt::format("--cv needs between 2 and {} folds, got {}", rows.size(), folds));
  }
  Random random(seed);
  const auto k = static_cast<std::size_t>(folds);
  std::vector<std::vector<std::size_t>> fold_rows(k);
  std::size_t next_fold = 0;
  // Dealing each class's shuffled rows round-robin keeps class shares equal across folds.
  for (const auto& group : shuffled_groups(rows, classes, random)) {
    for (const auto row : group) {
      fold_rows[next_fold].push_back(row);
      next_fold = (next_fold + 1) % k;
    }
  }
  std::vector<Split> splits(k);
  for (std::size_t f = 0; f < k; ++f) {
    for (std::size_t g = 0; g < k; ++g) {
      auto& into = g == f ? splits[f].held_out : splits[f].train;
      into.insert(into.end(), fold_rows[g].begin(), fold_rows[g].end());
    }
    std::sort(splits[f].train.begin(), splits[f].train.end());
    std::sort(splits[f].held_out.begin(), splits[f].held_out.end());
  }
  return splits;
}

}  // namespace mlctl::training
