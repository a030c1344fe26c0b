#include <cmath>
#include <optional>

#include <doctest/doctest.h>

#include "csv/reader.hpp"

using mlctl::csv::parse_number;

TEST_CASE("parse_number: whole-field finite decimals") {
  CHECK(parse_number("0") == 0.0);
  CHECK(parse_number("42") == 42.0);
  CHECK(parse_number("-3.25") == -3.25);
  CHECK(parse_number("1e3") == 1000.0);
  CHECK(parse_number("2.5E-2") == 0.025);
  CHECK(parse_number(".5") == 0.5);
  CHECK(parse_number("5.") == 5.0);
  CHECK(parse_number("0.916700006") == 0.916700006);
  CHECK(parse_number("1.7976931348623157e308") == 1.7976931348623157e308);
  const auto negative_zero = parse_number("-0");
  REQUIRE(negative_zero.has_value());
  CHECK(*negative_zero == 0.0);
  CHECK(std::signbit(*negative_zero));
}

TEST_CASE("parse_number: an underflow is zero, an overflow is not a number") {
  CHECK(parse_number("1e-400") == 0.0);
  CHECK(parse_number("0.0000001e-320") == 0.0);
  CHECK(std::signbit(*parse_number("-1e-400")));
  CHECK(parse_number("4.9e-324") == 4.9e-324);
  CHECK(parse_number("1e999") == std::nullopt);
  CHECK(parse_number("-1e999") == std::nullopt);
  CHECK(parse_number("1e309") == std::nullopt);
  CHECK(parse_number("0.1e310") == std::nullopt);
}

TEST_CASE("parse_number: refuses non-finite, partial and decorated numbers") {
  for (const char* text :
       {"",       "inf",  "-inf", "Inf",   "infinity", "nan",   "NaN", "-nan",
        "nan(1)", "0x10", "1,5",  "+1",    " 1",       "1 ",    "1e",  "1e+",
        "-",      ".",    "e5",   "1.2.3", "1_000",    "12abc", "NA",  "\"1\""}) {
    CAPTURE(text);
    CHECK(parse_number(text) == std::nullopt);
  }
}
