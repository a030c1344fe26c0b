#include "common/text_spool.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "common/error.hpp"
#include "common/temporary_file.hpp"

namespace mlctl {

Spool::Spool() : directory_(temporary_directory()), fd_(open_temporary_file(directory_)) {}

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
      throw_temporary_file_error("cannot write a temporary file", directory_, errno);
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
    if (n <= 0)
      throw_temporary_file_error("cannot read a temporary file", directory_, n < 0 ? errno : EIO);
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
