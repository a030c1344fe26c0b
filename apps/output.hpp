#pragma once
// Buffered output to stdout or a file, with every write checked: a full disk is an error,
// a closed pipe (`mlctl ... | head`) ends the program quietly.

#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace mlctl::cli {

// Thrown when the reader of our stdout went away; main() exits quietly with success.
struct BrokenPipe {};

class Output {
 public:
  // "-" or empty = stdout. A file is created (truncated) at once.
  explicit Output(const std::string& path);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view text);
  template <typename... Args>
  void print(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(buffer_), format, std::forward<Args>(args)...);
    if (buffer_.size() >= kFlushAt) flush();
  }
  // Writes everything buffered; throws BrokenPipe or mlctl::Error(io).
  void flush();
  // Flushes and closes; errors surface here rather than being lost in the destructor.
  void close();

 private:
  static constexpr std::size_t kFlushAt = 1 << 16;
  std::string path_;
  int fd_ = -1;
  bool owns_fd_ = false;
  fmt::memory_buffer buffer_;
};

}  // namespace mlctl::cli
