#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "stats/order_statistics.hpp"

using mlctl::stats::FewKeys;
using mlctl::stats::KeySplit;
using mlctl::stats::number_key;
using mlctl::stats::order_statistics;
using mlctl::stats::order_statistics_of_keys;
using mlctl::stats::OrderWorkspace;

namespace {

// What sorting gives: the values at `ranks` and the distinct count (-0 and 0 are one).
void check_as_sorted(const std::vector<double>& values, const std::vector<std::size_t>& ranks) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> unique = sorted;
  const auto distinct =
      static_cast<std::uint64_t>(std::unique(unique.begin(), unique.end()) - unique.begin());
  const auto got = order_statistics(values, ranks);
  CHECK(got.distinct == distinct);
  REQUIRE(got.at.size() == ranks.size());
  for (std::size_t k = 0; k < ranks.size(); ++k) {
    CAPTURE(ranks[k]);
    CHECK(got.at[k] == sorted[ranks[k]]);
  }
}

// The same by the keys' path (stats/column_accumulator.cpp): keys made and counted by the
// caller, in one workspace reused from call to call.
void check_keys_as_sorted(const std::vector<double>& values, const std::vector<std::size_t>& ranks,
                          OrderWorkspace& workspace) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> unique = sorted;
  const auto distinct =
      static_cast<std::uint64_t>(std::unique(unique.begin(), unique.end()) - unique.begin());
  std::vector<std::uint64_t> keys;
  for (const double x : values) keys.push_back(number_key(x));
  KeySplit split(*std::min_element(keys.begin(), keys.end()),
                 *std::max_element(keys.begin(), keys.end()));
  FewKeys few(workspace.few);
  for (const std::uint64_t key : keys) {
    split.add(key);
    few.add(key);
  }
  CHECK(few.counted() == (distinct <= FewKeys::kMost));
  const auto got = order_statistics_of_keys(keys, split, few, ranks, workspace);
  CHECK(got.distinct == distinct);
  REQUIRE(got.at.size() == ranks.size());
  for (std::size_t k = 0; k < ranks.size(); ++k) {
    CAPTURE(ranks[k]);
    CHECK(got.at[k] == sorted[ranks[k]]);
    if (got.at[k] == 0.0) CHECK(!std::signbit(got.at[k]));  // a zero comes back as 0.0
  }
}

}  // namespace

TEST_CASE("order statistics: small inputs, zeros of both signs count as one value") {
  check_as_sorted({3.0}, {0, 0});
  check_as_sorted({2.0, -1.0, 2.0, 0.5}, {0, 1, 2, 3});
  const std::vector<std::size_t> ranks = {0, 3};
  const auto zeros = order_statistics(std::vector<double>{-0.0, 0.0, -0.0, 5.0}, ranks);
  CHECK(zeros.distinct == 2);
  CHECK(zeros.at[0] == 0.0);
  CHECK(!std::signbit(zeros.at[0]));  // a zero comes back as 0.0
  CHECK(zeros.at[1] == 5.0);
  const auto none = order_statistics(std::span<const double>{}, std::span<const std::size_t>{});
  CHECK(none.distinct == 0);
}

TEST_CASE("order statistics: large inputs of many shapes, as a sort gives them") {
  std::mt19937_64 engine(16);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int shape = 0; shape < 5; ++shape) {
    CAPTURE(shape);
    // Above the size counted in one table, so the buckets are split, some again (skewed).
    std::vector<double> values(70000 + static_cast<std::size_t>(shape) * 9001);
    for (double& x : values) {
      switch (shape) {
        case 0:
          x = normal(engine);
          break;
        case 1:
          x = static_cast<double>(engine() % 7) - 3.0;  // few values
          break;
        case 2:
          x = engine() % 1000 == 0 ? 1e300 : std::ldexp(normal(engine), -20);  // far outliers
          break;
        case 3:
          x = std::exp(5.0 * normal(engine));  // many magnitudes
          break;
        default:
          x = static_cast<double>(engine() % 100000) / 100.0 - (engine() % 2 == 0 ? 0.0 : 1e-9);
      }
    }
    const std::size_t n = values.size();
    check_as_sorted(values, {0, n / 4, n / 4 + 1, n / 2, n / 2 + 1, 3 * n / 4, n - 1});
  }
}

TEST_CASE("order statistics of keys: counted while few, partitioned past kMost distinct") {
  std::mt19937_64 engine(17);
  OrderWorkspace workspace;
  // Distinct counts around FewKeys::kMost, a constant, zeros of both signs, a small input.
  for (const std::size_t kinds : {std::size_t{1}, std::size_t{2}, std::size_t{700}, FewKeys::kMost,
                                  FewKeys::kMost + 1, std::size_t{200000}}) {
    CAPTURE(kinds);
    std::vector<double> values(100000);
    for (std::size_t i = 0; i < values.size(); ++i) {
      // Every kind at least once, then at random; kind 0 is a zero of either sign.
      const std::size_t kind = i < kinds ? i : engine() % kinds;
      values[i] = kind == 0 ? (engine() % 2 == 0 ? -0.0 : 0.0)
                            : static_cast<double>(kind) * (kind % 2 == 0 ? -0.25 : 1.5);
    }
    const std::size_t n = values.size();
    check_keys_as_sorted(values, {0, n / 4, n / 4 + 1, n / 2, n / 2 + 1, 3 * n / 4, n - 1},
                         workspace);
  }
  check_keys_as_sorted({2.0, -1.0, 2.0}, {0, 1, 2}, workspace);
  check_keys_as_sorted({-0.0, -0.0}, {0, 1}, workspace);
}

TEST_CASE("spare key room: the largest column's memory kept, handed out as room for keys") {
  mlctl::stats::SpareKeyRoom spare;
  CHECK(spare.keys(1) == nullptr);  // nothing kept
  std::vector<double> column(100, 1.5);
  const void* memory = column.data();
  spare.keep(std::move(column));
  CHECK(static_cast<const void*>(spare.keys(100)) == memory);
  CHECK(spare.keys(101) == nullptr);
  spare.keep(std::vector<double>(50));  // smaller: goes back
  std::uint64_t* room = spare.keys(100);
  CHECK(static_cast<const void*>(room) == memory);
  for (std::uint64_t i = 0; i < 100; ++i) room[i] = i;  // keys live there now
  CHECK(room[99] == 99);
  std::vector<double> larger(200);
  const void* larger_memory = larger.data();
  spare.keep(std::move(larger));
  CHECK(static_cast<const void*>(spare.keys(200)) == larger_memory);
}
