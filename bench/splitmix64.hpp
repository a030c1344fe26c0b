#pragma once
// The bench generators' random numbers: splitmix64 with a fixed seed, so that the same
// arguments write the same bytes on every machine.

#include <cmath>
#include <cstdint>

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  double uniform(double low, double high) {
    return low + (high - low) * static_cast<double>(next() >> 11) * 0x1.0p-53;
  }
  // Box-Muller; the second value of each pair is dropped: simple, and fast enough here.
  double normal() {
    const double u = uniform(0x1.0p-53, 1.0);
    const double v = uniform(0.0, 1.0);
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
  }

 private:
  std::uint64_t state_;
};
