// read_table's typing rule (docs/csv-input.md, "Column types"): a column is numeric only when
// every non-missing value is a number; otherwise every value is a label exactly as written,
// however many values before the first text looked like numbers, from a file read sequentially
// or in blocks, and from a pipe. Declared types (train's --categorical, --numeric) win.

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "csv/reader.hpp"
#include "table/table.hpp"
#include "table/table_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::testing::StdinFrom;
using mlctl::csv::testing::StdinPipe;
using mlctl::csv::testing::TempFile;
using mlctl::table::Column;
using mlctl::table::ColumnType;
using mlctl::table::DeclaredTypes;
using mlctl::table::read_table;
using mlctl::table::Table;
using mlctl::table::testing::texts_of;

namespace {

Table read_file(const std::string& path, unsigned threads = 1, std::size_t block = 1u << 20,
                const DeclaredTypes& declared = {}) {
  ReaderOptions options;
  options.block_size = std::min<std::size_t>(block, ReaderOptions{}.block_size);
  options.parallel_block_size = block;
  Reader reader(path, options);
  return read_table(reader, {}, {}, threads, declared);
}

// `content` read from stdin: a pipe (its bytes cannot be read again), or the file redirected.
Table read_stdin(const std::string& content, bool pipe, unsigned threads, std::size_t block,
                 const DeclaredTypes& declared = {}) {
  ReaderOptions options;
  options.block_size = std::min<std::size_t>(block, ReaderOptions{}.block_size);
  options.parallel_block_size = block;
  const TempFile file(content);
  std::optional<StdinPipe> stdin_pipe;
  std::optional<StdinFrom> stdin_file;
  if (pipe) {
    stdin_pipe.emplace(content);
  } else {
    const int source = ::open(file.path().c_str(), O_RDONLY);
    REQUIRE(source >= 0);
    stdin_file.emplace(source);
    ::close(source);
  }
  std::optional<Table> got;
  std::optional<std::string> error;
  try {
    Reader reader("-", options);
    got = read_table(reader, {}, {}, threads, declared);
  } catch (const Error& e) {
    error = e.message();
  }
  stdin_pipe.reset();
  stdin_file.reset();
  CAPTURE(error);
  REQUIRE(got.has_value());
  return std::move(*got);
}

void check_same(const Table& got, const Table& expected) {
  REQUIRE(got.columns.size() == expected.columns.size());
  CHECK(got.lines == expected.lines);
  for (std::size_t k = 0; k < got.columns.size(); ++k) {
    const Column& g = got.columns[k];
    const Column& e = expected.columns[k];
    CAPTURE(e.name);
    CHECK(g.type == e.type);
    CHECK(g.labels == e.labels);
    CHECK(g.codes == e.codes);
    CHECK(texts_of(g) == texts_of(e));
    CHECK(g.first_non_number == e.first_non_number);
    CHECK(g.first_non_number_line == e.first_non_number_line);
  }
}

// The sequential read of a file, then every other way, each compared with it: in blocks of
// many sizes on 2 and 4 threads, and from stdin (a pipe and a redirected file).
Table check_every_way(const std::string& content, const DeclaredTypes& declared = {}) {
  const TempFile file(content);
  const Table expected = read_file(file.path(), 1, 1u << 20, declared);
  for (const unsigned threads : {2u, 4u}) {
    for (const std::size_t block : {1, 2, 3, 5, 8, 13, 64, 997, 1 << 20}) {
      CAPTURE(threads);
      CAPTURE(block);
      check_same(read_file(file.path(), threads, static_cast<std::size_t>(block), declared),
                 expected);
    }
  }
  for (const bool pipe : {true, false}) {
    for (const unsigned threads : {1u, 2u}) {
      for (const std::size_t block : {3, 997}) {
        CAPTURE(pipe);
        CAPTURE(threads);
        CAPTURE(block);
        check_same(read_stdin(content, pipe, threads, static_cast<std::size_t>(block), declared),
                   expected);
      }
    }
  }
  return expected;
}

}  // namespace

TEST_CASE("typing: the issue's zip codes: one category per value as written, as pandas") {
  // pandas: 02134 (3), 1.0 (2), 1 (1), ABC (1); mlctl used to relabel the numbers read before
  // "ABC" in shortest form (2134, 1).
  const Table t = check_every_way("zip,y\n02134,1\n02134,1\n1.0,2\nABC,3\n02134,1\n1.0,2\n1,2\n");
  const Column& zip = t.column("zip");
  CHECK(zip.type == ColumnType::categorical);
  CHECK(zip.labels == std::vector<std::string>{"02134", "1.0", "ABC", "1"});
  CHECK(zip.codes == mlctl::table::Codes{0, 0, 1, 2, 0, 1, 3});
  CHECK(zip.first_non_number == "ABC");
  CHECK(zip.first_non_number_line == 5);
  CHECK(t.column("y").type == ColumnType::numeric);
}

TEST_CASE("typing: \"1\", \"1.0\", \"1.50\" and \"1.5\" in a text column are four labels") {
  const Table t = check_every_way("c,n\n1,1\n1.0,1.0\n1.50,1.50\n,\n1.5,1.5\nNA,2\nx,3\n1,4\n");
  const Column& c = t.column("c");
  CHECK(c.type == ColumnType::categorical);
  CHECK(c.labels == std::vector<std::string>{"1", "1.0", "1.50", "1.5", "x"});
  CHECK(texts_of(c) == std::vector<std::string>{"1", "1.0", "1.50", "", "1.5", "", "x", "1"});
  CHECK(c.missing_count() == 2);
  // In a numeric column they are the numbers they spell.
  const Column& n = t.column("n");
  CHECK(n.type == ColumnType::numeric);
  CHECK(texts_of(n) == std::vector<std::string>{"1", "1", "1.5", "", "1.5", "2", "3", "4"});
}

TEST_CASE("typing: a text value on the last line, leading zeros, exponents") {
  std::string content = "id,code,x,zeros\n";
  std::vector<std::string> xs;
  for (int i = 0; i < 400; ++i) {
    xs.push_back(std::to_string(i % 4) + (i % 3 ? ".0" : "e0"));
    content += std::to_string(i) + ",00" + std::to_string(i % 9) + "," + xs.back() + ",0" +
               std::to_string(i % 5) + "\n";
  }
  content += "400,A7,last,01\n";
  xs.emplace_back("last");
  const Table t = check_every_way(content);
  CHECK(t.column("id").type == ColumnType::numeric);
  // Leading zeros are numbers in a numeric column (as pandas reads them too)...
  const Column& zeros = t.column("zeros");
  CHECK(zeros.type == ColumnType::numeric);
  CHECK(zeros.numbers[4] == 4.0);
  // ...and kept in a text column.
  const Column& code = t.column("code");
  CHECK(code.type == ColumnType::categorical);
  CHECK(code.labels == std::vector<std::string>{"000", "001", "002", "003", "004", "005", "006",
                                                "007", "008", "A7"});
  CHECK(code.first_non_number == "A7");
  CHECK(code.first_non_number_line == 402);
  const Column& x = t.column("x");
  CHECK(x.type == ColumnType::categorical);
  CHECK(texts_of(x) == xs);
  CHECK(x.labels.size() == 9);
}

TEST_CASE("typing: text in a late block of a parallel read, numbers in the blocks between") {
  std::string content = "a,b\n";
  for (int i = 0; i < 3000; ++i) {
    content += (i == 1700 ? std::string("text") : std::to_string(i % 11) + ".50") + "," +
               (i == 2999 ? std::string("end") : "0" + std::to_string(i % 3)) + "\n";
  }
  const Table t = check_every_way(content);
  const Column& a = t.column("a");
  CHECK(a.type == ColumnType::categorical);
  CHECK(a.labels.size() == 12);
  CHECK(a.text(0) == "0.50");
  CHECK(a.text(2998) == "6.50");
  const Column& b = t.column("b");
  CHECK(b.labels == std::vector<std::string>{"00", "01", "02", "end"});
}

TEST_CASE("typing: a declared categorical column is text from its first value") {
  const DeclaredTypes declared{{"zip", "y"}, {}};
  const Table t = check_every_way("zip,y,x\n02134,1,5\n2134,1.0,6\n,NA,7\n1e3,2,8\n", declared);
  const Column& zip = t.column("zip");
  CHECK(zip.type == ColumnType::categorical);
  CHECK(zip.labels == std::vector<std::string>{"02134", "2134", "1e3"});
  CHECK(zip.codes == mlctl::table::Codes{0, 1, -1, 2});
  CHECK(zip.first_non_number.empty());
  CHECK(zip.first_non_number_line == 0);
  CHECK(t.column("y").labels == std::vector<std::string>{"1", "1.0", "2"});
  CHECK(t.column("x").type == ColumnType::numeric);
}

TEST_CASE("typing: a declared numeric column stays numeric, a non-number in it is an error") {
  const DeclaredTypes declared{{}, {"x"}};
  const Table t = check_every_way("x,y\n1.5,a\n,b\nNA,c\n2,d\n", declared);
  CHECK(t.column("x").type == ColumnType::numeric);

  std::string content = "y,x\n";
  for (int i = 0; i < 500; ++i) content += "a," + std::to_string(i) + "\n";
  content += "b,abc\n";
  const TempFile file(content);
  for (const unsigned threads : {1u, 2u}) {
    for (const std::size_t block : {std::size_t{7}, std::size_t{1} << 20}) {
      CAPTURE(threads);
      CAPTURE(block);
      try {
        (void)read_file(file.path(), threads, block, declared);
        FAIL("no error");
      } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::data);
        CHECK(e.message() == "column \"x\" is declared numeric, but \"abc\" is not a number");
        CHECK(e.where().file == file.path());
        CHECK(e.where().line == 502);
        CHECK(e.where().column == 2);
      }
    }
  }
}

TEST_CASE("typing: a declared column that is not in the data, or declared both ways, is refused") {
  const TempFile file("a,b\n1,2\n");
  const auto error_of = [&](const DeclaredTypes& declared) -> std::optional<Error> {
    try {
      (void)read_file(file.path(), 1, 1u << 20, declared);
    } catch (const Error& e) {
      return e;
    }
    return std::nullopt;
  };
  const auto missing = error_of({{"a", "zz"}, {}});
  REQUIRE(missing.has_value());
  CHECK(missing->kind() == ErrorKind::usage);
  CHECK(missing->message() == "--categorical: no column named \"zz\" in the data");
  CHECK(missing->where().file == file.path());
  const auto numeric = error_of({{}, {"q"}});
  REQUIRE(numeric.has_value());
  CHECK(numeric->message() == "--numeric: no column named \"q\" in the data");
  const auto both = error_of({{"a"}, {"a"}});
  REQUIRE(both.has_value());
  CHECK(both->kind() == ErrorKind::usage);
  CHECK(both->message() == "column \"a\" is declared both categorical and numeric");
}

TEST_CASE("typing: the data sets in data/ read the same from a pipe as from their file") {
  for (const char* name : {"titanic.csv", "penguins.csv", "ames.csv"}) {
    CAPTURE(name);
    const std::string path = mlctl::table::testing::dataset_path(name);
    std::string content;
    {
      std::FILE* f = std::fopen(path.c_str(), "rb");
      REQUIRE(f != nullptr);
      char buffer[65536];
      std::size_t n = 0;
      while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) content.append(buffer, n);
      std::fclose(f);
    }
    const Table expected = read_file(path);
    check_same(read_stdin(content, true, 1, 1u << 20), expected);
    check_same(read_stdin(content, true, 2, 20000), expected);
  }
}
