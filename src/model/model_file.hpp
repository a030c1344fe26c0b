#pragma once
// A Model as an .mlm file: named float64 arrays (coefficients, intercepts, scaling, conformal
// residuals) and JSON metadata (recipe, features, categories, metrics, fingerprint, lineage)
// in the container of container/container.hpp. docs/model-format.md lists every field.

#include <string>

#include "container/container.hpp"
#include "model/model.hpp"

namespace mlctl::model {

container::Container to_container(const Model& model);
// Checks every field and that the parts agree (feature widths vs coefficient count, class
// count vs outputs, ...); throws Error(model) naming `display_name` otherwise.
Model from_container(const container::Container& container, const std::string& display_name);

// Fills provenance.id (hash of everything that defines the model: not the creation time or
// the mlctl version) and provenance.created (SOURCE_DATE_EPOCH when set, else now).
void stamp_provenance(Model& model);

void save(const Model& model, const std::string& path);  // atomic
Model load(const std::string& path);

}  // namespace mlctl::model
