// Unlinked temporary files: made in the directory asked for, readable and writable, never
// visible by name.

#include <cstdlib>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>
#include <unistd.h>

#include "common/error.hpp"
#include "common/temporary_file.hpp"

TEST_CASE("temporary file: open, writable, and leaves no name behind") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("mlctl-tmpfile-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const int fd = mlctl::open_temporary_file(dir.string());
  CHECK(fd >= 0);
  CHECK(::write(fd, "abc", 3) == 3);
  char back[3] = {};
  CHECK(::pread(fd, back, 3, 0) == 3);
  CHECK(std::string(back, 3) == "abc");
  CHECK(std::filesystem::is_empty(dir));
  ::close(fd);
  std::filesystem::remove(dir);
}

TEST_CASE("temporary directory: $TMPDIR when set and not empty, else /tmp") {
  const char* saved = std::getenv("TMPDIR");
  const std::string before = saved != nullptr ? saved : "";
  ::setenv("TMPDIR", "/var/tmp", 1);
  CHECK(mlctl::temporary_directory() == "/var/tmp");
  ::setenv("TMPDIR", "", 1);
  CHECK(mlctl::temporary_directory() == "/tmp");
  if (saved != nullptr) {
    ::setenv("TMPDIR", before.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}
