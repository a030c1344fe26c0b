#pragma once
// The JSON form of --hash-buckets (pipeline/hashed_categories.hpp): a hashed feature's scheme in
// the model's "pipeline" (also shown by train --json and describe --json), and the hashing the
// recipe asked for, which retrain repeats. Both are written only when hashing is on, so models
// without it stay byte-identical to those of earlier versions. The readers check every field
// and throw Error(data) naming it.

#include <nlohmann/json.hpp>

#include "model/json_field.hpp"
#include "pipeline/hashed_categories.hpp"

namespace mlctl::model {

// {function ("xxh64"), buckets, seed, levels, buckets_used, colliding_levels}
nlohmann::json to_json(const pipeline::HashScheme& scheme);
pipeline::HashScheme hash_scheme_from_json(const detail::JsonField& json);

// {buckets (for every categorical column; 0 = none), columns ({name: buckets}), seed}
nlohmann::json to_json(const pipeline::HashingOptions& options);
pipeline::HashingOptions hashing_from_json(const detail::JsonField& json);

}  // namespace mlctl::model
