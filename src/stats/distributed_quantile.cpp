#include "stats/distributed_quantile.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <limits>
#include <span>

#include "common/error.hpp"

namespace mlctl::stats {
namespace {

constexpr std::uint64_t kSign = std::uint64_t{1} << 63;

// A key that orders like the double: the sign bit set on positive numbers, every bit flipped on
// negative ones.
std::uint64_t key_of(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  return (bits & kSign) != 0 ? ~bits : bits | kSign;
}

double value_of(std::uint64_t key) {
  return std::bit_cast<double>((key & kSign) != 0 ? key & ~kSign : ~key);
}

// The sums over all ranks, in place.
void sum_over_ranks(std::span<std::int64_t> counts, distributed::Communicator* comm) {
  if (comm != nullptr) comm->allreduce(counts, distributed::Reduction::sum);
}

// One wanted position of one query, and the interval of keys [lo, hi] that holds its answer.
struct Search {
  std::size_t query;
  std::uint64_t position;
  std::uint64_t lo = 0;
  std::uint64_t hi = std::numeric_limits<std::uint64_t>::max();
};

}  // namespace

std::vector<std::vector<double>> order_statistics(std::vector<OrderQuery> queries,
                                                  distributed::Communicator* comm) {
  std::vector<std::vector<std::uint64_t>> keys(queries.size());
  std::vector<Search> searches;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    auto& k = keys[q];
    k.reserve(queries[q].values.size());
    for (const double v : queries[q].values) k.push_back(key_of(v));
    std::vector<double>().swap(queries[q].values);  // the keys replace them
    std::sort(k.begin(), k.end());
    for (const auto p : queries[q].positions) searches.push_back({q, p});
  }
  // The smallest key with more than `position` keys at or below it over all ranks. The
  // intervals depend only on summed counts, so every rank takes the same steps.
  std::vector<std::int64_t> counts(searches.size());
  const auto searching = [&searches] {
    return std::any_of(searches.begin(), searches.end(),
                       [](const Search& s) { return s.lo < s.hi; });
  };
  while (searching()) {
    for (std::size_t i = 0; i < searches.size(); ++i) {
      const Search& s = searches[i];
      const auto& k = keys[s.query];
      const std::uint64_t mid = s.lo + (s.hi - s.lo) / 2;
      counts[i] = s.lo < s.hi ? std::upper_bound(k.begin(), k.end(), mid) - k.begin() : 0;
    }
    sum_over_ranks(counts, comm);
    for (std::size_t i = 0; i < searches.size(); ++i) {
      Search& s = searches[i];
      if (s.lo == s.hi) continue;
      const std::uint64_t mid = s.lo + (s.hi - s.lo) / 2;
      if (static_cast<std::uint64_t>(counts[i]) > s.position) {
        s.hi = mid;
      } else {
        s.lo = mid + 1;
      }
    }
  }
  std::vector<std::vector<double>> result(queries.size());
  for (const Search& s : searches) {
    // The all-ones key is a NaN, which no value is: every step found too few keys below.
    if (s.lo == std::numeric_limits<std::uint64_t>::max()) {
      throw Error(ErrorKind::internal, "an order statistic past the number of values");
    }
    result[s.query].push_back(value_of(s.lo));
  }
  return result;
}

double median_midpoint(double lower, double upper) {
  return lower + (upper - lower) / 2.0;
}

std::vector<double> medians(std::vector<std::vector<double>> parts,
                            distributed::Communicator* comm) {
  std::vector<std::int64_t> counts(parts.size());
  for (std::size_t q = 0; q < parts.size(); ++q) {
    counts[q] = static_cast<std::int64_t>(parts[q].size());
  }
  sum_over_ranks(counts, comm);
  std::vector<OrderQuery> queries(parts.size());
  for (std::size_t q = 0; q < parts.size(); ++q) {
    const auto n = static_cast<std::uint64_t>(counts[q]);
    if (n == 0) throw Error(ErrorKind::internal, "the median of no values");
    queries[q].values = std::move(parts[q]);
    if (n % 2 == 0) queries[q].positions.push_back(n / 2 - 1);
    queries[q].positions.push_back(n / 2);
  }
  const auto middle = order_statistics(std::move(queries), comm);
  std::vector<double> result;
  result.reserve(middle.size());
  for (const auto& m : middle) {
    result.push_back(m.size() == 1 ? m[0] : median_midpoint(m[0], m[1]));
  }
  return result;
}

}  // namespace mlctl::stats
