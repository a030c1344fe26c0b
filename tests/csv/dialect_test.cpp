// The dialect's settings (csv/dialect.hpp): the delimiter by name or as asked, and the checks of
// settings that do not depend on the input. The Reader's use of them is in reader_*_test.cpp.

#include <string>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "csv/dialect.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::csv::Dialect;
using mlctl::csv::detail::check_dialect;
using mlctl::csv::detail::chosen_delimiter;
using mlctl::csv::detail::delimiter_by_name;

namespace {

std::string usage_error_of(const Dialect& dialect) {
  try {
    check_dialect(dialect);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.message();
  }
  return "";
}

}  // namespace

TEST_CASE("dialect: *.tsv and *.tab are read with tabs, any case, the rest with commas") {
  CHECK(delimiter_by_name("a.tsv") == '\t');
  CHECK(delimiter_by_name("dir/b.TAB") == '\t');
  CHECK(delimiter_by_name("c.Tsv") == '\t');
  CHECK(delimiter_by_name("d.csv") == ',');
  CHECK(delimiter_by_name("tsv") == ',');
  CHECK(delimiter_by_name("-") == ',');
}

TEST_CASE("dialect: the delimiter asked for, by name for none, never a quote or line break") {
  CHECK(chosen_delimiter("a.tsv", '\0') == '\t');
  CHECK(chosen_delimiter("a.tsv", ';') == ';');
  CHECK(chosen_delimiter("a.csv", '|') == '|');
  for (const char bad : {'"', '\n', '\r'}) {
    try {
      chosen_delimiter("a.csv", bad);
      FAIL("no error for a bad delimiter");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK(e.message() == "the delimiter cannot be a quote or a line break");
    }
  }
}

TEST_CASE("dialect: the checks that need no input, with the messages the user sees") {
  CHECK(usage_error_of(Dialect{}) == "");
  Dialect decimal;
  decimal.decimal = ';';
  CHECK(usage_error_of(decimal) == "the decimal mark must be '.' or ',', got ';'");
  Dialect headerless;
  headerless.header = false;
  CHECK(usage_error_of(headerless) ==
        "input without a header row needs its column names (--columns a,b,c)");
  headerless.columns = {"a", "b"};
  CHECK(usage_error_of(headerless) == "");
  Dialect both;
  both.columns = {"a"};
  CHECK(usage_error_of(both) ==
        "--columns names the columns of input without a header row: give --no-header too");
}
