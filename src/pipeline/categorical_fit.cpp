#include "pipeline/categorical_fit.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>

#include "common/error.hpp"
#include "common/parallel.hpp"
#include "distributed/label_counts.hpp"
#include "distributed/record.hpp"
#include "pipeline/rare_levels.hpp"

namespace mlctl::pipeline {
namespace {

// How often each code of a column occurs among the rows, and how many rows are missing.
struct CodeCounts {
  std::vector<std::uint64_t> count;  // by code
  std::uint64_t missing = 0;
};

CodeCounts count_codes(const table::Column& column, std::span<const std::size_t> rows) {
  CodeCounts c;
  c.count.assign(column.labels.size(), 0);
  for (const auto r : rows) {
    const auto code = column.codes[r];
    if (code < 0)
      ++c.missing;
    else
      ++c.count[static_cast<std::size_t>(code)];
  }
  return c;
}

// A feature from the levels seen (`levels[k]` seen counts[k] > 0 times, in any order when
// hashed, else sorted), the missing rows and all rows. `buckets` > 0: hashed
// (hashed_categories.hpp), its collisions counted over the levels seen.
Feature categorical_feature(const std::string& name, std::vector<std::string_view> levels,
                            std::span<const std::uint64_t> counts, std::uint64_t missing,
                            std::size_t rows, const PipelineOptions& options,
                            std::uint64_t buckets) {
  Feature f;
  f.name = name;
  f.type = table::ColumnType::categorical;
  f.missing_category = missing > 0;
  if (buckets != 0) {
    f.hash = hash_levels(levels, buckets, options.hashing.seed);
    return f;
  }
  f.categories.assign(levels.begin(), levels.end());
  group_rare_levels(f, counts, missing, rows, options);
  return f;
}

// This process alone: the levels of the column's codes.
Feature fit_alone(const table::Column& column, std::span<const std::size_t> rows,
                  const PipelineOptions& options) {
  const CodeCounts c = count_codes(column, rows);
  const std::uint64_t buckets = options.hashing.buckets_for(column.name);
  std::vector<std::size_t> seen;  // codes, in the order of their labels unless hashed
  for (std::size_t code = 0; code < c.count.size(); ++code) {
    if (c.count[code] > 0) seen.push_back(code);
  }
  if (buckets == 0) {
    std::sort(seen.begin(), seen.end(), [&column](std::size_t a, std::size_t b) {
      return column.labels[a] < column.labels[b];
    });
  }
  std::vector<std::string_view> levels;
  std::vector<std::uint64_t> counts;
  levels.reserve(seen.size());
  counts.reserve(seen.size());
  for (const auto code : seen) {
    levels.emplace_back(column.labels[code]);
    counts.push_back(c.count[code]);
  }
  return categorical_feature(column.name, std::move(levels), counts, c.missing, rows.size(),
                             options, buckets);
}

// The record one rank sends: its rows, then per column its missing rows, its number of levels
// seen and each one's count and label.
std::vector<std::byte> encode_counts(std::span<const table::Column* const> columns,
                                     const std::vector<CodeCounts>& counts, std::size_t rows) {
  distributed::RecordWriter out;
  out.put<std::uint64_t>(rows);
  for (std::size_t j = 0; j < columns.size(); ++j) {
    distributed::put_label_counts(out, counts[j].missing, columns[j]->labels, counts[j].count);
  }
  return std::move(out).bytes();
}

// The job-wide features from every rank's record (`all`, by rank): per column the counts summed
// per label, the labels sorted (the order one process sorts them in: std::string's <).
std::vector<Feature> merge(std::span<const table::Column* const> columns,
                           const std::vector<std::vector<std::byte>>& all,
                           const PipelineOptions& options, unsigned threads) {
  std::vector<distributed::LabelCounts> merged(columns.size());
  std::size_t rows = 0;
  for (const auto& record : all) {
    // A record that ends early is a bug (ranks disagree on the columns), reported as
    // Error(internal) on every rank alike.
    distributed::RecordReader in(record, "a rank's category counts");
    rows += static_cast<std::size_t>(in.get<std::uint64_t>());
    for (auto& column : merged) column.add(in);
    in.expect_end();
  }
  std::vector<Feature> features(columns.size());
  parallel_for(columns.size(), threads, [&](std::size_t j) {
    const std::uint64_t missing = merged[j].missing();
    auto [labels, counts] = std::move(merged[j]).merged();
    features[j] = categorical_feature(columns[j]->name, std::move(labels), counts, missing, rows,
                                      options, options.hashing.buckets_for(columns[j]->name));
  });
  return features;
}

}  // namespace

std::vector<Feature> fit_categorical_features(std::span<const table::Column* const> columns,
                                              std::span<const std::size_t> rows,
                                              const PipelineOptions& options, unsigned threads,
                                              distributed::Communicator* comm) {
  std::vector<Feature> features(columns.size());
  if (comm == nullptr) {
    parallel_for(columns.size(), threads,
                 [&](std::size_t j) { features[j] = fit_alone(*columns[j], rows, options); });
    return features;
  }
  std::vector<CodeCounts> counts(columns.size());
  parallel_for(columns.size(), threads,
               [&](std::size_t j) { counts[j] = count_codes(*columns[j], rows); });
  const auto all = comm->allgather(encode_counts(columns, counts, rows.size()));
  return merge(columns, all, options, threads);
}

}  // namespace mlctl::pipeline
