#pragma once
// The statistics a model stores about its training data (model/metadata.hpp), one entry per
// column of the table: what stats/reference_stats.hpp computes, in the model's terms.

#include "model/metadata.hpp"
#include "table/table.hpp"

namespace mlctl::training {

// Columns are measured in parallel on `threads` threads; the result does not depend on it.
model::TrainingStats training_stats(const table::Table& table, unsigned threads = 1);

}  // namespace mlctl::training
