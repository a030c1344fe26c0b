#pragma once
// `mlctl describe MODEL.mlm`: the model's card (what it predicts, from what, how well, where it
// came from) as text for people or one JSON document for scripts (docs/describe-json.md).

#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "output.hpp"

namespace mlctl::cli {

std::string render_model_text(const model::Model& model, const std::string& path);
nlohmann::ordered_json model_to_json(const model::Model& model, const std::string& path);

// Loads `path` and writes its card to `out`.
void describe_model(const std::string& path, bool json, Output& out);

}  // namespace mlctl::cli
