// The reading options of csv::Dialect and what the reader does with its input's bytes:
// compressed input, the sniffed delimiter, '|', the decimal comma, headerless input, --trim and
// ragged records. Every case is read at block sizes 1, 2, 3, 7 and the default.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "compress_support.hpp"
#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::csv::kSniffDelimiter;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::Row;
using mlctl::csv::sniff_delimiter;
using mlctl::csv::testing::check_error;
using mlctl::csv::testing::check_parse;
using mlctl::csv::testing::error_of;
using mlctl::csv::testing::gzip_of;
using mlctl::csv::testing::kBlockSizes;
using mlctl::csv::testing::Parsed;
using mlctl::csv::testing::read_all;
using mlctl::csv::testing::StdinFrom;
using mlctl::csv::testing::TempFile;
using mlctl::csv::testing::zstd_of;
using Rows = std::vector<std::vector<std::string>>;

namespace {

const std::string kCsv = "a,b\n1,\"x\ny\"\n3,4\n";
const Parsed kParsed{{"a", "b"}, Rows{{"1", "x\ny"}, {"3", "4"}}, {2, 4}};

ReaderOptions with_delimiter(char delimiter) {
  ReaderOptions options;
  options.delimiter = delimiter;
  return options;
}

ReaderOptions headerless(std::vector<std::string> columns) {
  ReaderOptions options;
  options.header = false;
  options.columns = std::move(columns);
  return options;
}

ReaderOptions trimmed() {
  ReaderOptions options;
  options.trim = true;
  return options;
}

ReaderOptions decimal_comma() {
  ReaderOptions options;
  options.delimiter = ';';
  options.decimal = ',';
  return options;
}

// The error opening `path` with `options` throws (the header or the dialect).
Error open_error(const std::string& path, const ReaderOptions& options) {
  try {
    Reader reader(path, options);
  } catch (const Error& error) {
    return error;
  }
  FAIL("no error");
  return Error(ErrorKind::internal, "");
}

}  // namespace

TEST_CASE("csv options: gzip and zstd input is read by its first bytes, whatever its name") {
  check_parse(gzip_of(kCsv), kParsed, {}, "data.csv");
  check_parse(zstd_of(kCsv), kParsed, {}, "data.bin");
  check_parse(gzip_of(kCsv), kParsed, {}, "data.csv.gz");
  // gzip -c a b: members one after another; zstd frames likewise.
  check_parse(gzip_of("a,b\n1,\"x\ny\"\n") + gzip_of("3,4\n"), kParsed);
  check_parse(zstd_of("a,b\n1,\"x\ny\"\n") + zstd_of("3,4\n"), kParsed);
  // A bigger input: many reads of the compressed buffer.
  std::string big = "a,b\n";
  Rows rows;
  std::vector<std::uint64_t> lines;
  for (int i = 0; i < 30000; ++i) {
    big += std::to_string(i) + "," + std::to_string(i * 7 % 1000) + "\n";
    rows.push_back({std::to_string(i), std::to_string(i * 7 % 1000)});
    lines.push_back(static_cast<std::uint64_t>(i) + 2);
  }
  const TempFile file(gzip_of(big));
  ReaderOptions options;
  options.hash_input = true;
  const Parsed got = read_all(file.path(), options);
  CHECK(got.rows == rows);
  CHECK(got.lines == lines);
  Reader reader(file.path(), options);
  Row row;
  while (reader.next(row)) {
  }
  // Counts and hash are of the data; progress counts the compressed bytes of the file.
  CHECK(reader.bytes_read() == big.size());
  const TempFile plain(big);
  Reader plain_reader(plain.path(), options);
  while (plain_reader.next(row)) {
  }
  CHECK(reader.input_hash() == plain_reader.input_hash());
  CHECK(reader.total_bytes() == gzip_of(big).size());
  CHECK(reader.progress().bytes == *reader.total_bytes());
}

TEST_CASE("csv options: compressed input on stdin") {
  for (const auto& bytes : {gzip_of(kCsv), zstd_of(kCsv)}) {
    for (const std::size_t block : kBlockSizes) {
      CAPTURE(block);
      int fds[2];
      REQUIRE(::pipe(fds) == 0);
      REQUIRE(::write(fds[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
      ::close(fds[1]);
      const StdinFrom redirect(fds[0]);
      ::close(fds[0]);
      ReaderOptions options;
      options.block_size = block;
      const Parsed got = read_all("-", options);
      CHECK(got.rows == kParsed.rows);
      CHECK(got.lines == kParsed.lines);
    }
  }
}

TEST_CASE("csv options: truncated or corrupt compressed input is one data error naming the file") {
  const std::string gz = gzip_of(kCsv);
  const std::string zst = zstd_of(kCsv);
  const std::pair<std::string, std::string> cases[] = {
      {gz.substr(0, gz.size() - 9),
       "truncated gzip data: the input ends inside the compressed stream"},
      {gz.substr(0, 2), "truncated gzip data: the input ends inside the compressed stream"},
      {zst.substr(0, zst.size() - 3),
       "truncated zstd data: the input ends inside the compressed stream"},
      {gz.substr(0, 2) + "\x07" + gz.substr(3), "corrupt gzip data: unknown compression method"},
      {zst.substr(0, 4) + std::string(8, '\xff') + zst.substr(12),
       "corrupt zstd data: Unsupported frame parameter"},
  };
  for (const auto& [bytes, message] : cases) {
    CAPTURE(message);
    const TempFile file(bytes);
    for (const std::size_t block : kBlockSizes) {
      ReaderOptions options;
      options.block_size = block;
      const auto error = error_of(file.path(), options);
      REQUIRE(error.has_value());
      CHECK(error->kind() == ErrorKind::data);
      CHECK(error->message() == message);
      CHECK(error->where().file == file.path());
      CHECK(error->where().line == 0);
    }
  }
}

TEST_CASE("csv options: '|' as a delimiter") {
  check_parse("a|b\n1|\"x|y\"\n", {{"a", "b"}, Rows{{"1", "x|y"}}, {2}}, with_delimiter('|'));
}

TEST_CASE("csv options: sniff_delimiter picks the first candidate with one field count over 1") {
  CHECK(sniff_delimiter("a;b;c\n1;2;3\n", true, '.', ',') == ';');
  CHECK(sniff_delimiter("a|b\n1|2\n", true, '.', ',') == '|');
  CHECK(sniff_delimiter("a\tb\n1\t2\n", true, '.', ',') == '\t');
  // A comma inside every record but not as often as the semicolons: the count differs.
  CHECK(sniff_delimiter("a;b\n1,5;2\n3,25;4,1,2\n", true, '.', ',') == ';');
  // Both , and ; give the same counts: the order decides.
  CHECK(sniff_delimiter("a,b;c\n1,2;3\n", true, '.', ',') == ',');
  // With a decimal comma, ',' is no candidate.
  CHECK(sniff_delimiter("a,b;c\n1,2;3\n", true, ',', ',') == ';');
  // Quoted delimiters and line breaks do not count; blank lines are no records.
  CHECK(sniff_delimiter("a;b\n\"x;y\n;z\";1\n\n2;3\n", true, '.', ',') == ';');
  // One column, or no agreement: the fallback.
  CHECK(sniff_delimiter("a\n1\n", true, '.', '\t') == '\t');
  CHECK(sniff_delimiter("a;b\n1;2;3\n", true, '.', ',') == ',');
  // An unfinished last line of the sample is left out unless the sample is the whole input.
  CHECK(sniff_delimiter("a;b\n1;2\n3", false, '.', ',') == ';');
  CHECK(sniff_delimiter("a;b\n1;2\n3", true, '.', ',') == ',');
}

TEST_CASE("csv options: --delimiter auto reads the first lines, and delimiter() tells") {
  ReaderOptions options = with_delimiter(kSniffDelimiter);
  check_parse("a;b\n1;\"x\ny\"\n3;4\n", kParsed, options);
  check_parse(
      "\xEF\xBB\xBF"
      "a|b\r\n1|\"x\ny\"\r\n3|4\r\n",
      kParsed, options);
  check_parse(gzip_of("a\tb\n1\t\"x\ny\"\n3\t4\n"), kParsed, options);
  std::string many = "x;y\n";
  for (int i = 0; i < 100; ++i) many += "1;2\n";
  many += "1,2;3\n";  // beyond the sample
  const TempFile file(many);
  for (const std::size_t block : kBlockSizes) {
    options.block_size = block;
    Reader reader(file.path(), options);
    CHECK(reader.delimiter() == ';');
    CHECK(reader.header() == std::vector<std::string>{"x", "y"});
  }
  const TempFile one_column("x\n1\n");
  CHECK(Reader(one_column.path(), options).delimiter() == ',');
  const TempFile tsv("x\n1\n", "data.tsv");
  CHECK(Reader(tsv.path(), options).delimiter() == '\t');
}

TEST_CASE("csv options: --decimal , hands numbers on with a point, text as written") {
  check_parse("a;b;c\n1,5;-0,25e3;x,y\n\"2,0\";7;1,2,3\n,5;3,;a b\n",
              {{"a", "b", "c"},
               Rows{{"1.5", "-0.25e3", "x,y"}, {"2.0", "7", "1,2,3"}, {".5", "3.", "a b"}},
               {2, 3, 4}},
              decimal_comma());
  CHECK(mlctl::csv::parse_number("-0.25e3") == -250.0);
  // The header's names are never rewritten.
  check_parse("x,1;y\n1;2\n", {{"x,1", "y"}, Rows{{"1", "2"}}, {2}}, decimal_comma());
  // A number written with a point is ambiguous here.
  check_error("a;b\n1,5;2\n1.234;2\n",
              "\"1.234\" is a number with a decimal point, but the "
              "decimal mark is ',' (--decimal ,)",
              3, 1, decimal_comma());
  // Missing-value tokens stay as written, whatever they look like.
  ReaderOptions tokens = decimal_comma();
  tokens.extra_na = {"-9,5", "-1.0"};
  check_parse("a;b\n-9,5;-1.0\n", {{"a", "b"}, Rows{{"-9,5", "-1.0"}}, {2}}, tokens);
  // Text with a point is text.
  check_parse("a;b\n1.2.3;v1.0\n", {{"a", "b"}, Rows{{"1.2.3", "v1.0"}}, {2}}, decimal_comma());
}

TEST_CASE("csv options: --decimal , cannot have ',' as the delimiter") {
  const TempFile file("a,b\n1,2\n");
  ReaderOptions options;
  options.decimal = ',';
  const Error error = open_error(file.path(), options);
  CHECK(error.kind() == ErrorKind::usage);
  CHECK(error.message() ==
        "--decimal , needs another delimiter than ',' (--delimiter ';', tab, '|' or auto)");
  options.decimal = ';';
  CHECK(open_error(file.path(), options).message() ==
        "the decimal mark must be '.' or ',', got ';'");
}

TEST_CASE("csv options: headerless input takes its names from `columns`") {
  check_parse("1,\"x\ny\"\n\n3,4\n", {{"a", "b"}, Rows{{"1", "x\ny"}, {"3", "4"}}, {1, 4}},
              headerless({"a", "b"}));
  check_parse("", {{"a"}, Rows{}, {}}, headerless({"a"}));
  check_parse(gzip_of("1,2\n"), {{"a", "b"}, Rows{{"1", "2"}}, {1}}, headerless({"a", "b"}));
  check_error("1,2,3\n4,5,6\n", "expected 2 fields (as in --columns), found 3", 1, 3,
              headerless({"a", "b"}));
  check_error("1\n", "expected 2 fields (as in --columns), found 1", 1, 2, headerless({"a", "b"}));
  const TempFile file("1,2\n");
  const Error none = open_error(file.path(), headerless({}));
  CHECK(none.kind() == ErrorKind::usage);
  CHECK(none.message() == "input without a header row needs its column names (--columns a,b,c)");
  const Error twice = open_error(file.path(), headerless({"a", "a"}));
  CHECK(twice.kind() == ErrorKind::usage);
  CHECK(twice.message() == "--columns: duplicate column name \"a\" (also column 1)");
  ReaderOptions named;
  named.columns = {"a", "b"};
  CHECK(open_error(file.path(), named).message() ==
        "--columns names the columns of input without a header row: give --no-header too");
}

TEST_CASE("csv options: --trim drops spaces and tabs around fields and names") {
  check_parse("a , b,\t y\n 1 ,  x y \t,\n \"q, r\" , \" s \"\t,  \"\"\"t\"\"\"\n",
              {{"a", "b", "y"}, Rows{{"1", "x y", ""}, {"q, r", " s ", "\"t\""}}, {2, 3}},
              trimmed());
  // A tab delimiter is not trimmed away: empty fields stay.
  ReaderOptions tabs = trimmed();
  tabs.delimiter = '\t';
  check_parse("a\tb\n 1 \t\n", {{"a", "b"}, Rows{{"1", ""}}, {2}}, tabs);
  // Without --trim the spaces are data, and a quote after a space is text.
  check_parse("a, b\n1, \"x\"\n", {{"a", " b"}, Rows{{"1", " \"x\""}}, {2}});
  // A quoted line break after the spaces is inside quotes, in a quoted field's line count too.
  check_parse("a,b\n1,  \"x\ny\"  \n3,4\n", kParsed, trimmed());
  check_error("a,b\n1, \"x\" y\n",
              "unexpected text after a closing quote (a quote inside a "
              "quoted field is written as two quotes)",
              2, 2, trimmed());
}

TEST_CASE("csv options: ragged records reported and skipped, on request") {
  const std::string content = "a,b\n1,2\n3\n4,5,6\n\"7\n\",8\n9,\"x\ny\",z\n";
  const TempFile file(content);
  for (const std::size_t block : kBlockSizes) {
    CAPTURE(block);
    ReaderOptions options;
    options.block_size = block;
    Reader reader(file.path(), options);
    std::vector<std::pair<std::uint64_t, std::size_t>> ragged;
    reader.skip_ragged_records(
        [&](std::uint64_t line, std::size_t fields) { ragged.emplace_back(line, fields); });
    Rows rows;
    std::vector<std::uint64_t> lines;
    Row row;
    while (reader.next(row)) {
      rows.emplace_back(row.fields.begin(), row.fields.end());
      lines.push_back(row.line);
    }
    CHECK(rows == Rows{{"1", "2"}, {"7\n", "8"}});
    CHECK(lines == std::vector<std::uint64_t>{2, 5});
    CHECK(ragged == std::vector<std::pair<std::uint64_t, std::size_t>>{{3, 1}, {4, 3}, {7, 3}});
    CHECK(reader.rows_read() == 2);
  }
  // Without a handler, today's error.
  check_error(content, "expected 2 fields (as in the header), found 1", 3, 2);
}

TEST_CASE("estimated_rows: the rows read, scaled by the input's size, 2% over") {
  using mlctl::csv::estimated_rows;
  using mlctl::csv::ReadProgress;
  CHECK(estimated_rows(ReadProgress{1000, 10000, 100}) == 1020u);
  CHECK(estimated_rows(ReadProgress{2500, 10000, 100}) == 408u);
  CHECK_FALSE(estimated_rows(ReadProgress{1000, std::nullopt, 100}));  // stdin: no size
  CHECK_FALSE(estimated_rows(ReadProgress{0, 10000, 0}));              // nothing read yet
  CHECK_FALSE(estimated_rows(ReadProgress{10000, 10000, 100}));        // read whole: no guess
}
