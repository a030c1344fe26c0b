#include "training/training_stats.hpp"

#include <fmt/format.h>

#include "common/parallel.hpp"
#include "stats/job_reference.hpp"
#include "stats/reference_stats.hpp"

namespace mlctl::training {
namespace {

model::ColumnStats numeric_column(const stats::NumericReference& r) {
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

model::ColumnStats categorical_column(stats::CategoryReference r) {
  model::ColumnStats c;
  c.count = r.count;
  c.missing = r.missing;
  c.distinct = r.distinct;
  model::CategoryShares& s = c.categorical.emplace();
  for (auto& [label, share] : r.shares) s.shares[std::move(label)] = share;
  s.other_share = r.other_share;
  return c;
}

void name_column(model::ColumnStats& c, const table::Column& column, std::uint64_t rows) {
  c.name = column.name;
  c.type = column.type;
  c.count = rows - c.missing;
}

// The job's statistics: the columns' parts go to job_references by type, and come back in order.
model::TrainingStats job_stats(const table::Table& table, unsigned threads,
                               distributed::Communicator& comm) {
  std::vector<std::span<const double>> numeric;
  std::vector<stats::CategoryPart> categorical;
  for (const table::Column& column : table.columns) {
    if (column.type == table::ColumnType::numeric) {
      numeric.emplace_back(column.numbers);
    } else {
      categorical.push_back({column.codes, column.labels});
    }
  }
  stats::JobReferences refs =
      stats::job_references(table.rows(), numeric, categorical, comm, threads);
  std::vector<model::ColumnStats> columns;
  std::size_t next_numeric = 0;
  std::size_t next_categorical = 0;
  for (const table::Column& column : table.columns) {
    model::ColumnStats& c = columns.emplace_back(
        column.type == table::ColumnType::numeric
            ? numeric_column(refs.numeric[next_numeric++])
            : categorical_column(std::move(refs.categorical[next_categorical++])));
    name_column(c, column, refs.rows);
  }
  return {refs.rows, std::move(columns)};
}

}  // namespace

model::TrainingStats training_stats(const table::Table& table, unsigned threads,
                                    distributed::Communicator* comm) {
  if (comm) return job_stats(table, threads, *comm);
  // Columns are independent: one task each, assembled in column order.
  std::vector<model::ColumnStats> columns(table.columns.size());
  parallel_for(columns.size(), threads, [&](std::size_t index) {
    const table::Column& column = table.columns[index];
    model::ColumnStats& c = columns[index];
    c = column.type == table::ColumnType::numeric
            ? numeric_column(stats::numeric_reference(column.numbers))
            : categorical_column(stats::category_reference(column.codes, column.labels));
    name_column(c, column, table.rows());
    // A spilled column read whole: trim now, not when the governor's thread next runs.
    if (SpillArena* arena = table.arena()) arena->check();
  });
  return {table.rows(), std::move(columns)};
}

}  // namespace mlctl::training
