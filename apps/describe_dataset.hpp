#pragma once
// `mlctl describe DATA.csv`: reads a dataset in one streaming pass and prints its column
// statistics, as an aligned text table for terminals or as one JSON document
// (docs/describe-json.md).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "csv/reader.hpp"
#include "distributed/communicator.hpp"
#include "output.hpp"
#include "stats/column_stats.hpp"

namespace mlctl::cli {

struct DescribeDatasetOptions {
  csv::ReaderOptions reader;
  bool json = false;
  bool quiet = false;    // -q: no progress line while reading
  unsigned threads = 1;  // -j: threads that read and summarise (mlctl describe)
};

// Reads `path` ("-" = stdin) to the end, with a progress line on a terminal; -0 in the
// statistics is 0. Reader errors propagate.
stats::DatasetStats read_dataset_stats(const std::string& path,
                                       const DescribeDatasetOptions& options);

// The statistics of `data`, one or more files or glob patterns read as one input with one
// header, each process of `job` reading its share (mlctl-mpi describe; csv/share.hpp): the same
// on every rank as read_dataset_stats on all the rows (means and std within rounding).
// Collective; errors are agreed (every rank throws the same JobError).
stats::DatasetStats read_job_dataset_stats(const std::vector<std::string>& data,
                                           const DescribeDatasetOptions& options,
                                           distributed::Communicator& job);

// Reads `path` ("-" = stdin) and writes its description to `out`. Reader errors propagate.
void describe_dataset(const std::string& path, const DescribeDatasetOptions& options, Output& out);
// Writes the description of `stats` to `out`: text, or JSON with options.json.
void print_dataset(const stats::DatasetStats& stats, const DescribeDatasetOptions& options,
                   Output& out);

std::string render_dataset_text(const stats::DatasetStats& stats);
nlohmann::ordered_json dataset_to_json(const stats::DatasetStats& stats);

}  // namespace mlctl::cli
