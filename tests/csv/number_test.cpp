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

namespace {

// The text std::to_chars writes for `value` in fixed notation: with `decimals` digits after the
// point, or the shortest that reads back (decimals < 0).
std::string fixed_text(double value, int decimals) {
  char text[128];
  const auto written =
      decimals >= 0
          ? std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals)
          : std::to_chars(text, text + sizeof text, value, std::chars_format::fixed);
  REQUIRE(written.ec == std::errc{});
  return {text, written.ptr};
}

// The shortest fixed text of `value`, with ".0" when it has no point (Python's floats).
std::string with_point_text(double value) {
  std::string text = fixed_text(value, -1);
  if (text.find('.') == std::string::npos) text += ".0";
  return text;
}

// The prefix parse of `field` (followed by a delimiter and the sentinel), and its form.
std::optional<std::pair<double, mlctl::csv::detail::DecimalForm>> parse_with_form(
    const std::string& field) {
  const std::string text = field + "," + std::string(24, '\0');
  double value = 0;
  mlctl::csv::detail::DecimalForm form;
  const char* stop = mlctl::csv::detail::parse_plain_decimal_prefix(text.data(), value, form);
  if (stop != text.data() + field.size()) return std::nullopt;
  return std::pair(value, form);
}

}  // namespace

TEST_CASE("DecimalForm: how a plain decimal was written, when to_chars gives it back") {
  struct Case {
    const char* field;
    int decimals;
    bool shortest;
    bool with_point;
  };
  for (const Case& c : {Case{"0", 0, true, false},        Case{"-0", 0, true, false},
                        Case{"12", 0, true, false},       Case{"100", 0, true, false},
                        Case{"1.5", 1, true, true},       Case{"0.05", 2, true, true},
                        Case{"-0.125", 3, true, true},    Case{"3.0", 1, false, true},
                        Case{"-0.0", 1, false, true},     Case{"100.0", 1, false, true},
                        Case{"1.50", 2, false, false},    Case{"-0.250", 3, false, false},
                        Case{"-0.00", 2, false, false},   Case{"012", -1, false, false},
                        Case{"00.5", -1, false, false},   Case{"-01", -1, false, false},
                        Case{"5.", -1, false, false},     Case{".5", -1, false, false},
                        Case{"-.5", -1, false, false},    Case{"1e5", -1, false, false},
                        Case{"1.5E-3", -1, false, false}, Case{"7E+0", -1, false, false}}) {
    CAPTURE(std::string(c.field));
    const auto parsed = parse_with_form(c.field);
    REQUIRE(parsed.has_value());
    CHECK(parsed->second.decimals == c.decimals);
    using mlctl::csv::detail::DecimalForm;
    CHECK(parsed->second.shortest == ((c.shortest ? DecimalForm::kShortest : 0) |
                                      (c.with_point ? DecimalForm::kShortestWithPoint : 0)));
    if (c.decimals >= 0) CHECK(fixed_text(parsed->first, c.decimals) == c.field);
    if (c.shortest) CHECK(fixed_text(parsed->first, -1) == c.field);
    if (c.with_point) CHECK(with_point_text(parsed->first) == c.field);
  }
}

TEST_CASE("DecimalForm: to_chars gives back every random decimal the form claims, 200000") {
  // Up to 15 digits (the fast path's limit), the point anywhere, leading and trailing zeros,
  // exponents: whatever the form says can be made again must come back byte for byte.
  mlctl::csv::testing::DecimalWalk walk(7);
  std::uint64_t fixed = 0;
  std::uint64_t shortest = 0;
  std::uint64_t with_point = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::string field = walk.decimal(1, 15);
    CAPTURE(field);
    const auto parsed = parse_with_form(field);
    if (!parsed) continue;
    const auto [value, form] = *parsed;
    if (form.decimals >= 0) {
      ++fixed;
      REQUIRE(fixed_text(value, form.decimals) == field);
    }
    if (form.shortest & mlctl::csv::detail::DecimalForm::kShortest) {
      ++shortest;
      REQUIRE(fixed_text(value, -1) == field);
    }
    if (form.shortest & mlctl::csv::detail::DecimalForm::kShortestWithPoint) {
      ++with_point;
      REQUIRE(with_point_text(value) == field);
    }
  }
  // Enough of both kinds to mean something.
  CHECK(fixed > 50000);
  CHECK(shortest > 20000);
  CHECK(with_point > 20000);
}
