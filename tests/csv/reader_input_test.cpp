// Where the bytes come from and what the reader reports about them: stdin, sizes, counts and
// the input hash.

#include <string>
#include <utility>

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <doctest/doctest.h>

#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::Row;
using mlctl::csv::testing::kBlockSizes;
using mlctl::csv::testing::StdinFrom;
using mlctl::csv::testing::TempFile;

TEST_CASE("csv input: \"-\" reads a pipe on stdin, named <stdin>, with no total size") {
  const std::string content = "a,b\n1,\"x\ny\"\n3,4\n";
  for (const std::size_t block : kBlockSizes) {
    CAPTURE(block);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    REQUIRE(::write(fds[1], content.data(), content.size()) ==
            static_cast<ssize_t>(content.size()));
    ::close(fds[1]);
    const StdinFrom redirect(fds[0]);
    ::close(fds[0]);
    ReaderOptions options;
    options.block_size = block;
    const auto parsed = mlctl::csv::testing::read_all("-", options);
    CHECK(parsed.header == std::vector<std::string>{"a", "b"});
    CHECK(parsed.rows == std::vector<std::vector<std::string>>{{"1", "x\ny"}, {"3", "4"}});
    CHECK(parsed.lines == std::vector<std::uint64_t>{2, 4});
  }
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[1]);
  const StdinFrom redirect(fds[0]);
  ::close(fds[0]);
  try {
    Reader reader("-");
    FAIL("an empty stdin has no header");
  } catch (const mlctl::Error& error) {
    CHECK(error.message() == "empty file: no header row");
    CHECK(error.where().file == "<stdin>");
  }
}

TEST_CASE("csv input: display name, total size, bytes and rows read") {
  const std::string content = "a,b\n1,2\n3,4\n5,6\n";
  const TempFile file(content);
  const TempFile redirected(content);
  for (const std::size_t block : kBlockSizes) {
    CAPTURE(block);
    ReaderOptions options;
    options.block_size = block;
    Reader reader(file.path(), options);
    CHECK(reader.display_name() == file.path());
    CHECK(reader.total_bytes() == std::optional<std::uint64_t>(content.size()));
    CHECK(reader.rows_read() == 0);
    CHECK(reader.bytes_read() <= content.size());
    Row row;
    REQUIRE(reader.next(row));
    CHECK(reader.rows_read() == 1);
    while (reader.next(row)) {
    }
    CHECK_FALSE(reader.next(row));  // stays at the end
    CHECK(reader.rows_read() == 3);
    CHECK(reader.bytes_read() == content.size());
  }
  const int fd = ::open(redirected.path().c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  const StdinFrom redirect(fd);
  ::close(fd);
  Reader from_stdin("-");
  CHECK(from_stdin.display_name() == "<stdin>");
  CHECK(from_stdin.total_bytes() == std::optional<std::uint64_t>(content.size()));
}

TEST_CASE("csv input: the input hash is xxh3-64 of every byte, header and BOM included") {
  const std::string content =
      "\xEF\xBB\xBF"
      "a,b\r\n1,\"2\"\"\"\r\n\r\n3,4";
  const std::uint64_t expected = XXH3_64bits(content.data(), content.size());
  const TempFile file(content);
  for (const std::size_t block : kBlockSizes) {
    CAPTURE(block);
    ReaderOptions options;
    options.block_size = block;
    options.hash_input = true;
    Reader reader(file.path(), options);
    Row row;
    while (reader.next(row)) {
    }
    CHECK(reader.input_hash() == expected);
  }
  // Without hash_input there is no hash.
  Reader plain(file.path());
  Row row;
  while (plain.next(row)) {
  }
  CHECK(plain.input_hash() == 0);
  // Midway, the hash covers what has been read so far.
  ReaderOptions tiny;
  tiny.block_size = 4;
  tiny.hash_input = true;
  Reader partial(file.path(), tiny);
  CHECK(partial.input_hash() == XXH3_64bits(content.data(), partial.bytes_read()));
}

TEST_CASE("csv input: missing values are empty, NA, N/A, NaN, null in any case, and extras") {
  const TempFile file("a\n1\n");
  const Reader reader(file.path());
  for (const char* token :
       {"", "NA", "na", "nA", "N/A", "n/a", "NaN", "nan", "NAN", "null", "NULL", "Null"}) {
    CAPTURE(token);
    CHECK(reader.is_missing(token));
  }
  for (const char* token : {" ", "N", "NAs", " NA", "NA ",
                            "N\x0F"
                            "A",
                            "N\\A", "none", "None", "-", "?", "nul", "nulls", "0", "n.a"}) {
    CAPTURE(token);
    CHECK_FALSE(reader.is_missing(token));
  }
  ReaderOptions options;
  options.extra_na = {"?", "-999", "missing"};
  const Reader extra(file.path(), options);
  CHECK(extra.is_missing("?"));
  CHECK(extra.is_missing("-999"));
  CHECK(extra.is_missing("missing"));
  CHECK(extra.is_missing("NA"));
  CHECK_FALSE(extra.is_missing("MISSING"));  // extras match exactly
  CHECK_FALSE(extra.is_missing("-99"));
  CHECK_FALSE(extra.is_missing("??"));
}

TEST_CASE("csv input: a moved reader keeps its missing-value tokens") {
  const TempFile file("a\n1\n");
  ReaderOptions options;
  options.extra_na = {"-999"};
  Reader reader(file.path(), options);
  Reader moved(std::move(reader));
  CHECK(moved.is_missing("-999"));
  CHECK(moved.is_missing("NA"));
  CHECK_FALSE(moved.is_missing("-99"));
  Reader assigned(file.path());
  CHECK_FALSE(assigned.is_missing("-999"));
  assigned = std::move(moved);
  CHECK(assigned.is_missing("-999"));
  Row row;
  REQUIRE(assigned.next(row));
  CHECK(row.fields[0] == "1");
}
