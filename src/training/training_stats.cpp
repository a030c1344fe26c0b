#include "training/training_stats.hpp"

#include <fmt/format.h>

#include "common/parallel.hpp"
#include "stats/reference_stats.hpp"

namespace mlctl::training {
namespace {

model::ColumnStats numeric_column(const table::Column& column) {
  const stats::NumericReference r = stats::numeric_reference(column.numbers);
  model::ColumnStats c;
  c.count = r.count;
  c.missing = r.missing;
  c.distinct = r.distinct;
  if (r.count == 0) return c;
  model::NumericSummary& s = c.numeric.emplace();
  s.mean = r.mean;
  s.std = r.std;
  s.min = r.min;
  s.max = r.max;
  s.sampled = r.sampled;
  for (const stats::Quantile& q : r.quantiles) {
    s.quantiles[fmt::format("q{:02}", q.percent)] = q.value;
  }
  s.bin_edges = r.bin_edges;
  s.bin_shares = r.bin_shares;
  return c;
}

model::ColumnStats categorical_column(const table::Column& column) {
  stats::CategoryReference r = stats::category_reference(column.codes, column.labels);
  model::ColumnStats c;
  c.count = r.count;
  c.missing = r.missing;
  c.distinct = r.distinct;
  model::CategoryShares& s = c.categorical.emplace();
  for (auto& [label, share] : r.shares) s.shares[std::move(label)] = share;
  s.other_share = r.other_share;
  return c;
}

}  // namespace

model::TrainingStats training_stats(const table::Table& table, unsigned threads) {
  // Columns are independent: one task each, assembled in column order.
  std::vector<model::ColumnStats> columns(table.columns.size());
  parallel_for(columns.size(), threads, [&](std::size_t index) {
    const table::Column& column = table.columns[index];
    model::ColumnStats& c = columns[index];
    c = column.type == table::ColumnType::numeric ? numeric_column(column)
                                                  : categorical_column(column);
    c.name = column.name;
    c.type = column.type;
    c.count = table.rows() - c.missing;
  });
  return {table.rows(), std::move(columns)};
}

}  // namespace mlctl::training
