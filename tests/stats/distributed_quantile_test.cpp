// stats::order_statistics and stats::medians over 1 to 4 ranks (threads,
// support/thread_group.hpp) against std::nth_element on all the values in one process.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "stats/distributed_quantile.hpp"
#include "support/thread_group.hpp"

using mlctl::Error;
using mlctl::distributed::Communicator;
using mlctl::stats::medians;
using mlctl::stats::order_statistics;
using mlctl::stats::OrderQuery;
using mlctl::testing::ThreadGroup;

namespace {

// n values with many ties, both signs, both zeros, tiny and huge magnitudes.
std::vector<double> random_values(std::size_t n, std::uint32_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> kind(0, 5);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> values;
  for (std::size_t i = 0; i < n; ++i) {
    switch (kind(random)) {
      case 0:
        values.push_back(static_cast<double>(random() % 5));  // ties
        break;
      case 1:
        values.push_back(random() % 2 == 0 ? 0.0 : -0.0);
        break;
      case 2:
        values.push_back(normal(random) * 1e300);
        break;
      case 3:
        values.push_back(normal(random) * 1e-300);
        break;
      default:
        values.push_back(normal(random));
    }
  }
  return values;
}

// The k-th smallest as std::nth_element finds it.
double nth(std::vector<double> values, std::size_t k) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

// The median as FeaturePipeline computed it before issue #15.
double median_by_nth_element(std::vector<double> v) {
  const std::size_t n = v.size();
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (n % 2 == 1) return *mid;
  const double lower = *std::max_element(v.begin(), mid);
  return lower + (*mid - lower) / 2.0;
}

// values cut into `ranks` uneven contiguous parts, one empty from two ranks on.
std::vector<double> part_of(const std::vector<double>& values, int ranks, int rank) {
  static const std::vector<std::vector<double>> shares = {
      {1.0}, {0.0, 1.0}, {0.6, 0.1, 0.3}, {0.15, 0.5, 0.0, 0.35}};
  const auto& share = shares[static_cast<std::size_t>(ranks - 1)];
  const auto n = static_cast<double>(values.size());
  double before = 0.0;
  for (int r = 0; r < rank; ++r) before += share[static_cast<std::size_t>(r)];
  const double through = before + share[static_cast<std::size_t>(rank)];
  const auto begin = static_cast<std::ptrdiff_t>(before * n + 0.5);
  const auto end = rank + 1 == ranks ? static_cast<std::ptrdiff_t>(values.size())
                                     : static_cast<std::ptrdiff_t>(through * n + 0.5);
  return {values.begin() + begin, values.begin() + end};
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

}  // namespace

TEST_CASE("distributed quantile: every order statistic of random data over 1 to 4 ranks") {
  const std::vector<double> values = random_values(301, 11);
  std::vector<std::uint64_t> positions(values.size());
  for (std::size_t k = 0; k < positions.size(); ++k) positions[k] = k;
  for (int ranks = 1; ranks <= 4; ++ranks) {
    CAPTURE(ranks);
    std::vector<std::vector<double>> got(static_cast<std::size_t>(ranks));
    ThreadGroup::run(ranks, [&](Communicator& comm) {
      std::vector<OrderQuery> queries(1);
      queries[0].values = part_of(values, ranks, comm.rank());
      queries[0].positions = positions;
      got[static_cast<std::size_t>(comm.rank())] =
          order_statistics(std::move(queries), &comm).at(0);
    });
    for (const auto& g : got) {
      REQUIRE(g.size() == values.size());
      for (std::size_t k = 0; k < values.size(); ++k) {
        CAPTURE(k);
        CHECK(g[k] == nth(values, k));  // -0.0 == 0.0: the sign is the key order's
        CHECK(same_bits(g[k], got[0][k]));
      }
    }
    // Ascending in the key order: every -0.0 before every +0.0.
    for (std::size_t k = 1; k < values.size(); ++k) {
      CHECK(!(std::signbit(got[0][k - 1]) == false && got[0][k - 1] == 0.0 &&
              std::signbit(got[0][k])));
    }
  }
}

TEST_CASE("distributed quantile: medians of many sets at once equal nth_element's, bit for bit") {
  std::vector<std::vector<double>> sets;
  for (std::uint32_t seed = 0; seed < 12; ++seed) {
    auto v = random_values(1 + seed * 37 % 200, seed);
    for (auto& x : v) x = x == 0.0 ? 1.5 : x;  // no zeros: their sign is the key order's
    sets.push_back(v);
  }
  sets.push_back({4.0});
  sets.push_back({1.0, 2.0});
  sets.push_back({-1e308, 1e308});  // the midpoint's rounding: lower + (upper - lower) / 2
  for (int ranks = 1; ranks <= 4; ++ranks) {
    CAPTURE(ranks);
    std::vector<std::vector<double>> got(static_cast<std::size_t>(ranks));
    ThreadGroup::run(ranks, [&](Communicator& comm) {
      std::vector<std::vector<double>> parts;
      for (const auto& s : sets) parts.push_back(part_of(s, ranks, comm.rank()));
      got[static_cast<std::size_t>(comm.rank())] = medians(std::move(parts), &comm);
    });
    for (const auto& g : got) {
      REQUIRE(g.size() == sets.size());
      for (std::size_t q = 0; q < sets.size(); ++q) {
        CAPTURE(q);
        CHECK(same_bits(g[q], median_by_nth_element(sets[q])));
      }
    }
  }
  CHECK(medians({{3.0, 1.0, 2.0, 10.0}}, nullptr) == std::vector<double>{2.5});
}

TEST_CASE("distributed quantile: no value, or a position past the values, is an error") {
  CHECK_THROWS_AS(medians({{}}, nullptr), Error);
  std::vector<OrderQuery> past(1);
  past[0].values = {1.0, 2.0};
  past[0].positions = {2};
  CHECK_THROWS_WITH(order_statistics(std::move(past), nullptr),
                    "an order statistic past the number of values");
  CHECK_THROWS_WITH(ThreadGroup::run(3,
                                     [](Communicator& comm) {
                                       std::vector<double> mine;
                                       if (comm.rank() == 2) mine = {-0.0, 5.0};
                                       medians({mine, {}}, &comm);
                                     }),
                    "the median of no values");
}
