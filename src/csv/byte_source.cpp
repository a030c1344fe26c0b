#include "csv/byte_source.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.hpp"

namespace mlctl::csv {

FdByteSource::FdByteSource(const std::string& path) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
    display_name_ = "<stdin>";
  } else {
    display_name_ = path;
    do {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) {
      throw Error(ErrorKind::io, "cannot open: " + std::string(std::strerror(errno)), {path});
    }
    owns_fd_ = true;
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const int error = errno;
    if (owns_fd_) ::close(fd_);
    throw Error(ErrorKind::io, "cannot open: " + std::string(std::strerror(error)),
                {display_name_});
  }
  if (S_ISDIR(info.st_mode)) {
    if (owns_fd_) ::close(fd_);
    throw Error(ErrorKind::io, "is a directory", {display_name_});
  }
  if (S_ISREG(info.st_mode)) size_ = static_cast<std::uint64_t>(info.st_size);
}

FdByteSource::~FdByteSource() {
  if (owns_fd_) ::close(fd_);
}

int FdByteSource::read(char* buffer, int size) {
  for (;;) {
    const ssize_t got = ::read(fd_, buffer, static_cast<std::size_t>(size));
    if (got >= 0) return static_cast<int>(got);
    if (errno == EINTR) continue;
    throw Error(ErrorKind::io, "read failed: " + std::string(std::strerror(errno)),
                {display_name_});
  }
}

}  // namespace mlctl::csv
