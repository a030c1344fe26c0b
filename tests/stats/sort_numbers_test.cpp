#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "stats/sort_numbers.hpp"

using mlctl::stats::sort_numbers;

namespace {

// Bit patterns, so that -0.0 and 0.0 (equal as numbers) count as different.
std::vector<std::uint64_t> bits_of(const std::vector<double>& values) {
  std::vector<std::uint64_t> bits;
  for (const double v : values) bits.push_back(std::bit_cast<std::uint64_t>(v));
  return bits;
}

std::vector<double> mixed_values(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal(0.0, 1000.0);
  std::uniform_int_distribution<int> pick(0, 9);
  std::vector<double> values;
  for (std::size_t i = 0; i < n; ++i) {
    switch (pick(engine)) {
      case 0:  // ties
        values.push_back(static_cast<double>(pick(engine)) - 4.5);
        break;
      case 1:  // tiny and huge magnitudes, both signs
        values.push_back(std::ldexp(normal(engine), pick(engine) * 100 - 500));
        break;
      case 2:
        values.push_back(pick(engine) < 5 ? std::numeric_limits<double>::infinity()
                                          : -std::numeric_limits<double>::denorm_min());
        break;
      default:
        values.push_back(normal(engine));
    }
  }
  return values;
}

}  // namespace

TEST_CASE("sort_numbers orders numbers as std::sort, on both sides of the radix threshold") {
  for (const std::size_t n : {0u, 1u, 2u, 1000u, 1023u, 1024u, 1025u, 5000u, 70000u}) {
    CAPTURE(n);
    std::vector<double> values = mixed_values(n, n + 7);
    std::vector<double> expected = values;
    std::sort(expected.begin(), expected.end());
    sort_numbers(values);
    CHECK(bits_of(values) == bits_of(expected));
  }
}

TEST_CASE("sort_numbers keeps -0.0 and 0.0 (equal) in their input order") {
  for (const std::size_t n : {8u, 4096u}) {
    CAPTURE(n);
    std::vector<double> values;
    for (std::size_t i = 0; i < n; ++i) {
      values.push_back(i % 4 == 0 ? -0.0 : (i % 4 == 1 ? 0.0 : static_cast<double>(i % 7) - 3));
    }
    std::vector<double> expected = values;
    std::stable_sort(expected.begin(), expected.end());
    sort_numbers(values);
    CHECK(bits_of(values) == bits_of(expected));
    CHECK(std::signbit(values[std::lower_bound(values.begin(), values.end(), 0.0) -
                              values.begin()]));  // a -0.0 came first among the zeros
  }
}

TEST_CASE("sort_numbers handles values that share all their high bits") {
  // Every key has the same sign and exponent: the radix passes over those digits are skipped.
  std::vector<double> values;
  for (int i = 0; i < 3000; ++i)
    values.push_back(1.0 + static_cast<double>((i * 7919) % 3000) / 4096);
  std::vector<double> expected = values;
  std::sort(expected.begin(), expected.end());
  sort_numbers(values);
  CHECK(values == expected);
  CHECK(values.front() == 1.0);
}

TEST_CASE("sort_numbers gives back every bit from the keys: zeros, infinities, denormals") {
  // No -0.0 among them: only the keys move through the passes, and the numbers are rebuilt.
  const double specials[] = {0.0,
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::denorm_min(),
                             -std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::lowest(),
                             1.0,
                             -1.0};
  std::vector<double> values = mixed_values(3000, 11);
  for (std::size_t i = 0; i < values.size(); i += 7) values[i] = specials[i % 9];
  std::vector<double> expected = values;
  std::sort(expected.begin(), expected.end());
  sort_numbers(values);
  CHECK(bits_of(values) == bits_of(expected));
}
