#pragma once
// Where the reader's bytes come from: a file or stdin, read with read(2) in caller-sized blocks.
// Internal to src/csv/.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <libfccp/csv.h>

namespace mlctl::csv {

// fast-cpp-csv-parser's byte-source interface is exactly the seam we need between "get bytes"
// and "tokenize bytes", so the file/stdin source implements it (and an in-memory source could
// be any other io::ByteSourceBase).
class FdByteSource final : public io::ByteSourceBase {
 public:
  // "-" = stdin (not closed). Throws Error(io) naming `path` if it cannot be opened or is a
  // directory.
  explicit FdByteSource(const std::string& path);
  ~FdByteSource() override;
  FdByteSource(const FdByteSource&) = delete;
  FdByteSource& operator=(const FdByteSource&) = delete;

  // Reads up to `size` bytes; 0 at end of input. Throws Error(io) on a read failure.
  int read(char* buffer, int size) override;

  const std::string& display_name() const { return display_name_; }
  // st_size for a regular file; nothing for a pipe, terminal or socket.
  std::optional<std::uint64_t> size() const { return size_; }

 private:
  int fd_ = -1;
  bool owns_fd_ = false;
  std::string display_name_;
  std::optional<std::uint64_t> size_;
};

}  // namespace mlctl::csv
