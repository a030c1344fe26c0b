#pragma once
// What `mlctl retrain` prints: the comparison of the current model and the candidate, the drift
// of the new data and the gate's decision, as text or as JSON (docs/retrain.md).

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "checks/lint.hpp"
#include "model/model.hpp"
#include "training/retrain.hpp"

namespace mlctl::cli {

struct RetrainRun {
  const std::string& model_path;  // the current model, as named on the command line
  const model::Model& current;
  const model::DataFingerprint& data;  // the new data (mlctl-mpi: every process's share)
  const training::RetrainResult& result;
  const std::optional<checks::LintReport>& drift;
  std::string_view no_drift;  // why there is no drift: "the new data came from stdin"
  double max_regression;
  bool in_place;
};

// The report before the "written" lines.
std::string retrain_report_text(const RetrainRun& run);

// The report as one JSON document; `written` is the path promoted to, empty when rejected.
nlohmann::json retrain_report_json(const RetrainRun& run, const std::string& written);

// The comparisons alone, as the audit record holds them.
nlohmann::json comparisons_json(const training::RetrainResult& r);

}  // namespace mlctl::cli
