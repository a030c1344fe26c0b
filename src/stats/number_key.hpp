#pragma once
// Numbers as unsigned keys in the same order, for radix passes and hash tables over doubles
// (stats/sort_numbers.cpp, stats/order_statistics.cpp).

#include <bit>
#include <cstddef>
#include <cstdint>

namespace mlctl::stats {

inline constexpr std::uint64_t kNumberKeySignBit = std::uint64_t{1} << 63;

// The radix digit both passes over keys use: 11 bits, 2048 buckets. Here, once: two
// anonymous-namespace copies collide when a unity batch holds both files.
inline constexpr int kDigitBits = 11;
inline constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;

// An unsigned key whose order is the numbers' order: flip every bit of a negative number (its
// magnitude order is reversed) and only the sign bit of a positive one. -0.0 maps onto 0.0's key;
// a finite number's key is never 0, so 0 can mark an empty hash slot.
inline std::uint64_t number_key(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value == 0.0 ? 0.0 : value);
  const std::uint64_t negative = bits >> 63;
  return bits ^ ((0 - negative) | kNumberKeySignBit);
}

// The number a key was made from (-0.0 comes back as 0.0).
inline double number_of_key(std::uint64_t key) {
  return std::bit_cast<double>((key & kNumberKeySignBit) != 0 ? key ^ kNumberKeySignBit : ~key);
}

}  // namespace mlctl::stats
