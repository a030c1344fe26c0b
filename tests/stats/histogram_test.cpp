#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "stats/histogram.hpp"

using mlctl::stats::make_histogram;
using Counts = std::vector<std::uint64_t>;

// Expected values are numpy.histogram's.
TEST_CASE("histogram bins are half-open except the last, as numpy") {
  const std::vector<double> x = {1, 1, 2, 3, 4, 5, 6, 9};
  const auto h = make_histogram(x, 4);
  CHECK(h.edges == std::vector<double>{1, 3, 5, 7, 9});
  CHECK(h.counts == Counts{3, 2, 2, 1});

  const std::vector<double> y = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(make_histogram(y, 5).counts == Counts{2, 2, 2, 2, 3});
}

TEST_CASE("histogram puts values on inexact edges where numpy does") {
  const std::vector<double> x = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
  const auto h = make_histogram(x, 9);
  CHECK(h.counts == Counts{1, 2, 0, 1, 1, 2, 0, 1, 2});
  CHECK(h.edges.front() == 0.1);
  CHECK(h.edges.back() == 1.0);
}

TEST_CASE("histogram of a constant widens the range by a half each side") {
  const std::vector<double> x = {2.5, 2.5};
  const auto h = make_histogram(x, 2);
  CHECK(h.edges == std::vector<double>{2, 2.5, 3});
  CHECK(h.counts == Counts{0, 2});
}

TEST_CASE("histogram of nothing is empty") {
  const auto h = make_histogram({}, 10);
  CHECK(h.edges.empty());
  CHECK(h.counts.empty());
}

TEST_CASE("histogram of a range wider than the largest double still bins every value") {
  const std::vector<double> x = {-1e308, 0.0, 1e308};
  const auto h = make_histogram(x, 4);
  CHECK(h.edges == std::vector<double>{-1e308, -5e307, 0.0, 5e307, 1e308});
  CHECK(h.counts == Counts{1, 0, 1, 1});
}

TEST_CASE("histogram of a constant too large to widen by a half counts every value once") {
  const std::vector<double> x = {1e300, 1e300, 1e300};
  const auto h = make_histogram(x, 3);
  CHECK(h.edges == std::vector<double>(4, 1e300));
  CHECK(h.counts[0] + h.counts[1] + h.counts[2] == 3);
}
