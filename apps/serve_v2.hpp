#pragma once
// The Open Inference Protocol (KServe V2, also spoken by Triton and Seldon MLServer clients) over
// the same prediction path as `POST /predict`: a V2 request's input tensors become the CSV rows
// predict would read, and predict's JSON Lines become the output tensors.

#include <string>

#include <nlohmann/json.hpp>

#include "serve/model_slot.hpp"

namespace mlctl::cli {

// GET /v2/models/NAME: name, version (the model id), platform, inputs (one per feature: FP64
// for numeric, BYTES for categorical, shape [-1]) and outputs.
nlohmann::json v2_metadata(const std::string& name, const model::Model& model);

struct V2Reply {
  int status = 200;
  nlohmann::json body;  // the response, or {"error": message}
};

// POST /v2/models/NAME/infer with the request body `text`.
V2Reply v2_infer(const std::string& name, const model::Model& model, const std::string& text);

}  // namespace mlctl::cli
