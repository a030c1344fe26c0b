#pragma once
// The numeric features of FeaturePipeline::fit: the fill value of missing values (mean or
// median), then the center and scale (standard: mean and population std of the imputed column;
// minmax: min and range), as scikit-learn's SimpleImputer -> StandardScaler | MinMaxScaler.
//
// Over the ranks of a job (issue #15) each rank passes its own rows; the results are the same
// on every rank and equal to one process's fit on all the rows (the ranks' rows in rank order):
// - counts, sums and sums of squared deviations are summed with one allreduce per pass for all
//   columns (the squares are a second pass, about the job-wide mean, as in one process); sums of
//   doubles then differ from one process's in the last bits (a different order of additions);
// - min and max by reduction, exact (the zero one process keeps, -0.0 or +0.0, too);
// - the median is exact, not a sketch: stats/distributed_quantile.hpp (a median of zero from
//   a column holding both -0.0 and +0.0 may have the other sign than one process's, whose
//   nth_element may return either).
// Every value is then computed from the job-wide sums by the same code on every rank.

#include <span>
#include <vector>

#include "distributed/communicator.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "table/table.hpp"

namespace mlctl::pipeline {

// One Feature per column (numeric columns), fitted on `rows`; the columns on up to `threads`
// threads (the result does not depend on it). null `comm`: this process alone, which takes no
// collective at all (the results are those of mlctl before #15, bit for bit).
std::vector<Feature> fit_numeric_features(std::span<const table::Column* const> columns,
                                          std::span<const std::size_t> rows,
                                          const PipelineOptions& options, unsigned threads,
                                          distributed::Communicator* comm);

// rows[i] == rows[0] + i for every i.
bool is_consecutive(std::span<const std::size_t> rows);

}  // namespace mlctl::pipeline
