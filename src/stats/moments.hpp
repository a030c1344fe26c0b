#pragma once
// Count, mean, spread and range of a column of numbers with NaN for missing, in one pass (a
// million values is 8 MB from memory per pass), as stored in model files (reference_stats.hpp).
//
// Sums are of deviations from the first present value, so that the squares do not cancel when
// the mean is large next to the spread; in four interleaved lanes (value i in lane i % 4, the last
// n % 4 values in lane 0), as a single chain waits on every addition. The lanes fix the order of
// every addition, so the bits of the result do not depend on how the column is cut into blocks:
// MomentSums takes it block by block (while each block is in cache for other work too).
//
// describe's exact summary (column_accumulator.hpp) uses compensated sums of sorted values
// instead; the two differ in the last bits, and each output keeps its own.

#include <cstddef>
#include <limits>
#include <span>

#include "common/double_pair.hpp"

namespace mlctl::stats {

struct Moments {
  std::size_t present = 0;
  double mean = 0.0;
  double squares = 0.0;  // sum of squared deviations from the mean
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
};

// The running sums of a column, fed in blocks.
class MomentSums {
 public:
  // `shift`: the column's first present value.
  explicit MomentSums(double shift) : shifts_{shift, shift} {}
  // The next values of the column, a multiple of four of them (every block but the last).
  void add_groups(std::span<const double> values);
  // The column's last values (fewer than four: lane 0 takes them), and the result.
  Moments finish(std::span<const double> tail) const;
  // Present values in the groups so far.
  std::size_t present() const {
    return static_cast<std::size_t>((low_.present[0] + low_.present[1]) +
                                    (high_.present[0] + high_.present[1]));
  }

 private:
  // The running sums of lanes (l, l + 1): the scalar steps, two lanes per instruction.
  struct LanePair {
    DoublePairMask present = {0, 0};
    DoublePair sum = {0.0, 0.0};
    DoublePair squares = {0.0, 0.0};
    DoublePair lo = {std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::infinity()};
    DoublePair hi = {-std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()};
    void add(DoublePair v, DoublePair shift) {
      const DoublePairMask is_present = v == v;  // all ones where present
      const DoublePair d = is_present ? v - shift : DoublePair{0.0, 0.0};
      present -= is_present;
      sum += d;
      squares += d * d;
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
  };

  DoublePair shifts_;
  LanePair low_;   // lanes 0 and 1
  LanePair high_;  // lanes 2 and 3
};

// The moments of the present values (none present: present 0, the rest as initialized).
Moments moments_of(std::span<const double> values);

// Where `values`' first present value is (values.size() when none is).
std::size_t first_present(std::span<const double> values);

}  // namespace mlctl::stats
