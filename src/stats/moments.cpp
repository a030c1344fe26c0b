#include "stats/moments.hpp"

#include <algorithm>
#include <array>

namespace mlctl::stats {

void MomentSums::add_groups(std::span<const double> values) {
  // Lane l takes values i with i % 4 == l: lanes 0-1 in one pair, 2-3 in the other.
  for (std::size_t i = 0; i + 4 <= values.size(); i += 4) {
    low_.add(load_pair(values.data() + i), shifts_);
    high_.add(load_pair(values.data() + i + 2), shifts_);
  }
}

Moments MomentSums::finish(std::span<const double> tail) const {
  constexpr std::size_t kLanes = 4;
  std::array<std::size_t, kLanes> present{
      static_cast<std::size_t>(low_.present[0]), static_cast<std::size_t>(low_.present[1]),
      static_cast<std::size_t>(high_.present[0]), static_cast<std::size_t>(high_.present[1])};
  std::array<double, kLanes> sum{low_.sum[0], low_.sum[1], high_.sum[0], high_.sum[1]};
  std::array<double, kLanes> squares{low_.squares[0], low_.squares[1], high_.squares[0],
                                     high_.squares[1]};
  std::array<double, kLanes> lo{low_.lo[0], low_.lo[1], high_.lo[0], high_.lo[1]};
  std::array<double, kLanes> hi{low_.hi[0], low_.hi[1], high_.hi[0], high_.hi[1]};
  const double shift = shifts_[0];
  for (const double v : tail) {
    const bool is_present = v == v;  // NaN (missing) adds 0.0 and compares false
    const double d = is_present ? v - shift : 0.0;
    present[0] += is_present;
    sum[0] += d;
    squares[0] += d * d;
    lo[0] = v < lo[0] ? v : lo[0];
    hi[0] = v > hi[0] ? v : hi[0];
  }
  Moments m;
  for (std::size_t l = 0; l < kLanes; ++l) {
    m.present += present[l];
    m.lo = lo[l] < m.lo ? lo[l] : m.lo;
    m.hi = hi[l] > m.hi ? hi[l] : m.hi;
  }
  const auto n = static_cast<double>(m.present);
  const double deviation_sum = (sum[0] + sum[1]) + (sum[2] + sum[3]);
  const double square_sum = (squares[0] + squares[1]) + (squares[2] + squares[3]);
  m.mean = shift + deviation_sum / n;
  m.squares = std::max(0.0, square_sum - deviation_sum * (deviation_sum / n));
  return m;
}

std::size_t first_present(std::span<const double> values) {
  const auto first = std::find_if(values.begin(), values.end(), [](double v) { return v == v; });
  return static_cast<std::size_t>(first - values.begin());
}

Moments moments_of(std::span<const double> values) {
  const std::size_t first = first_present(values);
  if (first == values.size()) return {};
  MomentSums sums(values[first]);
  const std::size_t groups = values.size() - values.size() % 4;
  sums.add_groups(values.first(groups));
  return sums.finish(values.subspan(groups));
}

}  // namespace mlctl::stats
