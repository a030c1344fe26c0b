#pragma once
// How `train` (and later `retrain`) show a model's evaluation: a small table on stderr for
// people, a JSON document on stdout for machines.

#include <string>

#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "training/trainer.hpp"

namespace mlctl::cli {

// The metrics block of an evaluation as aligned text lines (no trailing newline).
std::string format_metrics(const model::Metrics& metrics);

// One-paragraph account of a finished training run.
std::string format_train_report(const model::Model& model, const training::TrainReport& report,
                                const std::string& path);

nlohmann::json train_report_json(const model::Model& model, const training::TrainReport& report,
                                 const std::string& path);

}  // namespace mlctl::cli
