#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "csv/reader.hpp"
#include "csv_test_support.hpp"

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

TEST_CASE("parse_number: the fast path for plain decimals agrees bit for bit with from_chars") {
  // A fixed-seed walk over decimals of 1 to 17 digits with the point anywhere, signed or not,
  // a third with an exponent: both sides of the fast path's limits (15 digits, 10^22).
  mlctl::csv::testing::DecimalWalk walk(12345);
  for (int i = 0; i < 200000; ++i) {
    const std::string text = walk.decimal(1, 17);
    double expected = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), expected);
    REQUIRE(result.ec == std::errc{});
    const auto got = parse_number(text);
    REQUIRE(got.has_value());
    CAPTURE(text);
    REQUIRE(std::memcmp(&*got, &expected, sizeof expected) == 0);
  }
}

TEST_CASE("parse_number: exponents") {
  CHECK(parse_number("6.5e-04") == 6.5e-4);
  CHECK(parse_number("1E+5") == 1e5);
  CHECK(parse_number("-2.5e22") == -2.5e22);
  CHECK(parse_number("1e23") == 1e23);
  CHECK(parse_number("123456789012345678e-5") == 1234567890123.45678);
  for (const char* text : {"1e", "1e-", "1e+", "1ee5", "1e5.0", "1e 5", "e", "1e--5"}) {
    CAPTURE(text);
    CHECK(parse_number(text) == std::nullopt);
  }
}

TEST_CASE("parse_number: the inline fast path declines what it cannot parse exactly") {
  using mlctl::csv::detail::parse_plain_decimal;
  double value = 0;
  // Over 15 digits, beyond 10^22, or not a plain decimal at all.
  const std::string declined[] = {"123456789012345.6",
                                  "1234567890123456",
                                  "1e23",
                                  "1.5e-23",
                                  "0.1e-22",
                                  "1e1000",
                                  "",
                                  "-",
                                  ".",
                                  "1e",
                                  "1e+",
                                  "+1",
                                  "1 ",
                                  "inf",
                                  "0x1",
                                  "1.2.3",
                                  "1e5.0",
                                  "NA",
                                  "1,5",
                                  "1d5"};
  for (const std::string& text : declined) {
    CAPTURE(text);
    CHECK_FALSE(parse_plain_decimal(text, value));
  }
  for (const char* text : {"123456789012345", "-1e22", "1.5e-21", "-0", ".5", "5.", "7E+0"}) {
    CAPTURE(std::string(text));
    double expected = 0;
    const std::string_view view(text);
    std::from_chars(view.data(), view.data() + view.size(), expected);
    REQUIRE(parse_plain_decimal(text, value));
    CHECK(std::memcmp(&value, &expected, sizeof value) == 0);
  }
}

TEST_CASE("parse_number: from_chars is asked only about fields that may be numbers") {
  using mlctl::csv::detail::may_be_number;
  using mlctl::csv::detail::parse_by_from_chars;
  for (const char* text : {"0", "9x", "-", "-x", ".", ".x"}) CHECK(may_be_number(text));
  for (const char* text : {"", "x9", "+1", " 1", "inf", "nan", "e5"})
    CHECK_FALSE(may_be_number(text));
  double value = 0;
  REQUIRE(parse_by_from_chars("1234567890123456789", value));
  CHECK(value == 1234567890123456789.0);
  REQUIRE(parse_by_from_chars("-1e-400", value));
  CHECK(value == 0.0);
  CHECK(std::signbit(value));
  value = 7;
  CHECK_FALSE(parse_by_from_chars("1e400", value));
  CHECK_FALSE(parse_by_from_chars("12abc", value));
  CHECK_FALSE(parse_by_from_chars("x", value));
  CHECK(value == 7);  // left alone when refused
}
