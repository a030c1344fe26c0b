#include "common/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <utility>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl {
namespace {

std::string reason(int error_number) {
  return std::strerror(error_number);
}

[[noreturn]] void throw_io(const std::string& path, const std::string& message) {
  throw Error(ErrorKind::io, message, Location{path});
}

// Splits "dir/name" into ("dir", "name"); a bare "name" lives in ".".
std::pair<std::string, std::string> split_path(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

// Writes all of `bytes`, retrying short writes and EINTR. Returns 0 or an errno value.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

// Six random letters, as mkstemp's.
std::string random_suffix() {
  static constexpr char kLetters[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device seed;
  std::minstd_rand random(seed());
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(kLetters) - 2);
  std::string suffix(6, 'X');
  for (char& c : suffix) c = kLetters[pick(random)];
  return suffix;
}

// Like mkstemp, but created with mode 0666 so that the process umask applies and the final
// file gets the same permissions as any other file we write (mkstemp forces 0600, and
// reading the umask means changing it, which is process-wide state).
int create_temporary(const std::string& directory, const std::string& name, std::string& temp) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp = fmt::format("{}/.{}.tmp.{}", directory, name, random_suffix());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

// A unique hidden name beside the target for the open unnamed file `fd`, given as late as
// possible (at commit): until then a process killed in any way leaves nothing behind.
// Returns 0 or an errno value.
int name_temporary(int fd, const std::string& directory, const std::string& name,
                   std::string& temp) {
  const std::string self = fmt::format("/proc/self/fd/{}", fd);
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp = fmt::format("{}/.{}.tmp.{}", directory, name, random_suffix());
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
    if (errno != EEXIST) return errno;
  }
  return EEXIST;
}

// An unnamed file in `directory` (O_TMPFILE), or -1 where the file system or the kernel has
// none, or /proc is not there to name it by later.
int create_unnamed(const std::string& directory) {
  if (::access("/proc/self/fd", X_OK) != 0) return -1;
  return ::open(directory.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
}

void sync_directory(const std::string& path, const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw_io(path, fmt::format("cannot sync directory '{}': {}", directory, reason(errno)));
  const int result = ::fsync(fd);
  const int error_number = errno;
  ::close(fd);
  // Some file systems cannot sync a directory (EINVAL); the rename has happened regardless.
  if (result != 0 && error_number != EINVAL) {
    throw_io(path, fmt::format("cannot sync directory '{}': {}", directory, reason(error_number)));
  }
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view bytes) {
  AtomicFileWriter writer(path);
  writer.write(bytes);
  writer.commit();
}

AtomicFileWriter::AtomicFileWriter(std::string path) : path_(std::move(path)), target_(path_) {
  // A symlink is followed: its target is replaced, the link kept. Renaming over the link would
  // turn it into a regular file (`-o /dev/stdout > file` run as root would replace /dev/stdout).
  struct stat link {};
  if (::lstat(path_.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    char* resolved = ::realpath(path_.c_str(), nullptr);
    if (resolved == nullptr) {
      throw_io(path_, fmt::format("cannot write: cannot follow the symlink: {}", reason(errno)));
    }
    target_ = resolved;
    std::free(resolved);
  }
  const auto [directory, name] = split_path(target_);
  directory_ = directory;
  if (name.empty() || name == "." || name == "..") {
    throw_io(path_, "cannot write: the path names a directory, not a file");
  }
  // rename() would replace a device, a fifo or a socket with a regular file: `-o /dev/full`
  // run as root would remove /dev/full. Only regular files (or symlinks to them) are replaced.
  struct stat existing {};
  if (::stat(target_.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode) &&
      !S_ISDIR(existing.st_mode)) {
    throw_io(path_, "cannot write: not a regular file (a model file is replaced as a whole)");
  }
  name_ = name;
  fd_ = create_unnamed(directory_);
  if (fd_ < 0) fd_ = create_temporary(directory_, name, temp_);
  if (fd_ < 0) {
    throw_io(path_, fmt::format("cannot write: cannot create a file in '{}': {}", directory_,
                                reason(errno)));
  }
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (fd_ >= 0 && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFileWriter::fail(const char* step, int error_number) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  throw_io(path_, fmt::format("{}: {}", step, reason(error_number)));
}

void AtomicFileWriter::write(std::string_view bytes) {
  if (fd_ < 0) throw_io(path_, "cannot write: the file is already closed");
  const int error_number = write_all(fd_, bytes);
  if (error_number != 0) fail("cannot write", error_number);
}

void AtomicFileWriter::commit() {
  if (fd_ < 0) throw_io(path_, "cannot write: the file is already closed");
  if (::fsync(fd_) != 0) fail("cannot sync", errno);
  if (temp_.empty()) {  // unnamed: named now, for rename() (linkat cannot replace a file)
    const int error_number = name_temporary(fd_, directory_, name_, temp_);
    if (error_number != 0) {
      temp_.clear();
      fail("cannot write", error_number);
    }
  }
  // close() can report a deferred write error (NFS, quotas), so it is checked too.
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int error_number = errno;
    ::unlink(temp_.c_str());
    throw_io(path_, fmt::format("cannot write: {}", reason(error_number)));
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    const int error_number = errno;
    ::unlink(temp_.c_str());
    throw_io(path_, fmt::format("cannot replace: {}", reason(error_number)));
  }
  sync_directory(path_, directory_);
}

std::string read_file_limited(const std::string& path, std::uint64_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io(path, fmt::format("cannot open: {}", reason(errno)));
  // Closes fd on every way out, including exceptions.
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};

  struct stat info {};
  if (::fstat(fd, &info) != 0) throw_io(path, fmt::format("cannot read: {}", reason(errno)));
  if (S_ISDIR(info.st_mode)) throw_io(path, "cannot read: is a directory");
  const auto too_large = [&] {
    throw_io(path, fmt::format("cannot read: larger than the limit of {} bytes", max_bytes));
  };
  if (S_ISREG(info.st_mode) && static_cast<std::uint64_t>(info.st_size) > max_bytes) too_large();

  std::string bytes;
  if (S_ISREG(info.st_mode)) bytes.reserve(static_cast<std::size_t>(info.st_size));
  char block[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, block, sizeof block);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_io(path, fmt::format("cannot read: {}", reason(errno)));
    }
    if (got == 0) break;
    // The file may grow while we read, and a pipe has no size: enforce the limit as we go.
    if (bytes.size() + static_cast<std::uint64_t>(got) > max_bytes) too_large();
    bytes.append(block, static_cast<std::size_t>(got));
  }
  return bytes;
}

}  // namespace mlctl
