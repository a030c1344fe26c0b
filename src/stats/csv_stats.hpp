#pragma once
// Statistics of a CSV input, read to the end in one streaming pass. Missing values and numbers
// follow the reader's rules (csv::Reader::is_missing, csv::parse_number).

#include "csv/reader.hpp"
#include "stats/column_accumulator.hpp"
#include "stats/column_stats.hpp"

namespace mlctl::stats {

// Reads every remaining record of `reader`; its errors (mlctl::Error) propagate unchanged.
DatasetStats collect_csv_stats(csv::Reader& reader, const SummaryOptions& options = {});

}  // namespace mlctl::stats
