#pragma once
// What every fuzz target shares: the fuzzed bytes as a file the CSV reader can open (an anonymous
// memfd, so nothing touches the disk), and the rule for exceptions.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace mlctl::fuzz {

class MemFile {
 public:
  explicit MemFile(std::string_view bytes) : fd_(memfd_create("fuzz", 0)) {
    if (fd_ < 0) std::abort();
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
  }
  ~MemFile() { close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  // Opening this path opens the memfd afresh, at offset 0.
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

// A refused input is the expected outcome of most fuzzed bytes; Error(internal) means an
// invariant of mlctl broke, and any other exception escaping the library (bad_alloc,
// out_of_range, a JSON type error) is a bug too: both abort so libFuzzer records the input.
template <typename Body>
void refuse_cleanly(Body&& body) {
  try {
    body();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::internal) std::abort();
  }
}

}  // namespace mlctl::fuzz
