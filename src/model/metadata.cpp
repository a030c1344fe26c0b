#include "model/metadata.hpp"

#include <algorithm>

#include "common/error.hpp"

namespace mlctl::model {

const MetricInfo& info(Metric metric) {
  for (const auto& m : kMetrics) {
    if (m.metric == metric) return m;
  }
  throw Error(ErrorKind::internal, "a metric missing from kMetrics");
}

std::string_view name_of(Metric metric) {
  return info(metric).name;
}

std::optional<Metric> metric_named(std::string_view name) {
  for (const auto& m : kMetrics) {
    if (m.name == name) return m.metric;
  }
  return std::nullopt;
}

Metric primary_metric(Algorithm algorithm) {
  return algorithm == Algorithm::ridge ? Metric::r2 : Metric::log_loss;
}

std::optional<double> Metrics::get(Metric metric) const {
  for (const auto& [m, value] : values) {
    if (m == metric) return value;
  }
  return std::nullopt;
}

void Metrics::set(Metric metric, double value) {
  for (auto& [m, v] : values) {
    if (m == metric) {
      v = value;
      return;
    }
  }
  values.emplace_back(metric, value);
  std::stable_sort(values.begin(), values.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

const ColumnStats* TrainingStats::find(std::string_view name) const {
  for (const auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string_view to_string(EvaluationMethod method) {
  switch (method) {
    case EvaluationMethod::holdout:
      return "holdout";
    case EvaluationMethod::cv:
      return "cv";
    case EvaluationMethod::none:
      break;
  }
  return "none";
}

}  // namespace mlctl::model
