#pragma once
// The parts of parse_number (csv/reader.hpp): a fast path, inline so that the per-field loops of
// its callers inline it, and from_chars for the rest (number.cpp). Not an interface of its own.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mlctl::csv::detail {

inline constexpr double kExactPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

inline unsigned digit_value(char c) {  // 0-9 for a digit, above 9 for any other byte
  return static_cast<unsigned char>(c) - unsigned{'0'};
}

// digits x 10^scale with the sign: one correctly rounded operation, as digits < 2^53 and
// |scale| <= 22 make both operands exact. Signs vary at random from row to row: no branch.
[[gnu::always_inline]] inline double plain_decimal_value(std::uint64_t digits, int scale,
                                                         bool negative) {
  const auto mantissa = static_cast<double>(digits);
  const double magnitude =
      scale < 0 ? mantissa / kExactPowersOfTen[-scale] : mantissa * kExactPowersOfTen[scale];
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(magnitude) | std::uint64_t{negative}
                                                                             << 63);
}

// Plain decimals ("-12.345678", "31770", "6.5e-04") are most of what a CSV holds. With at most
// 15 significant digits the digits form an integer below 2^53, exact as a double; scaled by an
// exact power of ten (up to 10^22) it rounds correctly once: the same double from_chars gives,
// in a fraction of its time (Clinger's fast path). Returns false for anything else, which
// from_chars then decides.
[[gnu::always_inline]] inline bool parse_plain_decimal(std::string_view text, double& value) {
  const char* p = text.data();
  const char* const last = p + text.size();
  if (p == last) return false;
  // Signs vary at random from row to row: no branch on them.
  const bool negative = *p == '-';
  p += negative;
  const char* const first_digit = p;
  std::uint64_t digits = 0;
  for (; p != last && digit_value(*p) <= 9; ++p) digits = digits * 10 + digit_value(*p);
  std::ptrdiff_t count = p - first_digit;
  int scale = 0;  // the power of ten to apply to `digits`
  if (p != last && *p == '.') {
    const char* const fraction = ++p;
    for (; p != last && digit_value(*p) <= 9; ++p) digits = digits * 10 + digit_value(*p);
    scale = -static_cast<int>(p - fraction);
    count += p - fraction;
  }
  if (count == 0 || count > 15) return false;
  if (p != last) {
    if ((*p | 0x20) != 'e') return false;  // 'e' or 'E', nothing else folds onto 'e'
    ++p;
    const bool negative_exponent = p != last && *p == '-';
    if (p != last && (*p == '-' || *p == '+')) ++p;
    int exponent = 0;
    const char* const exponent_digits = p;
    for (; p != last && digit_value(*p) <= 9 && exponent < 1000; ++p) {
      exponent = exponent * 10 + static_cast<int>(digit_value(*p));
    }
    if (p != last || p == exponent_digits) return false;
    scale += negative_exponent ? -exponent : exponent;
  }
  if (scale < -22 || scale > 22) return false;
  value = plain_decimal_value(digits, scale, negative);
  return true;
}

// How a plain decimal was written, as far as its text can be made again from its number
// (stats::ColumnAccumulator, when a column turns to text after its numbers were read):
// `decimals` digits after the point, or -1 when the text is not in the fixed-point form
// std::to_chars writes (an exponent, leading zeros, "5." or ".5"); `shortest`, the bits of the
// shortest forms it is in: kShortest, the shortest fixed-point text of its number (no zero ends
// the digits after the point), kShortestWithPoint, that text but for integral numbers, written
// with ".0" (as Python and pandas write floats: "2.5", "3.0"). With at most 15 significant
// digits (a plain decimal's limit), distinct texts of one such form are distinct doubles, so
// to_chars(value, fixed, decimals), or to_chars(value, fixed), gives the text back exactly.
struct DecimalForm {
  static constexpr std::uint8_t kShortest = 1;
  static constexpr std::uint8_t kShortestWithPoint = 2;
  std::int8_t decimals = -1;
  std::uint8_t shortest = 0;
};

// parse_plain_decimal for a field whose end is not known yet: reads the longest plain decimal
// at `p` (the same grammar and limits, the same double) and returns where it stopped, or
// nullptr when parse_plain_decimal would refuse that text. The number is the whole field, and
// `value` what parse_number gives, exactly when the stop is where the field ends; `form` then
// says how it was written (callers that ignore it pay nothing: all of this is inlined). The
// bytes must end in a byte that is not part of a number (a NUL sentinel, say): there is no bound.
[[gnu::always_inline]] inline const char* parse_plain_decimal_prefix(const char* p, double& value,
                                                                     DecimalForm& form) {
  const bool negative = *p == '-';
  p += negative;
  const char* const first_digit = p;
  std::uint64_t digits = 0;
  for (; digit_value(*p) <= 9; ++p) digits = digits * 10 + digit_value(*p);
  std::ptrdiff_t count = p - first_digit;
  // One integer digit, or several not starting with 0: as to_chars writes the integer part.
  // (No branches: the sentinel makes *first_digit readable.)
  bool fixed = (count == 1) | ((count > 1) & (*first_digit != '0'));
  int decimals = 0;
  bool shortest = true;
  bool with_point = false;
  int scale = 0;
  if (*p == '.') {
    const char* const fraction = ++p;
    for (; digit_value(*p) <= 9; ++p) digits = digits * 10 + digit_value(*p);
    decimals = static_cast<int>(p - fraction);
    scale = -decimals;
    count += p - fraction;
    fixed &= decimals > 0;
    shortest = p[-1] != '0';
    with_point = shortest | (decimals == 1);  // "2.5", or "3.0" for 3
  }
  if (count == 0 || count > 15) return nullptr;
  form = {static_cast<std::int8_t>(fixed ? decimals : -1),
          static_cast<std::uint8_t>(fixed ? shortest | with_point << 1 : 0)};
  if ((*p | 0x20) == 'e') {
    form = {};
    ++p;
    const bool negative_exponent = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    int exponent = 0;
    const char* const exponent_digits = p;
    for (; digit_value(*p) <= 9 && exponent < 1000; ++p) {
      exponent = exponent * 10 + static_cast<int>(digit_value(*p));
    }
    if (p == exponent_digits) return nullptr;
    scale += negative_exponent ? -exponent : exponent;
  }
  if (scale < -22 || scale > 22) return nullptr;
  value = plain_decimal_value(digits, scale, negative);
  return p;
}

[[gnu::always_inline]] inline const char* parse_plain_decimal_prefix(const char* p, double& value) {
  DecimalForm unused;
  return parse_plain_decimal_prefix(p, value, unused);
}

// parse_number for what the fast path leaves: from_chars, underflow and range checks. Leaves
// `value` alone when it returns false.
bool parse_by_from_chars(std::string_view field, double& value);

// Text is most of what the fast path leaves. from_chars accepts nothing else that does not start
// with a digit, a point or a minus (but inf and nan, which are refused anyway).
inline bool may_be_number(std::string_view field) {
  return !field.empty() && (digit_value(field[0]) <= 9 || field[0] == '-' || field[0] == '.');
}

}  // namespace mlctl::csv::detail
