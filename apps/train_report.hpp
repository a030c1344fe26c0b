#pragma once
// How `train` (and later `retrain`) show a model's evaluation: a small table on stderr for
// people, a JSON document on stdout for machines.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "training/trainer.hpp"

namespace mlctl::cli {

// The metrics block of an evaluation as aligned text lines (no trailing newline).
std::string format_metrics(const model::Metrics& metrics);

// The true share of rows held out, "20.0%": a stratified holdout rounds each class up, so it
// can be more than --holdout (129 of 442 rows for --holdout 0.2 over 214 classes).
std::string held_out_share(std::uint64_t held_out, std::uint64_t train_rows);

// One-paragraph account of a finished training run.
std::string format_train_report(const model::Model& model, const training::TrainReport& report,
                                const std::string& path);

nlohmann::json train_report_json(const model::Model& model, const training::TrainReport& report,
                                 const std::string& path);

}  // namespace mlctl::cli
