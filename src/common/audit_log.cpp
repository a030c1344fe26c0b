#include "common/audit_log.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::audit {
namespace {

// Closes the descriptor (and so releases its flock) on every path out of append().
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Error(ErrorKind::io, fmt::format("cannot append to the audit log: {}", what), {path});
}

bool needs_quotes(std::string_view arg) {
  if (arg.empty()) return true;
  for (const char c : arg) {
    if (std::strchr(" \t\n'\"\\$`!*?[]{}()<>|&;#~", c) != nullptr) return true;
  }
  return false;
}

}  // namespace

void append(const std::string& path, const nlohmann::json& record) {
  if (!record.is_object()) throw Error(ErrorKind::usage, "an audit record must be a JSON object");
  // dump() without indentation never emits a raw newline (they are escaped inside strings).
  std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  Descriptor file{::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)};
  if (file.fd < 0) fail(path, std::strerror(errno));
  while (::flock(file.fd, LOCK_EX) != 0) {
    if (errno != EINTR) fail(path, std::strerror(errno));
  }
  ssize_t written = 0;
  do {
    written = ::write(file.fd, line.data(), line.size());
  } while (written < 0 && errno == EINTR);
  if (written < 0) fail(path, std::strerror(errno));
  if (static_cast<std::size_t>(written) != line.size()) {
    fail(path, fmt::format("only {} of {} bytes written", written, line.size()));
  }
}

std::string timestamp() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    const long long value = std::strtoll(epoch, &end, 10);
    if (*end == '\0' && value >= 0) now = static_cast<std::time_t>(value);
  }
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string join_command(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& arg : args) {
    if (!out.empty()) out += ' ';
    if (!needs_quotes(arg)) {
      out += arg;
      continue;
    }
    out += '\'';
    for (const char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

std::string command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  std::size_t start = 0;
  while (start < raw.size()) {
    const std::size_t end = raw.find('\0', start);
    args.push_back(raw.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return join_command(args);
}

}  // namespace mlctl::audit
