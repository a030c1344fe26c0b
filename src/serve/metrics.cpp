#include "serve/metrics.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace mlctl::serve {
namespace {

void family(std::string& out, const char* name, const char* type, const char* help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string escape_label(const std::string& value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\' || c == '"') {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

void Metrics::record(const RequestRecord& request) {
  const std::lock_guard lock(mutex_);
  ++requests_[{request.model, request.status}];
  if (request.model.empty()) return;
  Rows& rows = rows_[request.model];
  rows.predicted += request.rows;
  rows.imputed += request.rows_imputed;
  rows.unseen += request.unseen_values;
  Latency& latency = latency_[request.model];
  const auto bucket = std::lower_bound(kBuckets.begin(), kBuckets.end(), request.seconds);
  if (bucket != kBuckets.end())
    ++latency.buckets[static_cast<std::size_t>(bucket - kBuckets.begin())];
  ++latency.count;
  latency.sum += request.seconds;
}

void Metrics::model_loaded(const std::string& model, const std::string& id,
                           std::chrono::system_clock::time_point when) {
  const std::lock_guard lock(mutex_);
  Loaded& loaded = models_[model];
  loaded.id = id;
  loaded.timestamp = std::chrono::duration<double>(when.time_since_epoch()).count();
}

void Metrics::reload_refused(const std::string& model) {
  const std::lock_guard lock(mutex_);
  ++models_[model].refused;
}

std::string Metrics::render(const ConnectionCounts& connections) const {
  const std::lock_guard lock(mutex_);
  std::string out;
  auto line = [&out](const char* name, const std::string& labels, auto value) {
    fmt::format_to(std::back_inserter(out), "{}{{{}}} {}\n", name, labels, value);
  };
  family(out, "mlctl_requests_total", "counter", "Prediction requests answered, by status.");
  for (const auto& [key, count] : requests_) {
    line("mlctl_requests_total",
         fmt::format("model=\"{}\",status=\"{}\"", escape_label(key.first), key.second), count);
  }
  family(out, "mlctl_rows_total", "counter", "Rows predicted.");
  for (const auto& [model, rows] : rows_)
    line("mlctl_rows_total", fmt::format("model=\"{}\"", escape_label(model)), rows.predicted);
  family(out, "mlctl_rows_imputed_total", "counter", "Rows with at least one imputed value.");
  for (const auto& [model, rows] : rows_)
    line("mlctl_rows_imputed_total", fmt::format("model=\"{}\"", escape_label(model)),
         rows.imputed);
  family(out, "mlctl_unseen_categories_total", "counter",
         "Categorical values not seen in training (encoded as zeros).");
  for (const auto& [model, rows] : rows_) {
    line("mlctl_unseen_categories_total", fmt::format("model=\"{}\"", escape_label(model)),
         rows.unseen);
  }
  family(out, "mlctl_request_duration_seconds", "histogram",
         "Time from the request's arrival at its handler to its answer.");
  for (const auto& [model, latency] : latency_) {
    const std::string label = escape_label(model);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += latency.buckets[b];
      line("mlctl_request_duration_seconds_bucket",
           fmt::format("model=\"{}\",le=\"{}\"", label, kBuckets[b]), cumulative);
    }
    line("mlctl_request_duration_seconds_bucket", fmt::format("model=\"{}\",le=\"+Inf\"", label),
         latency.count);
    line("mlctl_request_duration_seconds_sum", fmt::format("model=\"{}\"", label), latency.sum);
    line("mlctl_request_duration_seconds_count", fmt::format("model=\"{}\"", label), latency.count);
  }
  family(out, "mlctl_model_info", "gauge", "The model served under each name, by id.");
  for (const auto& [model, loaded] : models_) {
    line("mlctl_model_info",
         fmt::format("model=\"{}\",id=\"{}\"", escape_label(model), escape_label(loaded.id)), 1);
  }
  family(out, "mlctl_model_loaded_timestamp_seconds", "gauge",
         "When the model in use was loaded (Unix time).");
  for (const auto& [model, loaded] : models_) {
    line("mlctl_model_loaded_timestamp_seconds", fmt::format("model=\"{}\"", escape_label(model)),
         fmt::format("{:.3f}", loaded.timestamp));
  }
  family(out, "mlctl_reload_failures_total", "counter",
         "Replaced model files refused (the old model kept serving).");
  for (const auto& [model, loaded] : models_) {
    line("mlctl_reload_failures_total", fmt::format("model=\"{}\"", escape_label(model)),
         loaded.refused);
  }
  family(out, "mlctl_connections_open", "gauge",
         "Connections open now, served or waiting for a worker.");
  fmt::format_to(std::back_inserter(out), "mlctl_connections_open {}\n", connections.open);
  family(out, "mlctl_connections_refused_total", "counter",
         "Connections answered 503 at once, over --max-connections.");
  fmt::format_to(std::back_inserter(out), "mlctl_connections_refused_total {}\n",
                 connections.refused);
  return out;
}

}  // namespace mlctl::serve
