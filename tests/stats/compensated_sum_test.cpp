#include <doctest/doctest.h>

#include <initializer_list>

#include "stats/compensated_sum.hpp"

using mlctl::stats::CompensatedSum;

TEST_CASE("compensated sum keeps what naive summation loses") {
  CompensatedSum sum;
  double naive = 0.0;
  for (const double x : {1e100, 1.0, -1e100}) {
    sum.add(x);
    naive += x;
  }
  CHECK(naive == 0.0);  // the 1 vanished in the naive sum
  CHECK(sum.value() == 1.0);
}

TEST_CASE("compensated sum of many tenths is the correctly rounded total") {
  CompensatedSum sum;
  double naive = 0.0;
  for (int i = 0; i < 10; ++i) {
    sum.add(0.1);
    naive += 0.1;
  }
  CHECK(naive != 1.0);
  CHECK(sum.value() == 1.0);
}

TEST_CASE("an empty compensated sum is zero") {
  CHECK(CompensatedSum{}.value() == 0.0);
}
