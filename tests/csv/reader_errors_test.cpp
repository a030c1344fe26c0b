// Every malformed input the reader refuses: exact message, line and field number, at every
// block size.

#include <string>

#include <doctest/doctest.h>

#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::testing::check_error;
using mlctl::csv::testing::error_of;
using mlctl::csv::testing::TempFile;

TEST_CASE("csv errors: a record with more fields than the header (column = first extra field)") {
  check_error("a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5,6\n",
              "expected 5 fields (as in the header), found 6", 3, 6);
  check_error("a,b\n1,2\n\"x\ny\",2,3,4\n", "expected 2 fields (as in the header), found 4", 3, 3);
  check_error("a\n1,\n", "expected 1 fields (as in the header), found 2", 2, 2);
}

TEST_CASE("csv errors: a record with fewer fields than the header (column = first missing field)") {
  check_error("a,b,c,d,e\n1,2,3,4\n", "expected 5 fields (as in the header), found 4", 2, 5);
  check_error("a,b,c\r\n\r\nx\r\n", "expected 3 fields (as in the header), found 1", 3, 2);
  check_error("a,b,c\n1,2,3\n1,2", "expected 3 fields (as in the header), found 2", 3, 3);
}

TEST_CASE("csv errors: more fields than --max-columns in a record is refused before the end") {
  ReaderOptions options;
  options.max_columns = 4;
  check_error("a,b\n1,2,3,4,5,6,7\n", "expected 2 fields (as in the header), found more than 4", 2,
              3, options);
}

TEST_CASE("csv errors: an unterminated quote names the line and field where it opened") {
  check_error("a,b\n1,\"abc\n2,3\n", "unterminated quoted field (opened here)", 2, 2);
  check_error("a,b\n1,2\n3,\"x\"\"", "unterminated quoted field (opened here)", 3, 2);
  check_error("a,b\n\"", "unterminated quoted field (opened here)", 2, 1);
  check_error("\"a,b\n1,2\n", "unterminated quoted field (opened here)", 1, 1);
  check_error("a,b\n1,\"x\ny\"\n\"\n\n", "unterminated quoted field (opened here)", 4, 1);
}

TEST_CASE("csv errors: text after a closing quote") {
  const std::string message =
      "unexpected text after a closing quote (a quote inside a quoted field is written as two "
      "quotes)";
  check_error("a,b\n1,\"ab\"c\n", message, 2, 2);
  check_error("a,b\n\"x\ny\" ,2\n", message, 3, 1);
  check_error("\"a\"b,c\n", message, 1, 1);
}

TEST_CASE("csv errors: an empty file has no header row") {
  const std::string message = "empty file: no header row";
  check_error("", message, 1, 0);
  check_error("\xEF\xBB\xBF", message, 1, 0);
  check_error("\n\r\n\r\n", message, 1, 0);
  check_error("\xEF\xBB\xBF\n\n", message, 1, 0);
}

TEST_CASE("csv errors: header names must be non-empty, UTF-8 and unique") {
  check_error("a,b,,d\n1,2,3,4\n", "column 3 has an empty name", 1, 3);
  check_error("\n\na,\"\"\n", "column 2 has an empty name", 3, 2);
  check_error("id,age,name,age\n", "duplicate column name \"age\" (also column 2)", 1, 4);
  // The name is escaped so that the message stays on one line.
  check_error("a,\"b\n\",\"b\n\"\n", "duplicate column name \"b\\n\" (also column 2)", 1, 3);
  check_error("a,caf\xE9,c\n", "column 2's name is not valid UTF-8", 1, 2);
  check_error("a,\xC0\xAF\n", "column 2's name is not valid UTF-8", 1, 2);
  check_error("\xED\xA0\x80,b\n", "column 1's name is not valid UTF-8", 1, 1);
  // Data fields are not checked for UTF-8; names that are valid pass.
  const TempFile file("caf\xC3\xA9,\xF0\x9F\x90\xA7\n\xE9,2\n");
  CHECK(Reader(file.path()).header() ==
        std::vector<std::string>{"caf\xC3\xA9", "\xF0\x9F\x90\xA7"});
}

TEST_CASE("csv errors: a NUL byte names the line it is on and its field") {
  const std::string message = "NUL byte in input (is this a binary file?)";
  check_error(std::string("a,b\n1,x\0y\n", 10), message, 2, 2);
  check_error(std::string("a,b\n1,\"x\n\0\"\n", 12), message, 3, 2);
  check_error(std::string("a,\0\n", 4), message, 1, 2);
  check_error(std::string("a,b\n\"x\"\0,1\n", 11), message, 2, 1);
  check_error(std::string("\0\0\0\0", 4), message, 1, 1);
}

TEST_CASE("csv errors: a field longer than --max-field-size") {
  ReaderOptions options;
  options.max_field_bytes = 4;
  const std::string message =
      "field is longer than 4 bytes (raise the limit with --max-field-size)";
  check_error("a,b\n1,abcde\n", message, 2, 2, options);
  check_error("a,b\n1,\"ab\ncd\"\n", message, 2, 2, options);
  check_error("a,b\n1,\"abcdefghijklmnopqrstuvwxyz", message, 2, 2, options);
  check_error("abcde\n1\n", message, 1, 1, options);
  // A NUL after the limit: too long, whether or not a read brought the NUL with the rest (the
  // block reader's blocks hold it, a small read does not); a NUL before it: the NUL.
  check_error(std::string("a,b\n1,abcdefg\0h\n", 16), message, 2, 2, options);
  check_error(std::string("a,b\n1,\"abcdefg\0h\"\n", 18), message, 2, 2, options);
  check_error(std::string("a,b\n1,ab\0cdefgh\n", 16), "NUL byte in input (is this a binary file?)",
              2, 2, options);
  // Exactly at the limit is fine; "" inside quotes counts as the two bytes it takes.
  const TempFile ok("a,b\n1,abcd\n\"ab\"\"\",\"\"\n");
  for (const std::size_t block : mlctl::csv::testing::kBlockSizes) {
    options.block_size = block;
    CHECK(mlctl::csv::testing::read_all(ok.path(), options).rows.size() == 2);
  }
}

TEST_CASE("csv errors: more header columns than --max-columns") {
  ReaderOptions options;
  options.max_columns = 3;
  check_error("a,b,c,d\n", "more than 3 columns (raise the limit with --max-columns)", 1, 4,
              options);
  options.max_columns = 4;
  const TempFile ok("a,b,c,d\n1,2,3,4\n");
  CHECK(Reader(ok.path(), options).header().size() == 4);
}

TEST_CASE("csv errors: a missing file, a directory and a bad delimiter") {
  const TempFile file("a\n1\n");
  const std::string missing = file.path() + ".nope";
  auto error = error_of(missing);
  REQUIRE(error.has_value());
  CHECK(error->kind() == ErrorKind::io);
  CHECK(error->message() == "cannot open: No such file or directory");
  CHECK(error->where().file == missing);
  CHECK(error->where().line == 0);

  const std::string dir = std::filesystem::path(file.path()).parent_path().string();
  error = error_of(dir);
  REQUIRE(error.has_value());
  CHECK(error->kind() == ErrorKind::io);
  CHECK(error->message() == "is a directory");
  CHECK(error->where().file == dir);

  ReaderOptions quote;
  quote.delimiter = '"';
  error = error_of(file.path(), quote);
  REQUIRE(error.has_value());
  CHECK(error->kind() == ErrorKind::usage);
  CHECK(error->message() == "the delimiter cannot be a quote or a line break");
}

TEST_CASE("csv errors: the error text is one line, file:line:field: message") {
  const TempFile file("a,b\n1,2,3\n");
  const auto error = error_of(file.path());
  REQUIRE(error.has_value());
  CHECK(std::string(error->what()) ==
        file.path() + ":2:3: expected 2 fields (as in the header), found 3");
}

TEST_CASE("csv errors: a failing read is an I/O error naming the file") {
  // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO.
  const auto error = error_of("/proc/self/mem");
  REQUIRE(error.has_value());
  CHECK(error->kind() == ErrorKind::io);
  CHECK(error->message() == "read failed: Input/output error");
  CHECK(error->where().file == "/proc/self/mem");
}
