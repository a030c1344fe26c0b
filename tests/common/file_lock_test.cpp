// FileLock: exclusive while held (even against another open of the same file), released on
// destruction and on move-assignment, and a clear Error(io) when the lock file cannot exist.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "common/error.hpp"
#include "common/file_lock.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::FileLock;
namespace fs = std::filesystem;

namespace {

struct LockDir {
  fs::path path;
  LockDir() {
    std::string pattern = (fs::temp_directory_path() / "mlctl_lock_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~LockDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

}  // namespace

TEST_CASE("file_lock: a held lock refuses a second holder until it is released") {
  const LockDir dir;
  const std::string path = dir.file("model.mlm.lock");
  {
    FileLock held = FileLock::acquire(path);
    CHECK(held.path() == path);
    CHECK(fs::exists(path));
    // flock() locks belong to an open file description: a second open conflicts even here.
    CHECK_FALSE(FileLock::try_acquire(path).has_value());
  }
  auto again = FileLock::try_acquire(path);
  REQUIRE(again.has_value());
  CHECK_FALSE(FileLock::try_acquire(path).has_value());
  CHECK(fs::exists(path));  // the lock file stays: see file_lock.hpp
}

TEST_CASE("file_lock: moving keeps one holder, assigning over a lock releases it") {
  const LockDir dir;
  const std::string a = dir.file("a.lock");
  const std::string b = dir.file("b.lock");
  FileLock first = FileLock::acquire(a);
  FileLock moved = std::move(first);
  CHECK(moved.path() == a);
  CHECK_FALSE(FileLock::try_acquire(a).has_value());
  moved = FileLock::acquire(b);  // releases a
  CHECK(FileLock::try_acquire(a).has_value());
  CHECK_FALSE(FileLock::try_acquire(b).has_value());
}

TEST_CASE("file_lock: a lock file in a missing directory is an io error naming it") {
  const LockDir dir;
  const std::string path = dir.file("no/such/dir/model.mlm.lock");
  try {
    FileLock::acquire(path);
    FAIL("expected Error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(e.where().file == path);
    CHECK(e.message() == "cannot open lock file: No such file or directory");
  }
  CHECK_THROWS_AS(FileLock::try_acquire(path), Error);
}
