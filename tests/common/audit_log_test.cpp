// The audit log: one whole JSON line per record, appended; concurrent writers never interleave;
// SOURCE_DATE_EPOCH fixes the time; the command line is quoted for a shell.

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/audit_log.hpp"
#include "common/error.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
namespace audit = mlctl::audit;
namespace fs = std::filesystem;

namespace {

struct AuditDir {
  fs::path path;
  AuditDir() {
    std::string pattern = (fs::temp_directory_path() / "mlctl_audit_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~AuditDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Sets an environment variable for one scope, restoring the previous value.
struct ScopedEnv {
  std::string name;
  std::string old;
  bool had = false;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) {
      had = true;
      old = v;
    }
    if (value) {
      ::setenv(name.c_str(), value, 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
  ~ScopedEnv() {
    if (had) {
      ::setenv(name.c_str(), old.c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
};

}  // namespace

TEST_CASE("audit_log: each record is one line, appended after the ones before") {
  const AuditDir dir;
  const std::string path = dir.file("audit.jsonl");
  audit::append(path, {{"decision", "trained"}, {"n", 1}});
  audit::append(path, {{"decision", "rejected"}, {"note", "two\nlines in a string"}});
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == R"({"decision":"trained","n":1})");
  CHECK(lines[1] == R"({"decision":"rejected","note":"two\nlines in a string"})");
  CHECK(nlohmann::json::parse(lines[1]).at("note") == "two\nlines in a string");
}

TEST_CASE("audit_log: a record must be an object, an unwritable log is an io error") {
  const AuditDir dir;
  try {
    audit::append(dir.file("a.jsonl"), nlohmann::json::array({1, 2}));
    FAIL("expected Error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == "an audit record must be a JSON object");
  }
  const std::string missing = dir.file("no/dir/audit.jsonl");
  try {
    audit::append(missing, {{"a", 1}});
    FAIL("expected Error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(e.where().file == missing);
    CHECK(e.message() == "cannot append to the audit log: No such file or directory");
  }
  CHECK_FALSE(fs::exists(dir.file("a.jsonl")));
}

TEST_CASE("audit_log: concurrent writers append whole lines, none lost or interleaved") {
  const AuditDir dir;
  const std::string path = dir.file("audit.jsonl");
  constexpr int kWriters = 4;
  constexpr int kRecords = 50;
  // Long records make a torn or interleaved write visible as a line that does not parse.
  const std::string padding(20000, 'x');
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int status = 0;
      try {
        for (int i = 0; i < kRecords; ++i) {
          audit::append(path, {{"writer", w}, {"i", i}, {"padding", padding}});
        }
      } catch (...) {
        status = 1;
      }
      ::_exit(status);
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == kWriters * kRecords);
  std::vector<int> next(kWriters, 0);
  for (const auto& line : lines) {
    const auto record = nlohmann::json::parse(line);  // throws on a torn line
    const int w = record.at("writer").get<int>();
    CHECK(record.at("i").get<int>() == next[static_cast<std::size_t>(w)]);
    ++next[static_cast<std::size_t>(w)];
    CHECK(record.at("padding").get<std::string>().size() == padding.size());
  }
  for (const int n : next) CHECK(n == kRecords);
}

TEST_CASE("audit_log: the time honours SOURCE_DATE_EPOCH") {
  {
    const ScopedEnv env("SOURCE_DATE_EPOCH", "86401");
    CHECK(audit::timestamp() == "1970-01-02T00:00:01Z");
  }
  {
    const ScopedEnv env("SOURCE_DATE_EPOCH", "1700000000");
    CHECK(audit::timestamp() == "2023-11-14T22:13:20Z");
  }
  const ScopedEnv env("SOURCE_DATE_EPOCH", nullptr);
  const std::string now = audit::timestamp();
  CHECK(now.size() == 20);
  CHECK(now.back() == 'Z');
  CHECK(now.substr(0, 2) == "20");
}

TEST_CASE("audit_log: the command line is quoted where a shell would need it") {
  CHECK(audit::join_command({"mlctl", "train", "data.csv", "--target", "y"}) ==
        "mlctl train data.csv --target y");
  CHECK(audit::join_command({"mlctl", "train", "my data.csv", "", "it's"}) ==
        R"(mlctl train 'my data.csv' '' 'it'\''s')");
  // This process: the unit-test binary is the first argument.
  const std::string self = audit::command_line();
  CHECK(self.find("mlctl_unit") != std::string::npos);
}
