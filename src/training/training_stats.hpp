#pragma once
// Per-column statistics of the training data, stored in the model so that new data can be
// checked against what the model saw (lint-data's drift checks, retrain's report, describe).
//
// Numeric columns keep decile bin edges with the training share of each bin (the reference
// distribution of the Population Stability Index); categorical columns keep category shares
// (the reference of the Jensen-Shannon distance), the most frequent kMaxCategories of them.

#include "model/metadata.hpp"
#include "table/table.hpp"

namespace mlctl::training {

inline constexpr std::size_t kMaxCategories = 200;
inline constexpr int kDriftBins = 10;
// Numeric order statistics are exact up to this many values, else from a stride sample of it.
inline constexpr std::size_t kExactRows = 65536;

// One entry per column of `table` (model/metadata.hpp). Columns are measured in parallel on
// `threads` threads; the result does not depend on it.
model::TrainingStats training_stats(const table::Table& table, unsigned threads = 1);

}  // namespace mlctl::training
