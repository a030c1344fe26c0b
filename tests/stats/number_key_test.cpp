// number_key: doubles as unsigned keys in the numbers' order, and back.

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <doctest/doctest.h>

#include "stats/number_key.hpp"

using mlctl::stats::number_key;
using mlctl::stats::number_of_key;

TEST_CASE("number_key orders keys as the numbers, -0 as 0, and comes back") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> ascending = {-inf,   -1e300, -2.5, -1.0,  -5e-324, 0.0,
                                         5e-324, 1.0,    2.5,  1e300, inf};
  for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
    CHECK(number_key(ascending[i]) < number_key(ascending[i + 1]));
  }
  for (const double value : ascending) {
    CHECK(number_of_key(number_key(value)) == value);
    CHECK(number_key(value) != 0);  // 0 marks an empty hash slot
  }
  CHECK(number_key(-0.0) == number_key(0.0));
  CHECK_FALSE(std::signbit(number_of_key(number_key(-0.0))));
}
