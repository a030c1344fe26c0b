#pragma once
// mlctl-serve's request log line (at -v, on stderr): one per request answered, as text for a
// person or, with --log-format json, as one JSON object for a log collector.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace mlctl::serve {

enum class LogFormat { text, json };

// "text" or "json"; throws Error(usage) for anything else.
LogFormat parse_log_format(std::string_view name);

struct RequestLine {
  std::chrono::system_clock::time_point time;  // when the answer was written
  std::string method;
  std::string path;  // without the query string
  int status = 0;
  std::uint64_t rows = 0;  // rows predicted
  double seconds = 0.0;    // from the request's headers read to its answer written
  std::string model;       // empty when the request used no model
  std::string model_id;
};

// text: `POST /predict titanic 200: 3 rows in 0.412 ms` (the model left out when there is
// none). json: {"time":"2026-12-07T04:30:00.123Z","method":"POST","path":"/predict",
// "status":200,"rows":3,"latency_ms":0.412,"model":"titanic","model_id":"..."}, keys in that
// order, model and model_id null when there is none, the path escaped as JSON. No newline.
std::string format_request(const RequestLine& record, LogFormat format);

}  // namespace mlctl::serve
