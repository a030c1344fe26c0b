#pragma once
// A file read at offsets (pread), by any thread: the cut of a share at record starts
// (record_starts.cpp) and the blocks read again (block_reader_again.cpp). Internal to src/csv/.

#include <cstddef>
#include <cstdint>
#include <string>

namespace mlctl::csv::detail {

class OffsetFile {
 public:
  // Throws Error(io) naming `path` when it cannot be opened.
  explicit OffsetFile(const std::string& path);
  ~OffsetFile();
  OffsetFile(const OffsetFile&) = delete;
  OffsetFile& operator=(const OffsetFile&) = delete;

  // Reads up to `size` bytes at `offset` into `into`; fewer only at the end of the file.
  std::size_t read(char* into, std::size_t size, std::uint64_t offset) const;

 private:
  [[noreturn]] void fail(const char* what) const;
  std::string path_;
  int fd_ = -1;
};

}  // namespace mlctl::csv::detail
