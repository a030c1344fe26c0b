#include "common/text_spool.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "common/error.hpp"

namespace mlctl {
namespace {

std::string temporary_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string("/tmp");
}

[[noreturn]] void fail(const std::string& what, const std::string& directory, int error) {
  throw Error(ErrorKind::io, what + ": " + std::strerror(error), {directory});
}

}  // namespace

Spool::Spool() : directory_(temporary_directory()) {
  do {
    fd_ = ::open(directory_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  } while (fd_ < 0 && errno == EINTR);
  if (fd_ >= 0) return;
  // A file system without O_TMPFILE: a named file, unlinked at once.
  std::string path = directory_ + "/mlctl-spool-XXXXXX";
  fd_ = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd_ < 0) fail("cannot make a temporary file", directory_, errno);
  ::unlink(path.c_str());
}

Spool::~Spool() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t Spool::write(const char* data, std::size_t size) {
  const std::uint64_t at = end_;
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(end_ + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write a temporary file", directory_, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  end_ += size;
  return at;
}

void Spool::read(std::uint64_t offset, char* into, std::size_t size) const {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd_, into + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot read a temporary file", directory_, n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
}

void SpooledTexts::add_joined(std::string_view joined) {
  if (buffer_.size() + joined.size() < kChunk) {
    buffer_.append(joined);
    return;
  }
  flush();
  if (joined.size() >= kChunk) {
    chunks_.emplace_back(spool_->write(joined.data(), joined.size()), joined.size());
  } else {
    buffer_.append(joined);
  }
}

void SpooledTexts::flush() {
  if (buffer_.empty()) return;
  chunks_.emplace_back(spool_->write(buffer_.data(), buffer_.size()), buffer_.size());
  buffer_.clear();
}

void SpooledTexts::clear() {
  buffer_ = {};
  chunks_ = {};
}

}  // namespace mlctl
