#include "common/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl {
namespace {

int open_lock_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error(ErrorKind::io, fmt::format("cannot open lock file: {}", std::strerror(errno)),
                {path});
  }
  return fd;
}

// flock() with EINTR retried; returns false only for EWOULDBLOCK (non-blocking and held).
bool lock(int fd, bool wait, const std::string& path) {
  const int operation = LOCK_EX | (wait ? 0 : LOCK_NB);
  while (::flock(fd, operation) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    if (error == EWOULDBLOCK) return false;
    ::close(fd);
    throw Error(ErrorKind::io, fmt::format("cannot lock: {}", std::strerror(error)), {path});
  }
  return true;
}

}  // namespace

FileLock FileLock::acquire(const std::string& path) {
  const int fd = open_lock_file(path);
  lock(fd, true, path);
  return FileLock(path, fd);
}

std::optional<FileLock> FileLock::try_acquire(const std::string& path) {
  const int fd = open_lock_file(path);
  if (!lock(fd, false, path)) {
    ::close(fd);
    return std::nullopt;
  }
  return FileLock(path, fd);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

FileLock::FileLock(FileLock&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

}  // namespace mlctl
