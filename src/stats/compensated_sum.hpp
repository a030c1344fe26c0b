#pragma once
// A running sum that carries its rounding error (Neumaier's variant of Kahan summation), so
// means and variances over millions of values stay within a few ulps of the exact result.
// Plain Kahan loses the compensation when a term is larger than the running sum; Neumaier
// does not, which is why 1e100 + 1 - 1e100 comes out as 1 here.

#include <cmath>

namespace mlctl::stats {

class CompensatedSum {
 public:
  void add(double value) {
    const double total = sum_ + value;
    if (std::fabs(sum_) >= std::fabs(value)) {
      compensation_ += (sum_ - total) + value;
    } else {
      compensation_ += (value - total) + sum_;
    }
    sum_ = total;
  }
  double value() const { return sum_ + compensation_; }
  // The two parts value() adds, for sums made of parts summed elsewhere (the ranks of a job):
  // adding both to another CompensatedSum keeps their precision.
  double sum() const { return sum_; }
  double compensation() const { return compensation_; }

 private:
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

}  // namespace mlctl::stats
