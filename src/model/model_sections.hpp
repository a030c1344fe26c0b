#pragma once
// The parts of an .mlm file, each as a writer and the reader that mirrors it: model_file.cpp
// puts them together. Internal to the model-file code. The readers check every field and throw
// Error(data) with the problem alone (from_container adds "invalid model:" and the file name).

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "container/container.hpp"
#include "model/json_field.hpp"
#include "model/model.hpp"

namespace mlctl::model::detail {

// "pipeline" in the metadata (imputation, scaling, each feature's name, type and categories)
// and the numeric features' fill, center and scale as arrays "numeric.*" (when there are any).
nlohmann::json pipeline_json(const pipeline::FeaturePipeline& pipeline);
void write_numeric_arrays(const pipeline::FeaturePipeline& pipeline, container::Container& c);
pipeline::FeaturePipeline pipeline_from(const JsonField& json, const container::Container& c);

// The coefficients (row-major "coef", outputs x width) and "intercept" arrays.
void write_linear(const solvers::LinearModel& linear, container::Container& c);
solvers::LinearModel linear_from(const container::Container& c, std::size_t outputs,
                                 std::size_t width);

// "reading": how the training data was read (delimiter, decimal mark, header, ...).
nlohmann::json reading_json(const ReadSettings& settings);
ReadSettings reading_from(const JsonField& json);

// The data fingerprint and one lineage entry (model.hpp's to_json writes them).
DataFingerprint fingerprint_from(const JsonField& json);
Ancestor ancestor_from(const JsonField& json);

// "provenance": version, creation time, id, parent, forced, and the lineage when there is one.
nlohmann::json provenance_json(const Provenance& provenance);
Provenance provenance_from(const JsonField& json);

// The named array, or Error(data) 'array "<key>" is missing'.
const container::Array& array(const container::Container& c, const std::string& key);

}  // namespace mlctl::model::detail
