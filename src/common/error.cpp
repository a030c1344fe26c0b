#include "common/error.hpp"

#include <fmt/format.h>

namespace mlctl {

std::string format_error(const std::string& message, const Location& where) {
  if (where.file.empty()) return message;
  if (where.line == 0) return fmt::format("{}: {}", where.file, message);
  if (where.column == 0) return fmt::format("{}:{}: {}", where.file, where.line, message);
  return fmt::format("{}:{}:{}: {}", where.file, where.line, where.column, message);
}

Error::Error(ErrorKind kind, std::string message, Location where)
    : std::runtime_error(format_error(message, where)),
      kind_(kind),
      message_(std::move(message)),
      where_(std::move(where)) {}

}  // namespace mlctl
