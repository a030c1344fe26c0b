#include "common/temporary_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "common/error.hpp"

namespace mlctl {

std::string temporary_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string("/tmp");
}

void throw_temporary_file_error(const std::string& what, const std::string& directory, int error) {
  throw Error(ErrorKind::io, what + ": " + std::strerror(error), {directory});
}

int open_temporary_file(const std::string& directory) {
  int fd = -1;
  do {
    fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  } while (fd < 0 && errno == EINTR);
  if (fd >= 0) return fd;
  // A file system without O_TMPFILE: a named file, unlinked at once.
  std::string path = directory + "/mlctl-spool-XXXXXX";
  fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) throw_temporary_file_error("cannot make a temporary file", directory, errno);
  ::unlink(path.c_str());
  return fd;
}

}  // namespace mlctl
