#include "stats/sort_numbers.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace mlctl::stats {

namespace {

constexpr int kDigitBits = 11;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
constexpr int kPasses = (64 + kDigitBits - 1) / kDigitBits;  // 6
// Below this, the passes' fixed costs (6 x 2048 counters) outweigh their gain.
constexpr std::size_t kMinRadixSize = 1024;

// An unsigned key whose order is the numbers' order: flip every bit of a negative number (its
// magnitude order is reversed) and only the sign bit of a positive one. -0.0 maps onto 0.0's key.
std::uint64_t key_of(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value == 0.0 ? 0.0 : value);
  const std::uint64_t negative = bits >> 63;
  return bits ^ ((0 - negative) | (std::uint64_t{1} << 63));
}

unsigned digit(std::uint64_t key, int pass) {
  return static_cast<unsigned>((key >> (pass * kDigitBits)) & (kBuckets - 1));
}

}  // namespace

void sort_numbers(std::span<double> values) {
  const std::size_t n = values.size();
  if (n < kMinRadixSize) {
    std::stable_sort(values.begin(), values.end());
    return;
  }
  // Least significant digit first; each pass is stable, so the last one leaves the keys sorted.
  // The values travel with their keys: -0.0 stays -0.0.
  std::vector<std::uint64_t> keys(n);
  std::vector<std::array<std::size_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (std::size_t i = 0; i < n; ++i) {
    keys[i] = key_of(values[i]);
    for (int pass = 0; pass < kPasses; ++pass)
      ++counts[static_cast<std::size_t>(pass)][digit(keys[i], pass)];
  }
  std::vector<std::uint64_t> key_buffer(n);
  std::vector<double> value_buffer(n);
  std::span<std::uint64_t> from_keys = keys;
  std::span<std::uint64_t> to_keys = key_buffer;
  std::span<double> from_values = values;
  std::span<double> to_values = value_buffer;
  for (int pass = 0; pass < kPasses; ++pass) {
    auto& count = counts[static_cast<std::size_t>(pass)];
    // A digit every key shares (the exponent's high bits, usually) orders nothing: skip it.
    if (count[digit(from_keys[0], pass)] == n) continue;
    std::size_t offset = 0;
    for (auto& c : count) {
      const std::size_t bucket = c;
      c = offset;
      offset += bucket;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t at = count[digit(from_keys[i], pass)]++;
      to_keys[at] = from_keys[i];
      to_values[at] = from_values[i];
    }
    std::swap(from_keys, to_keys);
    std::swap(from_values, to_values);
  }
  if (from_values.data() != values.data())
    std::copy(from_values.begin(), from_values.end(), values.begin());
}

}  // namespace mlctl::stats
