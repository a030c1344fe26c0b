#pragma once
// Statistics of a CSV input, read to the end in one streaming pass. Missing values and numbers
// follow the reader's rules (csv::Reader::is_missing, csv::parse_number).

#include <functional>
#include <string>

#include "csv/reader.hpp"
#include "csv/share.hpp"
#include "distributed/communicator.hpp"
#include "stats/column_accumulator.hpp"
#include "stats/column_stats.hpp"

namespace mlctl::stats {

// Reads every remaining record of `reader`; its errors (mlctl::Error) propagate unchanged.
// `progress`, when set, is called every few thousand rows (the caller shows how far it got).
// With `threads` > 1 the records are read in blocks on that many threads
// (csv/block_reader.hpp) and the columns summarised in parallel: the same statistics.
DatasetStats collect_csv_stats(csv::Reader& reader, const SummaryOptions& options = {},
                               const std::function<void(const csv::ReadProgress&)>& progress = {},
                               unsigned threads = 1);

// The statistics of a job's input (issue #15): this rank reads its `share` (csv::share_of's,
// made with `options`), part by part, and the ranks together give those of all the rows
// (stats/job_dataset_stats.hpp), the same on every rank; `source` names the input. Collective
// over `comm`: errors are agreed (every rank throws the lowest failing rank's). A column text
// anywhere in the job is text on every rank: a rank that read its values as numbers reads
// its parts again for their text as written.
DatasetStats collect_share_stats(
    const csv::Share& share, const csv::ReaderOptions& options, std::string source,
    distributed::Communicator& comm, const SummaryOptions& summary = {},
    const std::function<void(const csv::ReadProgress&)>& progress = {});

}  // namespace mlctl::stats
