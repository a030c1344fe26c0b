#include <doctest/doctest.h>

#include "common/plural.hpp"

using mlctl::count_of;

TEST_CASE("count_of: singular for exactly one, plural otherwise") {
  CHECK(count_of(1, "row") == "1 row");
  CHECK(count_of(0, "row") == "0 rows");
  CHECK(count_of(2, "warning") == "2 warnings");
  CHECK(count_of(1309, "row") == "1309 rows");
}

TEST_CASE("count_of: an irregular plural is given") {
  CHECK(count_of(1, "class", "classes") == "1 class");
  CHECK(count_of(3, "class", "classes") == "3 classes");
  CHECK(count_of(0, "info", "info") == "0 info");
}
