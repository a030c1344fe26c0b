#include <doctest/doctest.h>

#include "common/error.hpp"

using mlctl::Error;
using mlctl::ErrorKind;

TEST_CASE("error message names file, line and column when known") {
  CHECK(Error(ErrorKind::data, "bad").what() == std::string("bad"));
  CHECK(Error(ErrorKind::io, "cannot open", {"a.csv"}).what() == std::string("a.csv: cannot open"));
  CHECK(Error(ErrorKind::data, "x", {"a.csv", 3}).what() == std::string("a.csv:3: x"));
  const Error e(ErrorKind::data, "not a number", {"a.csv", 3, 2});
  CHECK(e.what() == std::string("a.csv:3:2: not a number"));
  CHECK(e.kind() == ErrorKind::data);
  CHECK(e.message() == "not a number");
  CHECK(e.where().line == 3);
  CHECK(e.where().column == 2);
}
