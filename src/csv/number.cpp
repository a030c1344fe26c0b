// parse_number()'s slow path (the fast path is inline, in csv/number.hpp).

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "csv/number.hpp"

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

}  // namespace

bool detail::parse_by_from_chars(std::string_view field, double& value) {
  if (!may_be_number(field)) return false;
  const char* first = field.data();
  const char* last = first + field.size();
  double parsed = 0;
  const auto [end, error] = std::from_chars(first, last, parsed);
  if (end != last) return false;
  if (error == std::errc::result_out_of_range) {
    if (!is_underflow(field)) return false;
    value = field[0] == '-' ? -0.0 : 0.0;
    return true;
  }
  if (error != std::errc{} || !std::isfinite(parsed)) return false;
  value = parsed;
  return true;
}

}  // namespace mlctl::csv
