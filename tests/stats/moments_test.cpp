#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "stats/moments.hpp"
#include "support/numbers.hpp"

using mlctl::stats::Moments;
using mlctl::stats::moments_of;
using mlctl::stats::MomentSums;

using mlctl::testing::kNaN;

namespace {

// The order of additions model files depend on, written out plainly: value i in lane i % 4, the
// last n % 4 in lane 0, lanes added as (0 + 1) + (2 + 3), deviations from the first present value.
Moments reference_moments(const std::vector<double>& values) {
  std::size_t first = 0;
  while (first < values.size() && std::isnan(values[first])) ++first;
  if (first == values.size()) return {};
  const double shift = values[first];
  std::array<double, 4> sum{};
  std::array<double, 4> squares{};
  Moments m;
  const std::size_t groups = values.size() - values.size() % 4;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    const std::size_t lane = i < groups ? i % 4 : 0;
    const double d = values[i] - shift;
    sum[lane] += d;
    squares[lane] += d * d;
    ++m.present;
    m.lo = std::min(m.lo, values[i]);
    m.hi = std::max(m.hi, values[i]);
  }
  const double s = (sum[0] + sum[1]) + (sum[2] + sum[3]);
  const double q = (squares[0] + squares[1]) + (squares[2] + squares[3]);
  const auto n = static_cast<double>(m.present);
  m.mean = shift + s / n;
  m.squares = std::max(0.0, q - s * (s / n));
  return m;
}

void check_same_bits(const Moments& a, const Moments& b) {
  CHECK(a.present == b.present);
  CHECK(a.mean == b.mean);
  CHECK(a.squares == b.squares);
  CHECK(a.lo == b.lo);
  CHECK(a.hi == b.hi);
}

// Values whose sum depends on the order of the additions, with a missing value here and there.
std::vector<double> awkward_values(std::size_t n) {
  std::vector<double> values;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i);
    values.push_back(i % 11 == 5 ? kNaN : 1e8 + std::sin(x) * 1e-3 + (i % 3 == 0 ? 1e7 : 0.0));
  }
  return values;
}

}  // namespace

TEST_CASE("moments: count, mean, squared deviations, range - missing values skipped") {
  const Moments m = moments_of(std::vector<double>{kNaN, 2, 4, kNaN, 4, 4, 5, 5, 7, 9});
  CHECK(m.present == 8);
  CHECK(m.mean == 5.0);
  CHECK(m.squares == 32.0);
  CHECK(m.lo == 2.0);
  CHECK(m.hi == 9.0);
}

TEST_CASE("moments: no value present leaves the defaults") {
  const Moments m = moments_of(std::vector<double>{kNaN, kNaN, kNaN});
  CHECK(m.present == 0);
  CHECK(m.mean == 0.0);
  CHECK(std::isinf(m.lo));
  CHECK(moments_of({}).present == 0);
}

TEST_CASE("moments: the lanes' order of additions, to the bit, for every tail length") {
  for (std::size_t n = 1; n < 40; ++n) {
    CAPTURE(n);
    const std::vector<double> values = awkward_values(n);
    check_same_bits(moments_of(values), reference_moments(values));
  }
  const std::vector<double> many = awkward_values(100003);
  check_same_bits(moments_of(many), reference_moments(many));
}

TEST_CASE("moments: fed in blocks of four values or more, the same bits as in one piece") {
  const std::vector<double> values = awkward_values(10007);
  const std::span<const double> all = values;
  const std::size_t groups = values.size() - values.size() % 4;
  for (const std::size_t block : {4u, 12u, 4096u, 10004u}) {
    CAPTURE(block);
    MomentSums sums(values[0]);
    std::size_t present = 0;
    for (std::size_t begin = 0; begin < groups; begin += block) {
      const auto part = all.subspan(begin, std::min(block, groups - begin));
      sums.add_groups(part);
      for (const double v : part) present += std::isnan(v) ? 0 : 1;
      CHECK(sums.present() == present);
    }
    check_same_bits(sums.finish(all.subspan(groups)), moments_of(values));
  }
}

TEST_CASE("moments: a large mean next to a small spread does not cancel") {
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i) values.push_back(1e9 + (i % 2 == 0 ? 0.5 : -0.5));
  const Moments m = moments_of(values);
  CHECK(m.mean == 1e9);
  CHECK(m.squares == 250.0);
}
