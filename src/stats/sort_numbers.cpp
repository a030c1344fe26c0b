#include "stats/sort_numbers.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "stats/number_key.hpp"

namespace mlctl::stats {

namespace {

constexpr int kPasses = (64 + kDigitBits - 1) / kDigitBits;  // 6
// Below this, the passes' fixed costs (6 x 2048 counters) outweigh their gain.
constexpr std::size_t kMinRadixSize = 1024;

using Counts = std::vector<std::array<std::size_t, kBuckets>>;

unsigned digit(std::uint64_t key, int pass) {
  return static_cast<unsigned>((key >> (pass * kDigitBits)) & (kBuckets - 1));
}

// Least significant digit first; each pass is stable, so the last one leaves the keys sorted.
// With kCarry the values travel with their keys (so -0.0 stays -0.0); without, only the keys
// move, half the memory traffic, and the caller reads the values back from them.
template <bool kCarry>
void radix_passes(std::span<std::uint64_t> keys, std::span<double> values, Counts& counts) {
  const std::size_t n = keys.size();
  std::vector<std::uint64_t> key_buffer(n);
  std::vector<double> value_buffer(kCarry ? n : 0);
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
      if constexpr (kCarry) to_values[at] = from_values[i];
    }
    std::swap(from_keys, to_keys);
    if constexpr (kCarry) std::swap(from_values, to_values);
  }
  if constexpr (kCarry) {
    if (from_values.data() != values.data())
      std::copy(from_values.begin(), from_values.end(), values.begin());
  } else {
    for (std::size_t i = 0; i < n; ++i) values[i] = number_of_key(from_keys[i]);
  }
}

}  // namespace

void sort_numbers(std::span<double> values) {
  const std::size_t n = values.size();
  if (n < kMinRadixSize) {
    std::stable_sort(values.begin(), values.end());
    return;
  }
  std::vector<std::uint64_t> keys(n);
  Counts counts(kPasses);
  for (auto& c : counts) c.fill(0);
  bool negative_zero = false;  // the one number its key does not give back
  for (std::size_t i = 0; i < n; ++i) {
    negative_zero |= std::bit_cast<std::uint64_t>(values[i]) == kNumberKeySignBit;
    keys[i] = number_key(values[i]);
    for (int pass = 0; pass < kPasses; ++pass)
      ++counts[static_cast<std::size_t>(pass)][digit(keys[i], pass)];
  }
  if (negative_zero) {
    radix_passes<true>(keys, values, counts);
  } else {
    radix_passes<false>(keys, values, counts);
  }
}

}  // namespace mlctl::stats
