#pragma once
// Buffered output to stdout or a file, with every write checked: a full disk is an error,
// a closed pipe (`mlctl ... | head`) ends the program quietly. A regular file is written
// atomically: it appears, complete, at close(); after an error it is not there (or unchanged).

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/atomic_file.hpp"

namespace mlctl::cli {

// Thrown when the reader of our stdout went away; main() exits quietly with success.
struct BrokenPipe {};

class Output {
 public:
  // "-" or empty = stdout. A regular file (or a new one) gets a temporary beside it at once,
  // renamed over it by close(); a symlink, a fifo or a device (/dev/null) is written directly.
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
  std::unique_ptr<AtomicFileWriter> atomic_;
  fmt::memory_buffer buffer_;
};

}  // namespace mlctl::cli
