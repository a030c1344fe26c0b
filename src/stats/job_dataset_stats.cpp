#include "stats/job_dataset_stats.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "distributed/label_counts.hpp"
#include "distributed/record.hpp"
#include "stats/compensated_sum.hpp"
#include "stats/distributed_quantile.hpp"
#include "stats/frequency.hpp"
#include "stats/histogram.hpp"
#include "stats/job_distinct.hpp"
#include "stats/quantile.hpp"
#include "stats/sort_numbers.hpp"

namespace mlctl::stats {
namespace {

using distributed::Communicator;
using distributed::RecordReader;
using distributed::RecordWriter;
using distributed::Reduction;

// Each sum over the ranks: every rank's sum and compensation, added in rank order with a
// compensated sum (one allgather). On one rank: the bits of that rank's value().
std::vector<double> sum_in_rank_order(std::span<const CompensatedSum> mine, Communicator& comm) {
  std::vector<double> parts;
  for (const auto& sum : mine) {
    parts.push_back(sum.sum());
    parts.push_back(sum.compensation());
  }
  RecordWriter record;
  record.put_values(std::span<const double>(parts));
  std::vector<CompensatedSum> sums(mine.size());
  for (const auto& bytes : comm.allgather(record.bytes())) {
    RecordReader in(bytes, "a rank's column sums");
    std::vector<double> theirs;
    in.get_values(theirs);
    in.expect_end();
    if (theirs.size() != parts.size()) {
      throw Error(ErrorKind::internal, "the ranks of the job disagree on the numeric columns");
    }
    for (std::size_t i = 0; i < sums.size(); ++i) {
      sums[i].add(theirs[2 * i]);
      sums[i].add(theirs[2 * i + 1]);
    }
  }
  std::vector<double> out;
  out.reserve(sums.size());
  for (const auto& sum : sums) out.push_back(sum.value());
  return out;
}

// The three quartiles' places, in the order of NumericSummary's fields.
constexpr double kQuartiles[] = {0.25, 0.5, 0.75};

// Mean, std, min, quartiles, max and histogram of the numeric columns `index` (each with
// `count[k]` values over the job), from this rank's sorted values.
void numeric_summaries(std::span<const std::size_t> index, std::span<const std::uint64_t> count,
                       DatasetAccumulator& mine, DatasetStats& stats, Communicator& comm,
                       std::size_t bins) {
  const std::size_t k = index.size();
  std::vector<CompensatedSum> local(k);
  for (std::size_t i = 0; i < k; ++i) {
    for (const double x : mine.column(index[i]).numbers()) local[i].add(x);
  }
  const std::vector<double> totals = sum_in_rank_order(local, comm);
  std::vector<NumericSummary> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    out[i].mean = totals[i] / static_cast<double>(count[i]);
    local[i] = CompensatedSum();
    for (const double x : mine.column(index[i]).numbers())
      local[i].add((x - out[i].mean) * (x - out[i].mean));
  }
  const std::vector<double> spreads = sum_in_rank_order(local, comm);
  std::vector<OrderQuery> queries(k);
  for (std::size_t i = 0; i < k; ++i) {
    out[i].std = count[i] > 1 ? std::sqrt(spreads[i] / (static_cast<double>(count[i]) - 1.0))
                              : std::numeric_limits<double>::quiet_NaN();
    queries[i].values = mine.column(index[i]).numbers();
    queries[i].positions = {0, count[i] - 1};
    for (const double q : kQuartiles) {
      const QuantilePlace place = quantile_place(static_cast<std::size_t>(count[i]), q);
      queries[i].positions.push_back(place.lower);
      queries[i].positions.push_back(place.upper);
    }
  }
  const auto found = order_statistics(std::move(queries), &comm);
  std::vector<std::int64_t> bin_counts;
  for (std::size_t i = 0; i < k; ++i) {
    NumericSummary& n = out[i];
    const auto& at = found[i];
    n.min = at[0];
    n.max = at[1];
    double* quartiles[] = {&n.q25, &n.median, &n.q75};
    for (std::size_t q = 0; q < 3; ++q) {
      const double fraction =
          quantile_place(static_cast<std::size_t>(count[i]), kQuartiles[q]).fraction;
      *quartiles[q] = quantile_between(at[2 + 2 * q], at[3 + 2 * q], fraction);
    }
    n.histogram = make_histogram(mine.column(index[i]).numbers(), n.min, n.max, bins);
    for (const auto c : n.histogram.counts) bin_counts.push_back(static_cast<std::int64_t>(c));
  }
  comm.allreduce(bin_counts, Reduction::sum);
  for (std::size_t i = 0; i < k; ++i) {
    auto& counts = out[i].histogram.counts;
    for (std::size_t b = 0; b < counts.size(); ++b)
      counts[b] = static_cast<std::uint64_t>(bin_counts[i * counts.size() + b]);
    stats.columns[index[i]].numeric = std::move(out[i]);
  }
}

// A categorical column's counts on this rank, as distributed/label_counts.hpp writes them.
std::vector<std::byte> category_record(const ColumnAccumulator& column) {
  std::vector<std::string> labels;
  std::vector<std::uint64_t> counts;
  column.for_each_count([&](std::string_view label, std::uint64_t count) {
    labels.emplace_back(label);
    counts.push_back(count);
  });
  RecordWriter out;
  distributed::put_label_counts(out, column.missing(), labels, counts);
  return std::move(out).bytes();
}

// The categorical columns `index`, whose `records` (category_record) take `bytes[k]` on all
// ranks together: gathered a batch of columns at a time, summed by label and ranked.
void categorical_summaries(std::span<const std::size_t> index,
                           std::span<const std::vector<std::byte>> records,
                           std::span<const std::int64_t> bytes, const DatasetAccumulator& mine,
                           DatasetStats& stats, Communicator& comm, const SummaryOptions& options,
                           std::size_t batch_bytes) {
  for (std::size_t begin = 0; begin < index.size();) {
    std::size_t end = begin;
    std::size_t total = 0;
    while (end < index.size() &&
           (end == begin || total + static_cast<std::size_t>(bytes[end]) <= batch_bytes)) {
      total += static_cast<std::size_t>(bytes[end++]);
    }
    std::vector<std::byte> record;
    for (std::size_t i = begin; i < end; ++i) {
      record.insert(record.end(), records[i].begin(), records[i].end());
    }
    const auto all = comm.allgather(record);
    std::vector<RecordReader> readers;
    for (const auto& theirs : all) readers.emplace_back(theirs, "a rank's category counts");
    for (std::size_t i = begin; i < end; ++i) {
      distributed::LabelCounts counts;
      for (auto& in : readers) counts.add(in);
      const distributed::MergedLabels merged = std::move(counts).merged();
      std::vector<LabelCount> entries;
      entries.reserve(merged.labels.size());
      for (std::size_t l = 0; l < merged.labels.size(); ++l) {
        entries.push_back({merged.labels[l], merged.counts[l]});
      }
      ColumnStats& column = stats.columns[index[i]];
      column.distinct = entries.size();
      CategoricalSummary summary;
      summary.because = *mine.column(index[i]).because();
      for (const LabelCount& entry : most_frequent(entries, options.top_values)) {
        summary.top.push_back({std::string(entry.label), entry.count});
      }
      column.categorical = std::move(summary);
    }
    for (const auto& in : readers) in.expect_end();
    begin = end;
  }
}

}  // namespace

void agree_column_types(DatasetAccumulator& mine, Communicator& comm) {
  RecordWriter record;
  record.put<std::uint64_t>(mine.size());
  for (std::size_t c = 0; c < mine.size(); ++c) {
    const auto& because = mine.column(c).because();
    record.put<std::uint8_t>(because ? 1 : 0);
    if (!because) continue;
    record.put_text(because->value);
    record.put(because->line);
  }
  std::vector<std::optional<NotNumberEvidence>> first(mine.size());
  for (const auto& bytes : comm.allgather(record.bytes())) {  // in rank order
    RecordReader in(bytes, "a rank's column types");
    if (in.get<std::uint64_t>() != mine.size()) {
      throw Error(ErrorKind::internal, "the ranks of the job disagree on the number of columns");
    }
    for (std::size_t c = 0; c < mine.size(); ++c) {
      if (in.get<std::uint8_t>() == 0) continue;
      const std::string_view value = in.get_text();
      const auto line = in.get<std::uint64_t>();
      if (!first[c]) first[c] = NotNumberEvidence{std::string(value), line};
    }
    in.expect_end();
  }
  for (std::size_t c = 0; c < mine.size(); ++c) {
    if (first[c]) mine.column(c).turn_categorical(std::move(*first[c]));
  }
}

DatasetStats job_dataset_stats(DatasetAccumulator& mine, std::string source, Communicator& comm,
                               const SummaryOptions& options, std::size_t batch_bytes) {
  const std::size_t columns = mine.size();
  // The job's rows, then per column: missing and present values, and the bytes of its
  // categories' record; last, the ranks with values left unread (a caller's bug).
  std::vector<std::int64_t> sums(3 + 3 * columns, 0);
  std::vector<std::vector<std::byte>> records;  // of the categorical columns, in order
  sums[0] = static_cast<std::int64_t>(mine.rows());
  sums[1] = static_cast<std::int64_t>(mine.rows_with_missing());
  for (std::size_t c = 0; c < columns; ++c) {
    ColumnAccumulator& column = mine.column(c);
    if (column.values_pending()) sums.back() = 1;
    sums[2 + 3 * c] = static_cast<std::int64_t>(column.missing());
    if (column.numeric()) {
      sums[3 + 3 * c] = static_cast<std::int64_t>(column.numbers().size());
    } else {
      sums[3 + 3 * c] = static_cast<std::int64_t>(column.categorical_count());
      records.push_back(category_record(column));
      sums[4 + 3 * c] = static_cast<std::int64_t>(records.back().size());
    }
  }
  comm.allreduce(sums, Reduction::sum);
  if (sums.back() != 0) {
    throw Error(ErrorKind::internal, "describe: a column's values were left unread");
  }
  DatasetStats stats;
  stats.source = std::move(source);
  stats.rows = static_cast<std::uint64_t>(sums[0]);
  stats.rows_with_missing = static_cast<std::uint64_t>(sums[1]);
  std::vector<std::size_t> numeric;
  std::vector<std::uint64_t> numeric_count;
  std::vector<std::span<const double>> sorted;
  std::vector<std::size_t> categorical;
  std::vector<std::int64_t> categorical_bytes;
  for (std::size_t c = 0; c < columns; ++c) {
    ColumnStats& column = stats.columns.emplace_back();
    column.name = mine.names()[c];
    column.missing = static_cast<std::uint64_t>(sums[2 + 3 * c]);
    column.count = static_cast<std::uint64_t>(sums[3 + 3 * c]);
    if (!mine.column(c).numeric()) {
      column.type = ColumnType::categorical;
      categorical.push_back(c);
      categorical_bytes.push_back(sums[4 + 3 * c]);
    } else if (column.count > 0) {
      column.type = ColumnType::numeric;
      std::vector<double>& values = mine.column(c).numbers();
      sort_numbers(values);
      numeric.push_back(c);
      numeric_count.push_back(column.count);
      sorted.emplace_back(values);
    }
  }
  numeric_summaries(numeric, numeric_count, mine, stats, comm, options.histogram_bins);
  const auto distinct = job_distinct_counts(sorted, comm);
  for (std::size_t i = 0; i < numeric.size(); ++i) stats.columns[numeric[i]].distinct = distinct[i];
  categorical_summaries(categorical, records, categorical_bytes, mine, stats, comm, options,
                        batch_bytes);
  return stats;
}

}  // namespace mlctl::stats
