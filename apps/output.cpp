#include "output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.hpp"

namespace mlctl::cli {

Output::Output(const std::string& path) : path_(path.empty() ? "-" : path) {
  if (path_ == "-") {
    fd_ = STDOUT_FILENO;
    return;
  }
  // A new path or a plain regular file is written atomically. A symlink (/dev/stdout,
  // /dev/fd/3, a link the user keeps) is written through, never replaced by a regular file;
  // so are fifos and devices.
  struct stat existing {};
  const bool exists = ::lstat(path_.c_str(), &existing) == 0;
  if (!exists || S_ISREG(existing.st_mode) || S_ISDIR(existing.st_mode)) {
    atomic_ = std::make_unique<AtomicFileWriter>(path_);
    return;
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw Error(ErrorKind::io, fmt::format("cannot open for writing: {}", std::strerror(errno)),
                {path_});
  }
  owns_fd_ = true;
}

Output::~Output() {
  // Not closed: an error is unwinding. A file being written atomically is abandoned (its
  // temporary removed), never committed half-written.
  atomic_.reset();
  try {
    close();
  } catch (...) {
    // close() is called explicitly on the success path; here we are already unwinding.
  }
}

void Output::write(std::string_view text) {
  buffer_.append(text.data(), text.data() + text.size());
  if (buffer_.size() >= kFlushAt) flush();
}

void Output::flush() {
  if (atomic_) {
    try {
      atomic_->write({buffer_.data(), buffer_.size()});
    } catch (...) {
      // The temporary is gone: nothing more is written, and close() has nothing to commit.
      buffer_.clear();
      atomic_.reset();
      throw;
    }
    buffer_.clear();
    return;
  }
  const char* data = buffer_.data();
  std::size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) {
        buffer_.clear();
        throw BrokenPipe{};
      }
      const std::string name = path_ == "-" ? "<stdout>" : path_;
      buffer_.clear();
      throw Error(ErrorKind::io, fmt::format("write failed: {}", std::strerror(errno)), {name});
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void Output::close() {
  if (atomic_) {
    flush();
    std::unique_ptr<AtomicFileWriter> writer = std::move(atomic_);
    writer->commit();
    return;
  }
  if (fd_ < 0) return;
  flush();
  if (owns_fd_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      throw Error(ErrorKind::io, fmt::format("close failed: {}", std::strerror(errno)), {path_});
    }
  } else {
    fd_ = -1;
  }
}

}  // namespace mlctl::cli
