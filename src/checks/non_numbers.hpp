#pragma once
// "Numeric but for a few non-numbers": a column whose values are numbers except for a stray
// missing-value marker or typo ("?", "n/a", "-"). Read as text, such a column one-hot encodes
// into a column per number, and as a target it becomes hundreds of classes. `train` and
// `lint-data` use this one definition (docs/lint-data.md, docs/guide.md).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlctl::checks {

// At least this many non-missing values, so that a single stray value means something.
inline constexpr std::uint64_t kFewNonNumbersMinValues = 10;
// The non-numbers are at most this share of the non-missing values (or a single value) ...
inline constexpr double kFewNonNumbersShare = 0.01;
// ... and at most this many distinct texts.
inline constexpr std::uint64_t kFewNonNumbersMaxDistinct = 20;

// True when a column with `numbers` values that parse as numbers and `non_numbers` values that
// do not (`distinct_non_numbers` distinct texts among them; missing values are neither) is
// numeric but for a few non-numbers.
constexpr bool few_non_numbers(std::uint64_t numbers, std::uint64_t non_numbers,
                               std::uint64_t distinct_non_numbers) {
  const std::uint64_t present = numbers + non_numbers;
  return numbers > 0 && non_numbers > 0 && present >= kFewNonNumbersMinValues &&
         (non_numbers == 1 ||
          static_cast<double>(non_numbers) <= kFewNonNumbersShare * static_cast<double>(present)) &&
         distinct_non_numbers <= kFewNonNumbersMaxDistinct;
}

// The flags that read `values` as missing: `--na '?' --na 'n/a'` (quoted for a POSIX shell).
std::string na_flags(const std::vector<std::string>& values);

// The advice of a message: "if it marks a missing value, add --na '?'", or for `distinct`
// values of which `shown` are named, "if they mark missing values, add --na 'a' --na 'b' ...".
std::string na_advice(const std::vector<std::string>& shown, std::size_t distinct);

}  // namespace mlctl::checks
