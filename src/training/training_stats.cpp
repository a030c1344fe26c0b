#include "training/training_stats.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "stats/quantile.hpp"

namespace mlctl::training {
namespace {

using nlohmann::json;

json numeric_stats(const table::Column& column) {
  // Count, mean, spread and range are exact. The order statistics (distinct count, quantiles,
  // drift bins) come from a sorted copy: of every value up to kExactRows values, beyond that of a
  // fixed stride sample of about kExactRows (deterministic, so files stay reproducible; decile
  // edges of 65536 values are within a fraction of a percentile of the exact ones).
  std::size_t present = 0;
  double sum = 0.0;
  double lo = 0.0;
  double hi = 0.0;
  for (const double v : column.numbers) {
    if (std::isnan(v)) continue;
    lo = present == 0 ? v : std::min(lo, v);
    hi = present == 0 ? v : std::max(hi, v);
    sum += v;
    ++present;
  }
  json j;
  if (present == 0) return j;
  const auto n = static_cast<double>(present);
  const double mean = sum / n;
  double squares = 0.0;
  for (const double v : column.numbers) {
    if (!std::isnan(v)) squares += (v - mean) * (v - mean);
  }
  const std::size_t stride = (present + kExactRows - 1) / kExactRows;
  std::vector<double> values;
  values.reserve(present / stride + 1);
  std::size_t seen = 0;
  for (const double v : column.numbers) {
    if (std::isnan(v)) continue;
    if (seen++ % stride == 0) values.push_back(v == 0.0 ? 0.0 : v);
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

json categorical_stats(const table::Column& column) {
  std::vector<std::uint64_t> counts(column.labels.size(), 0);
  std::uint64_t total = 0;
  for (const auto code : column.codes) {
    if (code < 0) continue;
    ++counts[static_cast<std::size_t>(code)];
    ++total;
  }
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

json training_stats(const table::Table& table) {
  json columns = json::array();
  for (const auto& column : table.columns) {
    const std::size_t missing = column.missing_count();
    json j = {{"name", column.name},
              {"type", table::to_string(column.type)},
              {"count", table.rows() - missing},
              {"missing", missing},
              {"distinct", column.type == table::ColumnType::categorical ? column.distinct_count()
                                                                         : std::size_t{0}}};
    const json details = column.type == table::ColumnType::numeric ? numeric_stats(column)
                                                                   : categorical_stats(column);
    if (details.is_object()) j.update(details);
    columns.push_back(std::move(j));
  }
  return {{"rows", table.rows()}, {"columns", std::move(columns)}};
}

}  // namespace mlctl::training
