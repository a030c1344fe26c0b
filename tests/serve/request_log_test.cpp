#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "common/error.hpp"
#include "serve/request_log.hpp"

using mlctl::serve::format_request;
using mlctl::serve::LogFormat;
using mlctl::serve::parse_log_format;
using mlctl::serve::RequestLine;

namespace {

RequestLine sample_line() {
  RequestLine line;
  // 2026-12-07T04:30:00.123Z
  line.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1796617800123));
  line.method = "POST";
  line.path = "/predict/titanic";
  line.status = 200;
  line.rows = 3;
  line.seconds = 0.0004126;
  line.model = "titanic";
  line.model_id = "0123456789abcdef";
  return line;
}

}  // namespace

TEST_CASE("request log: text names the request, its model, status, rows and latency") {
  CHECK(format_request(sample_line(), LogFormat::text) ==
        "POST /predict/titanic titanic 200: 3 rows in 0.413 ms");
  RequestLine line = sample_line();
  line.method = "GET";
  line.path = "/metrics";
  line.model.clear();
  line.rows = 0;
  CHECK(format_request(line, LogFormat::text) == "GET /metrics 200: 0 rows in 0.413 ms");
}

TEST_CASE("request log: json is one object, keys in a fixed order, no model as null") {
  CHECK(format_request(sample_line(), LogFormat::json) ==
        R"({"time":"2026-12-07T04:30:00.123Z","method":"POST","path":"/predict/titanic",)"
        R"("status":200,"rows":3,"latency_ms":0.413,"model":"titanic",)"
        R"("model_id":"0123456789abcdef"})");
  RequestLine line = sample_line();
  line.path = "/predict/a\"b\n";
  line.status = 404;
  line.model.clear();
  line.model_id.clear();
  CHECK(format_request(line, LogFormat::json) ==
        R"({"time":"2026-12-07T04:30:00.123Z","method":"POST","path":"/predict/a\"b\n",)"
        R"("status":404,"rows":3,"latency_ms":0.413,"model":null,"model_id":null})");
}

TEST_CASE("request log: the format's names") {
  CHECK(parse_log_format("text") == LogFormat::text);
  CHECK(parse_log_format("json") == LogFormat::json);
  CHECK_THROWS_WITH_AS(parse_log_format("JSON"),
                       "--log-format: expected text or json, got \"JSON\"", mlctl::Error);
}
