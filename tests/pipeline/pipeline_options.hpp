#pragma once
// PipelineOptions for one imputation and one scaling, as the pipeline tests build them.

#include "pipeline/feature_pipeline.hpp"

namespace mlctl::pipeline::testing {

inline PipelineOptions options_of(Imputation impute, Scaling scale) {
  PipelineOptions options;
  options.impute = impute;
  options.scale = scale;
  return options;
}

}  // namespace mlctl::pipeline::testing
