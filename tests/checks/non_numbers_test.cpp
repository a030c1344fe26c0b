// checks/non_numbers: the one definition of "numeric but for a few non-numbers", and the --na
// advice that train and lint-data print with it.

#include <doctest/doctest.h>

#include "checks/non_numbers.hpp"

using namespace mlctl::checks;

TEST_CASE("few_non_numbers: at least 10 values, at most 1% (or one), at most 20 texts") {
  CHECK(few_non_numbers(9, 1, 1));
  CHECK_FALSE(few_non_numbers(8, 1, 1));    // 9 values
  CHECK_FALSE(few_non_numbers(0, 12, 1));   // no numbers
  CHECK_FALSE(few_non_numbers(12, 0, 0));   // no texts
  CHECK(few_non_numbers(198, 2, 1));        // 1% of 200
  CHECK_FALSE(few_non_numbers(197, 3, 1));  // 1.5%
  CHECK(few_non_numbers(1980, 20, 20));
  CHECK_FALSE(few_non_numbers(1979, 21, 21));
  CHECK_FALSE(few_non_numbers(9979, 21, 21));  // 0.21%, but 21 distinct texts
}

TEST_CASE("na_flags and na_advice: one flag per value, quoted for a POSIX shell") {
  CHECK(na_flags({"?"}) == "--na '?'");
  CHECK(na_flags({"n/a", "it's"}) == "--na 'n/a' --na 'it'\\''s'");
  CHECK(na_advice({"?"}, 1) == "if it marks a missing value, add --na '?'");
  CHECK(na_advice({"?", "-"}, 2) == "if they mark missing values, add --na '?' --na '-'");
  CHECK(na_advice({"?", "-"}, 7) == "if they mark missing values, add --na '?' --na '-' ...");
}
