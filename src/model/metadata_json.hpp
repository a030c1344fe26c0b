#pragma once
// The JSON form of a model's typed metadata (model/metadata.hpp): what the model file stores
// and what `describe --json`, `train --json`, `retrain --json` and the audit log print. Part of
// the model-file code: the *_from_json readers check every field and throw Error(data) naming
// it ("evaluation.metrics.accuracy is not a number"), which the loader reports as an invalid
// model. Fields a newer minor version may add are ignored.

#include <nlohmann/json.hpp>

#include "model/json_field.hpp"
#include "model/metadata.hpp"

namespace mlctl::model {

nlohmann::json to_json(const Metrics& metrics);
nlohmann::json to_json(const Evaluation& evaluation);
nlohmann::json to_json(const RecipeRecord& recipe);
nlohmann::json to_json(const TrainingStats& stats);  // {} for empty statistics

Metrics metrics_from_json(const detail::JsonField& json);
Evaluation evaluation_from_json(const detail::JsonField& json);
RecipeRecord recipe_from_json(const detail::JsonField& json);
TrainingStats training_stats_from_json(const detail::JsonField& json);

}  // namespace mlctl::model
