#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/atomic_file.hpp"
#include "common/error.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::read_file_limited;
using mlctl::write_file_atomically;
namespace fs = std::filesystem;

namespace {

// A fresh directory, removed with everything in it at the end of the test.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "mlctl_atomic_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(path)) out.push_back(entry.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The Error(io) message that `action` throws, or a test failure.
template <typename Action>
std::string io_error(Action action) {
  try {
    action();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::io);
    return e.what();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("atomic_file: writes a new file and replaces an existing one, leaving no temporary") {
  ScratchDir dir;
  const std::string path = dir / "model.mlm";
  write_file_atomically(path, std::string("first\0version", 13));
  CHECK(contents(path) == std::string("first\0version", 13));
  write_file_atomically(path, "second");
  CHECK(contents(path) == "second");
  write_file_atomically(path, "");
  CHECK(contents(path) == "");
  CHECK(dir.names() == std::vector<std::string>{"model.mlm"});
}

TEST_CASE("atomic_file: a new file gets the usual permissions (0666 less the umask)") {
  ScratchDir dir;
  const mode_t mask = ::umask(022);
  write_file_atomically(dir / "a.mlm", "x");
  ::umask(077);
  write_file_atomically(dir / "b.mlm", "x");
  ::umask(mask);
  struct stat info {};
  REQUIRE(::stat((dir / "a.mlm").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0644);
  REQUIRE(::stat((dir / "b.mlm").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("atomic_file: a missing or non-directory parent is a clear I/O error") {
  ScratchDir dir;
  const std::string missing = dir / "no/such/dir/model.mlm";
  CHECK(io_error([&] { write_file_atomically(missing, "x"); }) ==
        missing + ": cannot write: cannot create a file in '" + (dir / "no/such/dir") +
            "': No such file or directory");
  write_file_atomically(dir / "file", "x");
  const std::string under_file = dir / "file/model.mlm";
  CHECK(io_error([&] { write_file_atomically(under_file, "x"); }) ==
        under_file + ": cannot write: cannot create a file in '" + (dir / "file") +
            "': Not a directory");
  const std::string trailing_slash = dir / "sub/";
  CHECK(io_error([&] { write_file_atomically(trailing_slash, "x"); }) ==
        trailing_slash + ": cannot write: the path names a directory, not a file");
  CHECK(dir.names() == std::vector<std::string>{"file"});
}

TEST_CASE("atomic_file: a directory in the way is left intact and no temporary remains") {
  ScratchDir dir;
  fs::create_directory(dir / "model.mlm");
  write_file_atomically(dir / "model.mlm/inside", "keep");
  CHECK(io_error([&] { write_file_atomically(dir / "model.mlm", "x"); }) ==
        (dir / "model.mlm") + ": cannot replace: Is a directory");
  CHECK(contents(dir / "model.mlm/inside") == "keep");
  CHECK(dir.names() == std::vector<std::string>{"model.mlm"});
}

TEST_CASE("atomic_file: a write that fails midway leaves the existing file intact") {
  // Tests run as root, so permissions cannot make a write fail. A file-size limit can: in a
  // child process (the limit is per process), writing 1 MB under a 64 kB limit fails with
  // EFBIG after the first 64 kB.
  ScratchDir dir;
  const std::string path = dir / "model.mlm";
  write_file_atomically(path, "the old model");
  int report[2];
  REQUIRE(::pipe(report) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(report[0]);
    std::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of being killed
    const rlimit limit{64 * 1024, 64 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::string message = "no error";
    try {
      write_file_atomically(path, std::string(1 << 20, 'n'));
    } catch (const Error& e) {
      message = e.what();
    }
    [[maybe_unused]] const ssize_t n = ::write(report[1], message.data(), message.size());
    ::_exit(0);
  }
  ::close(report[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(report[0], buffer, sizeof buffer)) > 0;) message.append(buffer, n);
  ::close(report[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(message == path + ": cannot write: File too large");
  CHECK(contents(path) == "the old model");
  CHECK(dir.names() == std::vector<std::string>{"model.mlm"});
}

TEST_CASE("atomic_file: read_file_limited reads whole files within the limit") {
  ScratchDir dir;
  const std::string path = dir / "data.bin";
  const std::string bytes = std::string("a\0b", 3) + std::string(200000, 'z');
  write_file_atomically(path, bytes);
  CHECK(read_file_limited(path, bytes.size()) == bytes);
  CHECK(io_error([&] { (void)read_file_limited(path, bytes.size() - 1); }) ==
        path + ": cannot read: larger than the limit of 200002 bytes");
  write_file_atomically(dir / "empty", "");
  CHECK(read_file_limited(dir / "empty", 0).empty());
}

TEST_CASE("atomic_file: read_file_limited refuses directories, missing files, endless devices") {
  ScratchDir dir;
  CHECK(io_error([&] { (void)read_file_limited(dir.path.string(), 100); }) ==
        dir.path.string() + ": cannot read: is a directory");
  CHECK(io_error([&] { (void)read_file_limited(dir / "missing", 100); }) ==
        (dir / "missing") + ": cannot open: No such file or directory");
  // No size to check up front: the limit is enforced while reading.
  CHECK(io_error([] { (void)read_file_limited("/dev/zero", 100000); }) ==
        "/dev/zero: cannot read: larger than the limit of 100000 bytes");
}

TEST_CASE("atomic_file: a device or fifo at the path is refused, never replaced") {
  ScratchDir dir;
  const std::string fifo = dir / "model.mlm";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(io_error([&] { write_file_atomically(fifo, "x"); }) ==
        fifo + ": cannot write: not a regular file (a model file is replaced as a whole)");
  REQUIRE(fs::is_fifo(fifo));
  CHECK(dir.names() == std::vector<std::string>{"model.mlm"});
  // Only once a fifo is known to survive: the same for /dev/full (tests may run as root).
  CHECK(io_error([&] { write_file_atomically("/dev/full", "x"); }) ==
        "/dev/full: cannot write: not a regular file (a model file is replaced as a whole)");
  CHECK(fs::is_character_file("/dev/full"));
}

TEST_CASE("atomic_file: AtomicFileWriter shows the file only once committed") {
  ScratchDir dir;
  const std::string path = dir / "out.csv";
  write_file_atomically(path, "old\n");
  {
    mlctl::AtomicFileWriter writer(path);
    writer.write("a,b\n");
    writer.write("1,2\n");
    CHECK(contents(path) == "old\n");  // not yet
    writer.commit();
  }
  CHECK(contents(path) == "a,b\n1,2\n");
  CHECK(dir.names() == std::vector<std::string>{"out.csv"});
}

TEST_CASE("atomic_file: AtomicFileWriter abandoned without commit leaves nothing behind") {
  ScratchDir dir;
  const std::string fresh = dir / "fresh.csv";
  const std::string existing = dir / "existing.csv";
  write_file_atomically(existing, "keep me\n");
  {
    mlctl::AtomicFileWriter a(fresh);
    a.write("partial");
    mlctl::AtomicFileWriter b(existing);
    b.write("partial");
  }
  CHECK(dir.names() == std::vector<std::string>{"existing.csv"});
  CHECK(contents(existing) == "keep me\n");
}

TEST_CASE("atomic_file: AtomicFileWriter refuses a directory or a missing parent") {
  ScratchDir dir;
  fs::create_directory(dir / "sub");
  CHECK(io_error([&] {
          mlctl::AtomicFileWriter w(dir / "sub");
          w.write("x");
          w.commit();
        }).find("cannot replace") != std::string::npos);
  CHECK(dir.names() == std::vector<std::string>{"sub"});
  CHECK(io_error([&] {
          mlctl::AtomicFileWriter w(dir / "no/such/out.csv");
        }).find("cannot create a file in") != std::string::npos);
}

TEST_CASE("atomic_file: a symlink is followed, its target replaced, the link kept") {
  ScratchDir dir;
  const std::string target = dir / "real.mlm";
  const std::string link = dir / "link.mlm";
  write_file_atomically(target, "old");
  fs::create_symlink("real.mlm", link);
  write_file_atomically(link, "new");
  CHECK(fs::is_symlink(link));
  CHECK(contents(target) == "new");
  CHECK(dir.names() == std::vector<std::string>{"link.mlm", "real.mlm"});
  // A dangling link cannot be followed: refused, and left as it was.
  fs::create_symlink("nowhere/x.mlm", dir / "dangling.mlm");
  CHECK(io_error([&] {
          write_file_atomically(dir / "dangling.mlm", "x");
        }).find("cannot follow the symlink") != std::string::npos);
  CHECK(fs::is_symlink(dir / "dangling.mlm"));
}
