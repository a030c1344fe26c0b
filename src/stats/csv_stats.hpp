#pragma once
// Statistics of a CSV input, read to the end in one streaming pass. Missing values and numbers
// follow the reader's rules (csv::Reader::is_missing, csv::parse_number).

#include <functional>

#include "csv/reader.hpp"
#include "stats/column_accumulator.hpp"
#include "stats/column_stats.hpp"

namespace mlctl::stats {

// Reads every remaining record of `reader`; its errors (mlctl::Error) propagate unchanged.
// `progress`, when set, is called every few thousand rows (the caller shows how far it got).
DatasetStats collect_csv_stats(csv::Reader& reader, const SummaryOptions& options = {},
                               const std::function<void(const csv::ReadProgress&)>& progress = {});

}  // namespace mlctl::stats
