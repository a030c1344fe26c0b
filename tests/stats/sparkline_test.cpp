#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "stats/sparkline.hpp"

using mlctl::stats::sparkline;

TEST_CASE("sparkline scales bars to the largest count") {
  const std::vector<std::uint64_t> counts = {1, 2, 3, 4, 5, 6, 7, 8};
  CHECK(sparkline(counts) == "▁▂▃▄▅▆▇█");
}

TEST_CASE("sparkline shows empty bins as spaces and tiny ones as the lowest bar") {
  const std::vector<std::uint64_t> counts = {0, 1, 1000, 0, 125, 126};
  CHECK(sparkline(counts) == " ▁█ ▁▂");
}

TEST_CASE("sparkline of no bins is empty") {
  CHECK(sparkline({}).empty());
}
