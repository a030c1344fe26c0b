#pragma once
// How `train` shows a finished run: a small account on stderr for people, a JSON document on
// stdout for machines. The evaluation in it is rendered by the core (report/evaluation.hpp).

#include <string>

#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "training/trainer.hpp"

namespace mlctl::cli {

// One-paragraph account of a finished training run.
std::string format_train_report(const model::Model& model, const training::TrainReport& report,
                                const std::string& path);

nlohmann::json train_report_json(const model::Model& model, const training::TrainReport& report,
                                 const std::string& path);

}  // namespace mlctl::cli
