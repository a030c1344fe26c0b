#pragma once
// The categorical features of FeaturePipeline::fit: the levels seen (sorted), whether missing
// values were seen, rare levels (rare_levels.hpp) or a hashed feature's collisions
// (hashed_categories.hpp), all from how often each level occurs in the rows.
//
// Over the ranks of a job (issue #15) each rank counts the levels of its own rows. Its table has
// its own codes, so the ranks exchange labels, not codes: every rank's (label, count) lists,
// its missing values and its rows go to every rank in one allgather for all columns, and every
// rank merges them the same way (the counts summed per label, the labels sorted). Rare levels
// then follow from the job-wide counts and rows (a --min-frequency fraction is of the job's
// rows), so every rank finds the same features, equal to one process's fit on all the rows.

#include <span>
#include <vector>

#include "distributed/communicator.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "table/table.hpp"

namespace mlctl::pipeline {

// One Feature per column (categorical columns), fitted on `rows`; the columns on up to
// `threads` threads. null `comm`: this process alone, which takes no collective at all.
std::vector<Feature> fit_categorical_features(std::span<const table::Column* const> columns,
                                              std::span<const std::size_t> rows,
                                              const PipelineOptions& options, unsigned threads,
                                              distributed::Communicator* comm);

}  // namespace mlctl::pipeline
