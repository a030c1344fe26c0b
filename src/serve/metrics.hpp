#pragma once
// The live counters of `mlctl serve`, as `GET /metrics` shows them in the Prometheus text format
// (version 0.0.4): requests by model and status, rows predicted, imputed values and unseen
// categories (predict --stats' counters), a latency histogram, each model's id and load time,
// refused reloads, and the server's open and refused connections. Thread-safe; one short lock per
// request.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace mlctl::serve {

// What one answered prediction request adds.
struct RequestRecord {
  std::string model;  // empty when no model was found (404)
  int status = 200;
  std::uint64_t rows = 0;
  std::uint64_t rows_imputed = 0;
  std::uint64_t unseen_values = 0;
  double seconds = 0.0;
};

// The server's connections when /metrics is asked for (apps/serve_connections.hpp counts them).
struct ConnectionCounts {
  std::uint64_t open = 0;     // served, or waiting for a worker (the scrape's own included)
  std::uint64_t refused = 0;  // answered 503 over --max-connections, since the start
};

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void record(const RequestRecord& request);
  // A model loaded (at start or by a reload): its id and when.
  void model_loaded(const std::string& model, const std::string& id,
                    std::chrono::system_clock::time_point when);
  void reload_refused(const std::string& model);

  // The exposition text, families in a fixed order, series sorted by label; the connection
  // families last.
  std::string render(const ConnectionCounts& connections = {}) const;

 private:
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative here
    std::uint64_t count = 0;
    double sum = 0.0;
  };
  struct Rows {
    std::uint64_t predicted = 0;
    std::uint64_t imputed = 0;
    std::uint64_t unseen = 0;
  };
  struct Loaded {
    std::string id;
    double timestamp = 0.0;
    std::uint64_t refused = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Rows> rows_;
  std::map<std::string, Latency> latency_;
  std::map<std::string, Loaded> models_;
};

// A label value with \, " and newline escaped, as the text format wants.
std::string escape_label(const std::string& value);

}  // namespace mlctl::serve
