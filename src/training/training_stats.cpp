#include "training/training_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include <fmt/format.h>

#include "common/double_pair.hpp"
#include "common/parallel.hpp"
#include "stats/quantile.hpp"
#include "stats/sort_numbers.hpp"

namespace mlctl::training {
namespace {

using model::CategoryShares;
using model::ColumnStats;
using model::NumericSummary;

// Count, mean, spread and range of the present values, in one pass over the column (a million
// values is 8 MB from memory per pass). Sums are of deviations from the first present value, so
// that the squares do not cancel when the mean is large next to the spread; four interleaved
// sums, as a single chain waits on every addition. NaN (missing) adds 0.0 and compares false.
struct Moments {
  std::size_t present = 0;
  double mean = 0.0;
  double squares = 0.0;  // sum of squared deviations from the mean
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
};

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

Moments moments_of(std::span<const double> values) {
  const auto first = std::find_if(values.begin(), values.end(), [](double v) { return v == v; });
  if (first == values.end()) return {};
  const double shift = *first;
  constexpr std::size_t kLanes = 4;
  // Lane l takes values i with i % 4 == l: lanes 0-1 in one pair, 2-3 in the other.
  LanePair low;
  LanePair high;
  const DoublePair shifts = {shift, shift};
  std::size_t i = 0;
  for (; i + kLanes <= values.size(); i += kLanes) {
    low.add(load_pair(values.data() + i), shifts);
    high.add(load_pair(values.data() + i + 2), shifts);
  }
  std::array<std::size_t, kLanes> present{
      static_cast<std::size_t>(low.present[0]), static_cast<std::size_t>(low.present[1]),
      static_cast<std::size_t>(high.present[0]), static_cast<std::size_t>(high.present[1])};
  std::array<double, kLanes> sum{low.sum[0], low.sum[1], high.sum[0], high.sum[1]};
  std::array<double, kLanes> squares{low.squares[0], low.squares[1], high.squares[0],
                                     high.squares[1]};
  std::array<double, kLanes> lo{low.lo[0], low.lo[1], high.lo[0], high.lo[1]};
  std::array<double, kLanes> hi{low.hi[0], low.hi[1], high.hi[0], high.hi[1]};
  for (; i < values.size(); ++i) {
    const double v = values[i];
    const bool is_present = v == v;
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

// Every `stride`-th present value, the first one included, with -0.0 read as 0.0.
std::vector<double> stride_sample(std::span<const double> values, std::size_t present,
                                  std::size_t stride) {
  std::vector<double> sample;
  sample.reserve(present / stride + 1);
  const auto keep = [&](double v) { sample.push_back(v == 0.0 ? 0.0 : v); };
  if (present == values.size()) {  // nothing missing: no need to look at every value
    for (std::size_t i = 0; i < values.size(); i += stride) keep(values[i]);
    return sample;
  }
  std::size_t until_sampled = 0;
  for (const double v : values) {
    if (std::isnan(v)) continue;
    if (until_sampled == 0) {
      keep(v);
      until_sampled = stride;
    }
    --until_sampled;
  }
  return sample;
}

// The summary of a numeric column with values (nullopt without); sets the column's missing count
// and distinct count.
std::optional<NumericSummary> numeric_stats(const table::Column& column, std::size_t& missing,
                                            std::size_t& distinct) {
  // Count, mean, spread and range are exact. The order statistics (distinct count, quantiles,
  // drift bins) come from a sorted copy: of every value up to kExactRows values, beyond that of a
  // fixed stride sample of about kExactRows (deterministic, so files stay reproducible; decile
  // edges of 65536 values are within a fraction of a percentile of the exact ones).
  const Moments m = moments_of(column.numbers);
  const std::size_t present = m.present;
  missing = column.numbers.size() - present;
  if (present == 0) return std::nullopt;
  NumericSummary j;
  const auto n = static_cast<double>(present);
  const double mean = m.mean;
  const double squares = m.squares;
  const std::size_t stride = (present + kExactRows - 1) / kExactRows;
  std::vector<double> values = stride_sample(column.numbers, present, stride);
  const double lo = m.lo;
  const double hi = m.hi;
  stats::sort_numbers(values);
  j.mean = mean;
  j.std = present > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  j.min = lo;
  j.max = hi;
  j.sampled = stride > 1;
  distinct = 1;
  for (std::size_t i = 1; i < values.size(); ++i) distinct += values[i] != values[i - 1] ? 1 : 0;
  // (distinct: of the sample when sampled, a lower bound)
  for (const int pct : {5, 25, 50, 75, 95}) {
    j.quantiles[fmt::format("q{:02}", pct)] = stats::quantile_sorted(values, pct / 100.0);
  }
  // Decile edges; equal edges (ties) are merged so every bin is a proper interval.
  std::vector<double> edges;
  for (int k = 1; k < kDriftBins; ++k) {
    const double edge = stats::quantile_sorted(values, static_cast<double>(k) / kDriftBins);
    if (edges.empty() || edge > edges.back()) edges.push_back(edge);
  }
  // Bin i holds values in (edges[i-1], edges[i]]; the first and last bins are open-ended.
  std::vector<double> shares(edges.size() + 1, 0.0);
  std::size_t bin = 0;
  for (const double v : values) {
    while (bin < edges.size() && v > edges[bin]) ++bin;
    shares[bin] += 1.0;
  }
  for (auto& share : shares) share /= static_cast<double>(values.size());
  j.bin_edges = std::move(edges);
  j.bin_shares = std::move(shares);
  return j;
}

// `missing` and `distinct` are set from the same pass as the shares.
CategoryShares categorical_stats(const table::Column& column, std::size_t& missing,
                                 std::size_t& distinct) {
  std::vector<std::uint64_t> counts(column.labels.size(), 0);
  std::uint64_t total = 0;
  for (const auto code : column.codes) {
    if (code < 0) continue;
    ++counts[static_cast<std::size_t>(code)];
    ++total;
  }
  missing = column.codes.size() - total;
  distinct = static_cast<std::size_t>(
      std::count_if(counts.begin(), counts.end(), [](std::uint64_t c) { return c > 0; }));
  std::vector<std::size_t> order(counts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : column.labels[a] < column.labels[b];
  });
  CategoryShares out;
  double kept = 0.0;
  for (std::size_t i = 0; i < order.size() && i < kMaxCategories; ++i) {
    if (counts[order[i]] == 0) break;
    const double share = static_cast<double>(counts[order[i]]) / static_cast<double>(total);
    out.shares[column.labels[order[i]]] = share;
    kept += share;
  }
  out.other_share = total == 0 ? 0.0 : std::max(0.0, 1.0 - kept);
  return out;
}

}  // namespace

model::TrainingStats training_stats(const table::Table& table, unsigned threads) {
  // Columns are independent: one task each, assembled in column order.
  std::vector<ColumnStats> columns(table.columns.size());
  parallel_for(columns.size(), threads, [&](std::size_t index) {
    const table::Column& column = table.columns[index];
    std::size_t missing = 0;
    std::size_t distinct = 0;
    ColumnStats& c = columns[index];
    if (column.type == table::ColumnType::numeric) {
      c.numeric = numeric_stats(column, missing, distinct);
    } else {
      c.categorical = categorical_stats(column, missing, distinct);
    }
    c.name = column.name;
    c.type = column.type;
    c.count = table.rows() - missing;
    c.missing = missing;
    c.distinct = distinct;
  });
  return {table.rows(), std::move(columns)};
}

}  // namespace mlctl::training
