#include "serve/request_log.hpp"

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace mlctl::serve {
namespace {

// ISO 8601 in UTC, to the millisecond: sortable, and what log collectors parse by default.
std::string utc_time(std::chrono::system_clock::time_point time) {
  const auto since = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since - seconds);
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     millis.count());
}

}  // namespace

LogFormat parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  throw Error(ErrorKind::usage,
              fmt::format("--log-format: expected text or json, got \"{}\"", name));
}

std::string format_request(const RequestLine& record, LogFormat format) {
  const double millis = record.seconds * 1000;
  if (format == LogFormat::text) {
    return fmt::format("{} {}{}{} {}: {} rows in {:.3f} ms", record.method, record.path,
                       record.model.empty() ? "" : " ", record.model, record.status, record.rows,
                       millis);
  }
  nlohmann::ordered_json line;
  line["time"] = utc_time(record.time);
  line["method"] = record.method;
  line["path"] = record.path;
  line["status"] = record.status;
  line["rows"] = record.rows;
  // Microseconds are what a request's latency needs; more digits would be noise.
  line["latency_ms"] = static_cast<double>(static_cast<std::int64_t>(millis * 1000 + 0.5)) / 1000;
  line["model"] = nullptr;
  line["model_id"] = nullptr;
  if (!record.model.empty()) {
    line["model"] = record.model;
    line["model_id"] = record.model_id;
  }
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace mlctl::serve
