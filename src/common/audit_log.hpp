#pragma once
// The audit trail of `train` and `retrain`: one JSON document per line (JSON Lines), appended.
//
// Each record goes to the file in a single write() on a descriptor opened with O_APPEND, while
// holding an exclusive flock on the log. O_APPEND alone makes each write land at the end, but a
// large write may be split by the kernel; the lock makes sure no other run writes in between.
// A short write is an Error(io) and is not retried: a retry would append the tail of a line
// after another process's line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlctl::audit {

// Appends `record`, serialised on one line, plus '\n'. Creates the file (mode 0644) if needed.
// Throws Error(usage) if `record` is not a JSON object, Error(io) if the line was not written.
void append(const std::string& path, const nlohmann::json& record);

// Now as UTC ISO 8601 ("2024-05-01T12:00:00Z"), or SOURCE_DATE_EPOCH when that is set to a
// non-negative integer, so that reproducible builds and tests get a fixed time.
std::string timestamp();

// The command line of this process, arguments joined by spaces; arguments holding spaces or
// shell metacharacters are single-quoted. Read from /proc/self/cmdline; "" when unavailable.
std::string command_line();
// Joins `args` as command_line() does (exposed for tests).
std::string join_command(const std::vector<std::string>& args);

}  // namespace mlctl::audit
