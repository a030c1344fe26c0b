#include <doctest/doctest.h>

#include <string>

#include "serve/metrics.hpp"

using mlctl::serve::escape_label;
using mlctl::serve::Metrics;

namespace {

// The lines of `text` that start with `prefix`, joined with newlines.
std::string lines_of(const std::string& text, const std::string& prefix) {
  std::string found;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0) found += line + "\n";
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return found;
}

}  // namespace

TEST_CASE("metrics: requests by model and status, rows, imputed and unseen values") {
  Metrics metrics;
  metrics.record({"titanic", 200, 1309, 263, 2, 0.002});
  metrics.record({"titanic", 200, 1, 0, 0, 0.0004});
  metrics.record({"titanic", 400, 0, 0, 0, 0.0001});
  metrics.record({"", 404, 0, 0, 0, 0.0001});
  const std::string text = metrics.render();
  CHECK(lines_of(text, "mlctl_requests_total") ==
        "mlctl_requests_total{model=\"\",status=\"404\"} 1\n"
        "mlctl_requests_total{model=\"titanic\",status=\"200\"} 2\n"
        "mlctl_requests_total{model=\"titanic\",status=\"400\"} 1\n");
  CHECK(lines_of(text, "mlctl_rows_total") == "mlctl_rows_total{model=\"titanic\"} 1310\n");
  CHECK(lines_of(text, "mlctl_rows_imputed_total") ==
        "mlctl_rows_imputed_total{model=\"titanic\"} 263\n");
  CHECK(lines_of(text, "mlctl_unseen_categories_total") ==
        "mlctl_unseen_categories_total{model=\"titanic\"} 2\n");
  CHECK(text.find("# TYPE mlctl_requests_total counter\n") != std::string::npos);
  CHECK(text.find("# TYPE mlctl_request_duration_seconds histogram\n") != std::string::npos);
}

TEST_CASE("metrics: the latency histogram is cumulative and ends with +Inf, sum and count") {
  Metrics metrics;
  metrics.record({"m", 200, 1, 0, 0, 0.0005});  // on a bound: in that bucket (le)
  metrics.record({"m", 200, 1, 0, 0, 0.003});
  metrics.record({"m", 200, 1, 0, 0, 10.0});  // beyond the last bound: +Inf only
  const std::string text = metrics.render();
  CHECK(lines_of(text, "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"0.0005\"}") ==
        "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"0.0005\"} 1\n");
  CHECK(lines_of(text, "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"0.0025\"}") ==
        "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"0.0025\"} 1\n");
  CHECK(lines_of(text, "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"0.005\"}") ==
        "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"0.005\"} 2\n");
  CHECK(lines_of(text, "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"2.5\"}") ==
        "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"2.5\"} 2\n");
  CHECK(lines_of(text, "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"+Inf\"}") ==
        "mlctl_request_duration_seconds_bucket{model=\"m\",le=\"+Inf\"} 3\n");
  CHECK(lines_of(text, "mlctl_request_duration_seconds_sum") ==
        "mlctl_request_duration_seconds_sum{model=\"m\"} 10.0035\n");
  CHECK(lines_of(text, "mlctl_request_duration_seconds_count") ==
        "mlctl_request_duration_seconds_count{model=\"m\"} 3\n");
}

TEST_CASE("metrics: the model id, its load time and refused reloads") {
  Metrics metrics;
  metrics.model_loaded("m", "447e1fe72e53c252",
                       std::chrono::system_clock::time_point(std::chrono::milliseconds(1500)));
  metrics.reload_refused("m");
  metrics.reload_refused("m");
  const std::string text = metrics.render();
  CHECK(lines_of(text, "mlctl_model_info") ==
        "mlctl_model_info{model=\"m\",id=\"447e1fe72e53c252\"} 1\n");
  CHECK(lines_of(text, "mlctl_model_loaded_timestamp_seconds") ==
        "mlctl_model_loaded_timestamp_seconds{model=\"m\"} 1.500\n");
  CHECK(lines_of(text, "mlctl_reload_failures_total") ==
        "mlctl_reload_failures_total{model=\"m\"} 2\n");
}

TEST_CASE("metrics: label values escape backslash, quote and newline") {
  CHECK(escape_label("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  CHECK(escape_label("titanic") == "titanic");
}

TEST_CASE("metrics: the server's open and refused connections, as given") {
  Metrics metrics;
  CHECK(lines_of(metrics.render(), "mlctl_connections") ==
        "mlctl_connections_open 0\nmlctl_connections_refused_total 0\n");
  const std::string text = metrics.render({3, 17});
  CHECK(lines_of(text, "mlctl_connections") ==
        "mlctl_connections_open 3\nmlctl_connections_refused_total 17\n");
  CHECK(text.find("# TYPE mlctl_connections_open gauge\n") != std::string::npos);
  CHECK(text.find("# TYPE mlctl_connections_refused_total counter\n") != std::string::npos);
}
