// The per-row split rule (split.hpp): exact counts per class, the per-row functions against the
// in-memory wrappers, the same split when the rows arrive in chunks (two simulated MPI ranks),
// and randomness within a block.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include <doctest/doctest.h>

#include "csv/csv_test_support.hpp"  // vectors print in failure reports
#include "training/split.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::training::block_order;
using mlctl::training::fold_of;
using mlctl::training::held_out;
using mlctl::training::holdout_split;
using mlctl::training::kfold_splits;
using mlctl::training::kSplitBlock;
using mlctl::training::RowPlace;
using mlctl::training::Split;
using mlctl::training::testing::contains_row;

namespace {

// Row numbers 0, 2, 4, ... (gaps, as rows without a target leave) with classes drawn from a
// fixed pattern: class k of `counts.size()` has counts[k] rows, interleaved.
struct Rows {
  std::vector<std::size_t> rows;
  std::vector<int> classes;
};

Rows interleaved(const std::vector<std::size_t>& counts) {
  Rows r;
  std::vector<std::size_t> left = counts;
  std::size_t total = 0;
  for (const auto c : counts) total += c;
  for (std::size_t i = 0; r.rows.size() < total; ++i) {
    const auto k = (i * 7 + i / 3) % counts.size();
    if (left[k] == 0) continue;
    --left[k];
    r.rows.push_back(2 * r.rows.size());
    r.classes.push_back(static_cast<int>(k));
  }
  return r;
}

// Each row's place computed as a reader would: ordinals counted from `first_ordinal` (the
// rows of each class before this chunk), totals and starts from the per-class totals.
std::vector<RowPlace> places(const Rows& r, std::size_t begin, std::size_t end,
                             std::map<int, std::uint64_t> first_ordinal,
                             const std::map<int, std::uint64_t>& totals) {
  std::map<int, std::uint64_t> starts;
  std::uint64_t start = 0;
  for (const auto& [k, n] : totals) {
    starts[k] = start;
    start += n;
  }
  std::vector<RowPlace> out;
  for (std::size_t i = begin; i < end; ++i) {
    const int k = r.classes[i];
    out.push_back({k, starts.at(k), totals.at(k), first_ordinal[k]++});
  }
  return out;
}

std::map<int, std::uint64_t> class_totals(const Rows& r, std::size_t begin, std::size_t end) {
  std::map<int, std::uint64_t> totals;
  for (std::size_t i = begin; i < end; ++i) ++totals[r.classes[i]];
  return totals;
}

}  // namespace

TEST_CASE("split rule: each class holds out floor or ceil of fraction * n_c, folds differ by 1") {
  for (const std::size_t n : {2, 3, 5, 10, 99, 1023, 1024, 1025, 2049, 3000}) {
    for (const double fraction : {0.01, 0.1, 0.2, 0.25, 1.0 / 3, 0.5, 0.7, 0.99}) {
      // Class 0 has n rows, class 1 about n/3, class 2 seven.
      const Rows r = interleaved({n, n / 3 + 1, 7});
      const Split s = holdout_split(r.rows, r.classes, fraction, n);
      std::map<int, std::size_t> held;
      for (std::size_t i = 0; i < r.rows.size(); ++i)
        held[r.classes[i]] += contains_row(s.held_out, r.rows[i]);
      std::size_t whole = 0;  // classes the rule may keep a row of in training
      for (const auto& [k, count] : class_totals(r, 0, r.rows.size())) {
        CAPTURE(n);
        CAPTURE(fraction);
        CAPTURE(k);
        const double exact = fraction * static_cast<double>(count);
        auto low = static_cast<std::size_t>(std::floor(exact));
        auto high = static_cast<std::size_t>(std::ceil(exact));
        if (high == count) high = count - 1;  // a class is never held out whole
        low = std::min(low, high);
        CHECK(held[k] >= low);
        CHECK(held[k] <= high);
        if (fraction * static_cast<double>(count) > static_cast<double>(count) - 1) ++whole;
      }
      // In all: f N rounded, less a row for each class that could have gone out whole.
      const double all = fraction * static_cast<double>(r.rows.size());
      CHECK(s.held_out.size() <= static_cast<std::size_t>(std::ceil(all)));
      CHECK(s.held_out.size() + whole >= static_cast<std::size_t>(std::floor(all)));
    }
  }
  for (const int folds : {2, 3, 5, 10}) {
    const Rows r = interleaved({2500, 31, 10});
    const auto splits = kfold_splits(r.rows, r.classes, folds, 3);
    std::map<int, std::vector<std::size_t>> per_class;
    std::vector<std::size_t> sizes;
    for (const auto& split : splits) {
      sizes.push_back(split.held_out.size());
      std::map<int, std::size_t> held;
      for (std::size_t i = 0; i < r.rows.size(); ++i)
        held[r.classes[i]] += contains_row(split.held_out, r.rows[i]);
      for (const int k : {0, 1, 2}) per_class[k].push_back(held[k]);
    }
    CAPTURE(folds);
    for (auto& [k, counts] : per_class) {
      CAPTURE(k);
      const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
      CHECK(*hi - *lo <= 1);
    }
    const auto [lo, hi] = std::minmax_element(sizes.begin(), sizes.end());
    CHECK(*hi - *lo <= 1);
  }
}

TEST_CASE("split rule: the per-row functions give the wrappers' split") {
  const Rows r = interleaved({2100, 700, 5});  // three blocks in class 0, a short last one
  const auto totals = class_totals(r, 0, r.rows.size());
  const auto place = places(r, 0, r.rows.size(), {}, totals);
  const Split s = holdout_split(r.rows, r.classes, 0.2, 42);
  const auto folds = kfold_splits(r.rows, r.classes, 5, 42);
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    CAPTURE(i);
    CHECK(held_out(42, 0.2, place[i]) == contains_row(s.held_out, r.rows[i]));
    CHECK(contains_row(folds[fold_of(42, 5, place[i])].held_out, r.rows[i]));
  }
  // Unstratified: one stratum, code 0.
  const Split plain = holdout_split(r.rows, {}, 0.3, 8);
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const RowPlace row{0, 0, r.rows.size(), i};
    CHECK(held_out(8, 0.3, row) == contains_row(plain.held_out, r.rows[i]));
  }
}

TEST_CASE("split rule: rows read in two chunks (two ranks) split as rows read at once") {
  const Rows r = interleaved({1500, 400, 3});
  const std::size_t cut = 777;
  // Each rank counts its classes; an allreduce gives the totals, an exclusive prefix sum the
  // ordinals rank 1 starts from (rank 0's counts).
  const auto rank0 = class_totals(r, 0, cut);
  auto totals = rank0;
  for (const auto& [k, n] : class_totals(r, cut, r.rows.size())) totals[k] += n;
  auto place = places(r, 0, cut, {}, totals);
  const auto second = places(r, cut, r.rows.size(), rank0, totals);
  place.insert(place.end(), second.begin(), second.end());
  const Split s = holdout_split(r.rows, r.classes, 0.25, 11);
  const auto folds = kfold_splits(r.rows, r.classes, 4, 11);
  std::size_t held = 0;
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    CAPTURE(i);
    const bool out = held_out(11, 0.25, place[i]);
    held += out;
    CHECK(out == contains_row(s.held_out, r.rows[i]));
    CHECK(contains_row(folds[fold_of(11, 4, place[i])].held_out, r.rows[i]));
  }
  CHECK(held == s.held_out.size());
}

TEST_CASE("split rule: the order rows are given in does not matter, only their numbers") {
  const Rows r = interleaved({300, 100});
  Rows reversed;
  for (std::size_t i = r.rows.size(); i-- > 0;) {
    reversed.rows.push_back(r.rows[i]);
    reversed.classes.push_back(r.classes[i]);
  }
  CHECK(holdout_split(reversed.rows, reversed.classes, 0.2, 5).held_out ==
        holdout_split(r.rows, r.classes, 0.2, 5).held_out);
  CHECK(kfold_splits(reversed.rows, reversed.classes, 3, 5)[1].held_out ==
        kfold_splits(r.rows, r.classes, 3, 5)[1].held_out);
}

TEST_CASE("split rule: within a block every row is held out about as often, seed by seed") {
  // 40 rows, fraction 0.2, 1000 seeds: each row is held out ~200 times (binomial sd ~13).
  const Rows r = interleaved({40});
  std::vector<int> times(r.rows.size(), 0);
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    const Split s = holdout_split(r.rows, {}, 0.2, seed);
    for (std::size_t i = 0; i < r.rows.size(); ++i) times[i] += contains_row(s.held_out, r.rows[i]);
  }
  const auto [lo, hi] = std::minmax_element(times.begin(), times.end());
  CHECK(*lo > 130);
  CHECK(*hi < 270);
}

TEST_CASE("split rule: block orders are permutations, seeded by seed, class and block") {
  const auto a = block_order(42, 0, 0, kSplitBlock);
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (std::uint64_t i = 0; i < kSplitBlock; ++i) REQUIRE(sorted[i] == i);
  CHECK(a == block_order(42, 0, 0, kSplitBlock));
  CHECK(a != block_order(43, 0, 0, kSplitBlock));
  CHECK(a != block_order(42, 1, 0, kSplitBlock));
  CHECK(a != block_order(42, 0, 1, kSplitBlock));
  CHECK(block_order(42, 0, 0, 0).empty());
  CHECK(block_order(42, 0, 0, 1) == std::vector<std::uint64_t>{0});
}
