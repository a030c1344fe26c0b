#pragma once
// The model card as one JSON document, which `mlctl describe --json MODEL.mlm` prints for scripts
// (docs/describe-json.md): the text card's content, with exact numbers.

#include <string>

#include <nlohmann/json.hpp>

#include "model/model.hpp"

namespace mlctl::report {

// `path` is the model file as the user named it; keys keep the documented order.
nlohmann::ordered_json model_card_json(const model::Model& model, const std::string& path);

}  // namespace mlctl::report
