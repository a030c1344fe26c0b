#pragma once
// `mlctl describe --html`: one self-contained HTML page (inline CSS and SVG charts from
// src/report/, no scripts, no fonts or images fetched from anywhere) for a model or a dataset.

#include <string>

#include "model/model.hpp"
#include "stats/column_stats.hpp"

namespace mlctl::cli {

// The model card: purpose, data, evaluation charts from the stored held-out sample,
// coefficients, permutation importance and lineage. `path` is the model file as given.
std::string model_report_html(const model::Model& model, const std::string& path);

// One card per column: histogram or top values, counts and summary statistics.
std::string dataset_report_html(const stats::DatasetStats& stats);

}  // namespace mlctl::cli
