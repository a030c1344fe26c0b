#include "training/training_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/parallel.hpp"
#include "stats/quantile.hpp"

namespace mlctl::training {
namespace {

using nlohmann::json;

// Two passes over the column: count, sum and range; then the spread about the mean and the
// sample for the order statistics together. `missing` is set to the column's missing count.
json numeric_stats(const table::Column& column, std::size_t& missing) {
  // Count, mean, spread and range are exact. The order statistics (distinct count, quantiles,
  // drift bins) come from a sorted copy: of every value up to kExactRows values, beyond that of a
  // fixed stride sample of about kExactRows (deterministic, so files stay reproducible; decile
  // edges of 65536 values are within a fraction of a percentile of the exact ones).
  std::size_t present = 0;
  double sum = 0.0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (const double v : column.numbers) {
    if (std::isnan(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
    ++present;
  }
  missing = column.numbers.size() - present;
  json j;
  if (present == 0) return j;
  const auto n = static_cast<double>(present);
  const double mean = sum / n;
  const std::size_t stride = (present + kExactRows - 1) / kExactRows;
  std::vector<double> values;
  values.reserve(present / stride + 1);
  double squares = 0.0;
  std::size_t until_sampled = 0;  // every stride-th present value, the first one included
  for (const double v : column.numbers) {
    if (std::isnan(v)) continue;
    squares += (v - mean) * (v - mean);
    if (until_sampled == 0) {
      values.push_back(v == 0.0 ? 0.0 : v);
      until_sampled = stride;
    }
    --until_sampled;
  }
  std::sort(values.begin(), values.end());
  j["mean"] = mean;
  j["std"] = present > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  j["min"] = lo;
  j["max"] = hi;
  j["sampled"] = stride > 1;
  std::size_t distinct = 1;
  for (std::size_t i = 1; i < values.size(); ++i) distinct += values[i] != values[i - 1] ? 1 : 0;
  j["distinct"] = distinct;  // of the sample when sampled: a lower bound
  json quantiles = json::object();
  for (const int pct : {5, 25, 50, 75, 95}) {
    quantiles[fmt::format("q{:02}", pct)] = stats::quantile_sorted(values, pct / 100.0);
  }
  j["quantiles"] = quantiles;
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
  j["bin_edges"] = edges;
  j["bin_shares"] = shares;
  return j;
}

// `missing` and `distinct` are set from the same pass as the shares.
json categorical_stats(const table::Column& column, std::size_t& missing, std::size_t& distinct) {
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
  json shares = json::object();
  double kept = 0.0;
  for (std::size_t i = 0; i < order.size() && i < kMaxCategories; ++i) {
    if (counts[order[i]] == 0) break;
    const double share = static_cast<double>(counts[order[i]]) / static_cast<double>(total);
    shares[column.labels[order[i]]] = share;
    kept += share;
  }
  return {{"shares", shares}, {"other_share", total == 0 ? 0.0 : std::max(0.0, 1.0 - kept)}};
}

}  // namespace

json training_stats(const table::Table& table, unsigned threads) {
  // Columns are independent: one task each, assembled in column order.
  std::vector<json> columns(table.columns.size());
  parallel_for(columns.size(), threads, [&](std::size_t index) {
    const table::Column& column = table.columns[index];
    std::size_t missing = 0;
    std::size_t distinct = 0;  // numeric: in the details (of the sample)
    const json details = column.type == table::ColumnType::numeric
                             ? numeric_stats(column, missing)
                             : categorical_stats(column, missing, distinct);
    json j = {{"name", column.name},
              {"type", table::to_string(column.type)},
              {"count", table.rows() - missing},
              {"missing", missing},
              {"distinct", distinct}};
    if (details.is_object()) j.update(details);
    columns[index] = std::move(j);
  });
  return {{"rows", table.rows()}, {"columns", std::move(columns)}};
}

}  // namespace mlctl::training
