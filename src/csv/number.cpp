// parse_number(), declared in csv/reader.hpp.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include "csv/reader.hpp"

namespace mlctl::csv {

namespace {

// from_chars reports both overflow and underflow as result_out_of_range and leaves the value
// alone. An underflow ("1e-400") is a real, tiny number that pandas reads as 0, so we do too;
// an overflow ("1e999") is not finite and is refused. The decimal exponent of the leading
// digit tells them apart.
bool is_underflow(std::string_view text) {
  std::size_t i = (!text.empty() && text[0] == '-') ? 1 : 0;
  std::int64_t leading = 0;  // decimal exponent of the first non-zero mantissa digit
  bool seen_nonzero = false;
  std::int64_t integer_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (text[i] != '0') seen_nonzero = true;
    if (seen_nonzero) ++integer_digits;
  }
  if (seen_nonzero) {
    leading = integer_digits - 1;
  } else if (i < text.size() && text[i] == '.') {
    std::int64_t zeros = 0;
    for (++i; i < text.size() && text[i] == '0'; ++i) ++zeros;
    leading = -zeros - 1;
  }
  const std::size_t e = text.find_first_of("eE");
  std::int64_t exponent = 0;
  if (e != std::string_view::npos) {
    const char* first = text.data() + e + 1;
    const char* last = text.data() + text.size();
    const bool negative = first != last && *first == '-';
    if (first != last && (*first == '-' || *first == '+')) ++first;
    if (std::from_chars(first, last, exponent).ec != std::errc{}) exponent = INT64_MAX / 2;
    if (negative) exponent = -exponent;
  }
  return leading + exponent < 0;
}

// Plain decimals ("-12.345678", "31770", "6.5e-04") are most of what a CSV holds. With at most
// 15 significant digits the digits form an integer below 2^53, exact as a double; scaled by an
// exact power of ten (up to 10^22) it rounds correctly once: the same double from_chars gives,
// in a fraction of its time (Clinger's fast path). Anything else returns nullopt, for
// from_chars to decide.
std::optional<double> parse_plain_decimal(std::string_view text) {
  static constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const auto is_digit = [](char c) { return static_cast<unsigned char>(c - '0') <= 9; };
  const char* p = text.data();
  const char* const last = p + text.size();
  const bool negative = p != last && *p == '-';
  if (negative) ++p;
  std::uint64_t digits = 0;
  int count = 0;
  int scale = 0;  // the power of ten to apply to `digits`
  for (; p != last && is_digit(*p); ++p, ++count)
    digits = digits * 10 + static_cast<unsigned>(*p - '0');
  if (p != last && *p == '.') {
    const char* const point = p++;
    for (; p != last && is_digit(*p); ++p, ++count)
      digits = digits * 10 + static_cast<unsigned>(*p - '0');
    scale = -static_cast<int>(p - point - 1);
  }
  if (count == 0 || count > 15) return std::nullopt;
  if (p != last && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negative_exponent = p != last && *p == '-';
    if (p != last && (*p == '-' || *p == '+')) ++p;
    int exponent = 0;
    const char* const exponent_digits = p;
    for (; p != last && is_digit(*p) && exponent < 1000; ++p) exponent = exponent * 10 + (*p - '0');
    if (p == exponent_digits) return std::nullopt;
    scale += negative_exponent ? -exponent : exponent;
  }
  if (p != last || scale < -22 || scale > 22) return std::nullopt;
  const double magnitude = scale < 0 ? static_cast<double>(digits) / kPowersOfTen[-scale]
                                     : static_cast<double>(digits) * kPowersOfTen[scale];
  return negative ? -magnitude : magnitude;
}

}  // namespace

std::optional<double> parse_number(std::string_view field) {
  if (const auto plain = parse_plain_decimal(field)) return plain;
  // Text is most of what is left. from_chars would only accept more after a digit, a point,
  // a minus, or the i/n of inf/nan, which are refused anyway.
  if (field.empty() ||
      !((field[0] >= '0' && field[0] <= '9') || field[0] == '-' || field[0] == '.')) {
    return std::nullopt;
  }
  const char* first = field.data();
  const char* last = first + field.size();
  double value = 0;
  const auto [end, error] = std::from_chars(first, last, value);
  if (end != last || field.empty()) return std::nullopt;
  if (error == std::errc::result_out_of_range) {
    if (!is_underflow(field)) return std::nullopt;
    return field[0] == '-' ? -0.0 : 0.0;
  }
  if (error != std::errc{} || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace mlctl::csv
