#pragma once
// The model card as text, which `mlctl describe MODEL.mlm` prints: what the model predicts, from
// what, with which coefficients, how well, where it came from and what its training data looked
// like.

#include <string>

#include "model/model.hpp"

namespace mlctl::report {

// The whole card, every line ending in "\n"; `path` is the model file as the user named it.
std::string model_card_text(const model::Model& model, const std::string& path);

}  // namespace mlctl::report
