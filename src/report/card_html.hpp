#pragma once
// The model card as one self-contained HTML page, which `mlctl describe --html` writes: what the
// model is for, the data it saw, how good it is (charts from the stored held-out sample), what
// drives it (coefficients, permutation importance) and its lineage.

#include <string>

#include "model/model.hpp"

namespace mlctl::report {

// `path` is the model file as the user named it.
std::string model_card_html(const model::Model& model, const std::string& path);

}  // namespace mlctl::report
