#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "serve/token.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::serve::bearer_matches;
using mlctl::serve::constant_time_equal;
using mlctl::serve::read_token_file;

namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

}  // namespace

TEST_CASE("token: equal only for the same bytes and the same length") {
  CHECK(constant_time_equal("s3cret", "s3cret"));
  CHECK_FALSE(constant_time_equal("s3cret", "s3creT"));
  CHECK_FALSE(constant_time_equal("s3cret", "s3cre"));
  CHECK_FALSE(constant_time_equal("s3cret", "s3cret!"));
  CHECK_FALSE(constant_time_equal("s3cret", ""));
  CHECK(constant_time_equal("", ""));
}

TEST_CASE("token: the Authorization header must be Bearer and the token, exactly") {
  CHECK(bearer_matches("Bearer s3cret", "s3cret"));
  CHECK_FALSE(bearer_matches("bearer s3cret", "s3cret"));
  CHECK_FALSE(bearer_matches("Basic s3cret", "s3cret"));
  CHECK_FALSE(bearer_matches("Bearer s3cret ", "s3cret"));
  CHECK_FALSE(bearer_matches("", "s3cret"));
}

TEST_CASE("token: the file's trailing newline is dropped, empty or several lines refused") {
  CHECK(read_token_file(write_temp("mlctl_token_test_ok", "s3cret\n")) == "s3cret");
  const auto empty = write_temp("mlctl_token_test_empty", "\n");
  try {
    (void)read_token_file(empty);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == "the token file is empty");
    CHECK(e.where().file == empty);
  }
  try {
    (void)read_token_file(write_temp("mlctl_token_test_lines", "a\nb\n"));
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.message() == "the token file holds more than one line");
  }
  try {
    (void)read_token_file("/nonexistent/mlctl/token");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(e.message() == "cannot read the token file: No such file or directory");
  }
}
