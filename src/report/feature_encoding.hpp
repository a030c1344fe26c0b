#pragma once
// One line per input column saying how the model encodes it (numeric: imputation and scaling;
// categorical: one-hot levels, missing and infrequent columns, or hashing), for the model's
// text and HTML cards.

#include <string>

#include "pipeline/feature_pipeline.hpp"

namespace mlctl::report {

// E.g. "one-hot, 3 categories + missing: a, b, c" (the first 8 levels shown) or "hashed into
// 1024 buckets (xxh64, seed 0): 5000 levels in 1000 buckets, 40 share a bucket".
std::string feature_encoding(const pipeline::Feature& f, const pipeline::PipelineOptions& o);

}  // namespace mlctl::report
