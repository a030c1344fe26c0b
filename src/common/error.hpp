#pragma once
// The one error type of the core library. The core throws it (never exits, never prints);
// apps/ turns it into a one-line message and an exit code.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace mlctl {

enum class ErrorKind {
  io,        // a file could not be opened, read or written
  data,      // the input data is malformed or unusable
  model,     // a model file is corrupt, foreign or incompatible
  usage,     // the caller asked for something inconsistent (bad option value, unknown column)
  internal,  // a bug: an invariant of mlctl itself was broken
};

// Where in an input the problem is. line and column are 1-based; 0 means "not applicable".
// For CSV data the column is the 1-based field number (not a character offset).
struct Location {
  std::string file;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, Location where = {});

  ErrorKind kind() const noexcept { return kind_; }
  const std::string& message() const noexcept { return message_; }
  const Location& where() const noexcept { return where_; }

 private:
  ErrorKind kind_;
  std::string message_;
  Location where_;
};

// "file:line:col: message", leaving out the parts that are not known.
std::string format_error(const std::string& message, const Location& where);

}  // namespace mlctl
