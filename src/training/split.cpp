#include "training/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::training {

Random::Random(std::uint64_t seed) : engine_(seed) {}

std::uint64_t Random::below(std::uint64_t bound) {
  // Reject the top partial range so every value is equally likely. That range is shorter than
  // `bound`, so only a draw above UINT64_MAX - bound needs its limit (a second division).
  std::uint64_t x = engine_();
  if (x > UINT64_MAX - bound) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    while (x >= limit) x = engine_();
  }
  return x % bound;
}

void Random::shuffle(std::vector<std::size_t>& values) {
  for (std::size_t i = values.size(); i > 1; --i) {
    std::swap(values[i - 1], values[below(i)]);
  }
}

namespace {

constexpr std::uint64_t kMaxDenseClasses = 1u << 16;

// Rows grouped by class (one group when there are no classes), each group shuffled.
std::vector<std::vector<std::size_t>> shuffled_groups(std::span<const std::size_t> rows,
                                                      std::span<const int> classes,
                                                      Random& random) {
  std::vector<std::vector<std::size_t>> groups;
  if (classes.empty()) {
    groups.emplace_back(rows.begin(), rows.end());
  } else {
    // Groups in ascending class order. Classes are small codes (0..K-1 from the trainer): a
    // table by class beats a tree lookup per row; a sparse set of classes still works.
    const auto [lowest, highest] = std::minmax_element(classes.begin(), classes.end());
    const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(*highest) - *lowest);
    if (span < kMaxDenseClasses) {
      std::vector<std::vector<std::size_t>> by_class(span + 1);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        by_class[static_cast<std::size_t>(classes[i] - *lowest)].push_back(rows[i]);
      }
      for (auto& group : by_class) {
        if (!group.empty()) groups.push_back(std::move(group));
      }
    } else {
      std::map<int, std::vector<std::size_t>> by_class;
      for (std::size_t i = 0; i < rows.size(); ++i) by_class[classes[i]].push_back(rows[i]);
      for (auto& [_, group] : by_class) groups.push_back(std::move(group));
    }
  }
  for (auto& group : groups) random.shuffle(group);
  return groups;
}

constexpr std::size_t kNoPart = SIZE_MAX;

// part[row] = the index of the part that holds `row`, kNoPart for rows in none.
std::vector<std::size_t> part_of_row(const std::vector<std::vector<std::size_t>>& parts) {
  std::size_t rows = 0;
  for (const auto& p : parts) {
    for (const auto row : p) rows = std::max(rows, row + 1);
  }
  std::vector<std::size_t> part(rows, kNoPart);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (const auto row : parts[i]) part[row] = i;
  }
  return part;
}

// The rows of part `held_out` against those of every other part, each in row order. Row numbers
// are distinct, so a pass over them sorts both: O(rows), where std::sort took a tenth of a
// second on a million.
Split split_in_row_order(const std::vector<std::size_t>& part, std::size_t held_out) {
  Split split;
  for (std::size_t row = 0; row < part.size(); ++row) {
    if (part[row] == held_out) {
      split.held_out.push_back(row);
    } else if (part[row] != kNoPart) {
      split.train.push_back(row);
    }
  }
  return split;
}

}  // namespace

Split holdout_split(std::span<const std::size_t> rows, std::span<const int> classes,
                    double fraction, std::uint64_t seed) {
  if (!(fraction > 0.0 && fraction < 1.0)) {
    throw Error(ErrorKind::usage, fmt::format("--holdout must be in [0, 1), got {}", fraction));
  }
  Random random(seed);
  std::vector<std::vector<std::size_t>> sides(2);  // train, held out: in shuffled order
  for (const auto& group : shuffled_groups(rows, classes, random)) {
    auto take = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(group.size())));
    // A class with a single row stays in training: holding it out would hide it from the model.
    if (take >= group.size()) take = group.size() - 1;
    const auto cut = group.begin() + static_cast<std::ptrdiff_t>(take);
    sides[1].insert(sides[1].end(), group.begin(), cut);
    sides[0].insert(sides[0].end(), cut, group.end());
  }
  return split_in_row_order(part_of_row(sides), 1);
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
  const std::vector<std::size_t> fold = part_of_row(fold_rows);
  std::vector<Split> splits;
  for (std::size_t f = 0; f < k; ++f) splits.push_back(split_in_row_order(fold, f));
  return splits;
}

}  // namespace mlctl::training
