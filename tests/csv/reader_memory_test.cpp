// csv::Reader over a MemoryInput (how `mlctl serve` reads a request's body): the rows, lines,
// errors, sizes and fingerprint that a file holding the same bytes gives.

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "compress_support.hpp"
#include "csv/reader.hpp"
#include "csv/reopen.hpp"
#include "csv_test_support.hpp"

using mlctl::Error;
using mlctl::csv::MemoryInput;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::Row;
using mlctl::csv::testing::kBlockSizes;
using mlctl::csv::testing::Parsed;
using mlctl::csv::testing::read_all;
using mlctl::csv::testing::TempFile;

namespace {

const std::string kPlain = "a,b,c\n1,2,x\n3,,y\n";

}  // namespace

TEST_CASE("csv input in memory: read as a file of the same bytes") {
  const std::vector<std::string> inputs = {
      kPlain,
      "a,b\r\n1,\"x\r\ny\"\r\n\r\n\"p,\"\"q\",4",  // CRLF, quotes, a blank line, no final break
      "\xEF\xBB\xBF"
      "a;b\n1;2\n",  // a BOM; sniffed: ';'
      mlctl::csv::testing::gzip_of(kPlain),
      mlctl::csv::testing::zstd_of(kPlain),
  };
  for (const std::string& content : inputs) {
    CAPTURE(content);
    const TempFile file(content);
    ReaderOptions options;
    options.hash_input = true;
    options.delimiter = mlctl::csv::kSniffDelimiter;
    Reader from_file(file.path(), options);
    const Parsed expected = read_all(from_file);
    for (const std::size_t block : kBlockSizes) {
      CAPTURE(block);
      options.block_size = block;
      Reader reader(MemoryInput{content, "<body>"}, options);
      const Parsed got = read_all(reader);
      CHECK(got.header == expected.header);
      CHECK(got.rows == expected.rows);
      CHECK(got.lines == expected.lines);
      CHECK(reader.display_name() == "<body>");
      CHECK(reader.total_bytes() == from_file.total_bytes());
      CHECK(reader.bytes_read() == from_file.bytes_read());
      CHECK(reader.compressed() == from_file.compressed());
      CHECK(reader.input_hash() == from_file.input_hash());
      CHECK(reader.in_memory());
      CHECK_FALSE(mlctl::csv::can_reopen(reader));  // there is no file to open again
    }
    CHECK_FALSE(from_file.in_memory());
  }
}

TEST_CASE("csv input in memory: errors name the input, line and field as for a file") {
  const std::string content = "a,b\n1,2\n3,\"open\n";
  const TempFile file(content);
  const auto expected = mlctl::csv::testing::error_of(file.path());
  REQUIRE(expected.has_value());
  try {
    Reader reader(MemoryInput{content, "<body>"});
    Row row;
    while (reader.next(row)) {
    }
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.message() == expected->message());
    CHECK(e.where().file == "<body>");
    CHECK(e.where().line == expected->where().line);
    CHECK(e.where().column == expected->where().column);
  }
}

TEST_CASE("csv input in memory: the name's extension chooses the delimiter, as a path's does") {
  const std::string content = "a\tb\n1\t2\n";
  Reader tsv(MemoryInput{content, "rows.tsv"});
  CHECK(tsv.header() == std::vector<std::string>{"a", "b"});
  Reader csv(MemoryInput{content, "rows.csv"});
  CHECK(csv.header() == std::vector<std::string>{"a\tb"});
}
