#include "csv/offset_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.hpp"

namespace mlctl::csv::detail {

OffsetFile::OffsetFile(const std::string& path) : path_(path) {
  do {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0) fail("cannot open: ");
}

OffsetFile::~OffsetFile() {
  ::close(fd_);
}

std::size_t OffsetFile::read(char* into, std::size_t size, std::uint64_t offset) const {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd_, into + got, size - got, static_cast<off_t>(offset + got));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("read failed: ");
    }
    got += static_cast<std::size_t>(n);
  }
  return got;
}

void OffsetFile::fail(const char* what) const {
  throw Error(ErrorKind::io, what + std::string(std::strerror(errno)), {path_});
}

}  // namespace mlctl::csv::detail
