#include <doctest/doctest.h>

#include <vector>

#include "stats/quantile.hpp"

using mlctl::stats::quantile_sorted;

// Expected values are numpy.quantile's (numpy 1.24, method "linear"), printed with repr().
TEST_CASE("quantiles interpolate linearly between ranks, as numpy") {
  const std::vector<double> x = {1, 2, 3, 4};
  CHECK(quantile_sorted(x, 0.25) == 1.75);
  CHECK(quantile_sorted(x, 0.5) == 2.5);
  CHECK(quantile_sorted(x, 0.75) == 3.25);
  CHECK(quantile_sorted(x, 0.0) == 1.0);
  CHECK(quantile_sorted(x, 1.0) == 4.0);
}

TEST_CASE("quantiles land on a rank when (n - 1) * q is whole") {
  const std::vector<double> x = {1, 1, 2, 3, 4, 5, 6, 9};
  CHECK(quantile_sorted(x, 0.25) == 1.75);
  CHECK(quantile_sorted(x, 0.5) == 3.5);
  CHECK(quantile_sorted(x, 0.75) == 5.25);
  const std::vector<double> five = {10, 20, 30, 40, 50};
  CHECK(quantile_sorted(five, 0.25) == 20.0);
  CHECK(quantile_sorted(five, 0.5) == 30.0);
}

TEST_CASE("quantiles round exactly as numpy does") {
  const std::vector<double> x = {0.1, 0.2, 0.7};
  CHECK(quantile_sorted(x, 0.25) == 0.15000000000000002);
  CHECK(quantile_sorted(x, 0.5) == 0.2);
  CHECK(quantile_sorted(x, 0.75) == 0.44999999999999996);
  const std::vector<double> y = {0.1, 0.2, 0.3, 0.7, 1.1};
  CHECK(quantile_sorted(y, 0.3) == 0.22);
}

TEST_CASE("the quantiles of one value are that value") {
  const std::vector<double> x = {-2.5};
  CHECK(quantile_sorted(x, 0.25) == -2.5);
  CHECK(quantile_sorted(x, 0.75) == -2.5);
}
