// read_table on several threads: the same Table as the sequential read (every column, its type,
// values, labels in order, the first non-number and its line; rows' lines, bytes, hash) for any
// number of threads and any block size, on data/ and on inputs whose types change late.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "csv/reader.hpp"
#include "table/table.hpp"
#include "table/table_test_support.hpp"

using mlctl::Error;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::testing::TempFile;
using mlctl::table::Column;
using mlctl::table::ColumnType;
using mlctl::table::read_table;
using mlctl::table::Table;

namespace {

const std::vector<std::size_t> kSmallBlocks = {
    1, 2, 3, 4, 5, 6, 7, 997, ReaderOptions{}.parallel_block_size};

// Bit for bit, so that NaN equals NaN and -0 differs from 0.
bool same_numbers(const mlctl::table::Numbers& a, const mlctl::table::Numbers& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void check_same_table(const Table& got, const Table& expected) {
  REQUIRE(got.columns.size() == expected.columns.size());
  for (std::size_t k = 0; k < got.columns.size(); ++k) {
    const Column& g = got.columns[k];
    const Column& e = expected.columns[k];
    CAPTURE(e.name);
    CHECK(g.name == e.name);
    CHECK(g.type == e.type);
    CHECK(same_numbers(g.numbers, e.numbers));
    CHECK(g.codes == e.codes);
    CHECK(g.labels == e.labels);
    CHECK(g.first_non_number == e.first_non_number);
    CHECK(g.first_non_number_line == e.first_non_number_line);
  }
  CHECK(got.lines == expected.lines);
  CHECK(got.source == expected.source);
  CHECK(got.input_bytes == expected.input_bytes);
  CHECK(got.input_hash == expected.input_hash);
}

Table read_with(const std::string& path, unsigned threads, std::size_t block,
                const std::vector<std::string>& keep = {}) {
  ReaderOptions options;
  options.hash_input = true;
  options.block_size = std::min(block, ReaderOptions{}.block_size);
  options.parallel_block_size = block;
  Reader reader(path, options);
  return read_table(reader, keep, {}, threads);
}

void check_all_ways(const std::string& path, const std::vector<std::size_t>& blocks = kSmallBlocks,
                    const std::vector<std::string>& keep = {}) {
  ReaderOptions options;
  options.hash_input = true;
  Reader reader(path, options);
  const Table expected = read_table(reader, keep);
  for (const unsigned threads : {2u, 4u}) {
    for (const std::size_t block : blocks) {
      CAPTURE(threads);
      CAPTURE(block);
      check_same_table(read_with(path, threads, block, keep), expected);
    }
  }
}

std::optional<Error> error_of(const std::string& path, unsigned threads, std::size_t block) {
  try {
    (void)read_with(path, threads, block);
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("table parallel: every dataset in data/ gives the sequential read's Table") {
  for (const char* name : {"titanic.csv", "penguins.csv", "breast_cancer.csv", "diabetes.csv",
                           "ames.csv", "credit.csv"}) {
    CAPTURE(name);
    check_all_ways(mlctl::table::testing::dataset_path(name),
                   {1, 7, 997, 20000, ReaderOptions{}.parallel_block_size});
  }
  // A keep-list, in another order than the header's.
  check_all_ways(mlctl::table::testing::dataset_path("titanic.csv"), {5, 997},
                 {"passengerClass", "age", "name"});
}

TEST_CASE("table parallel: a column that turns categorical in a late block") {
  // Every value is a label as written ("1.50", "1e3", "007"), before the first text as after
  // it: blocks that saw only numbers are read again.
  const TempFile late(
      "p,q,r\n1.50,1,x\n1e3,2,y\n,3,\n2,4,z\nabc,5,1.50\n1.5,6,2\n1.50,7,2.0\n"
      "007,8,\n,9,NA\n-0,10,q\n1e3,11,1\n");
  check_all_ways(late.path());
  const Table t = read_with(late.path(), 4, 3);
  const Column& p = t.column("p");
  CHECK(p.type == ColumnType::categorical);
  CHECK(p.labels == std::vector<std::string>{"1.50", "1e3", "2", "abc", "1.5", "007", "-0"});
  CHECK(p.codes == mlctl::table::Codes{0, 1, -1, 2, 3, 4, 0, 5, -1, 6, 1});
  CHECK(p.first_non_number == "abc");
  CHECK(p.first_non_number_line == 6);
  const Column& r = t.column("r");
  CHECK(r.labels == std::vector<std::string>{"x", "y", "z", "1.50", "2", "2.0", "q", "1"});
  CHECK(r.first_non_number == "x");
  CHECK(r.first_non_number_line == 2);
  CHECK(t.column("q").type == ColumnType::numeric);

  // Text only in the very last record, with quotes and line breaks around.
  const TempFile last("a,b\n1,\"2\"\r\n3,\"4\n5\"\r\n\r\n6.0,7\n8,\"x\"\"y\"\n");
  check_all_ways(last.path());
  const Table u = read_with(last.path(), 2, 1);
  CHECK(u.column("a").type == ColumnType::numeric);
  CHECK(u.column("b").labels == std::vector<std::string>{"2", "4\n5", "7", "x\"y"});
  CHECK(u.column("b").first_non_number_line == 3);
  CHECK(u.lines == mlctl::table::Lines{2, 3, 6, 7});
}

TEST_CASE("table parallel: missing values, blank lines, a BOM and lone CRs") {
  const TempFile file(
      "\xEF\xBB\xBF"
      "a,b,c\r1,NA,\r\rnull,2,x\rN/A,,y\r3,4,\r");
  check_all_ways(file.path());
  const TempFile empty("a,b\n\n\n");
  check_all_ways(empty.path());
  const Table t = read_with(empty.path(), 2, 1);
  CHECK(t.rows() == 0);
  CHECK(t.columns.size() == 2);
}

TEST_CASE("table parallel: errors name the line, in the first and in a late block") {
  const TempFile first("a,b\n1,2,3\n4,5\n");
  const TempFile later("a,b\n1,2\n3,4\n5,x\n6,\"7\n8,9\n");
  for (const unsigned threads : {2u, 4u}) {
    for (const std::size_t block : {std::size_t{1}, std::size_t{3}, std::size_t{7}}) {
      CAPTURE(threads);
      CAPTURE(block);
      const auto e1 = error_of(first.path(), threads, block);
      REQUIRE(e1.has_value());
      CHECK(e1->message() == "expected 2 fields (as in the header), found 3");
      CHECK(e1->where().line == 2);
      CHECK(e1->where().column == 3);
      const auto e2 = error_of(later.path(), threads, block);
      REQUIRE(e2.has_value());
      CHECK(e2->message() == "unterminated quoted field (opened here)");
      CHECK(e2->where().line == 5);
      CHECK(e2->where().column == 2);
    }
  }
}

TEST_CASE("table parallel: stdin through a pipe") {
  std::string content = "id,kind,x\n";
  for (int i = 0; i < 3000; ++i) {
    content += std::to_string(i) + "," + (i == 2500 ? "\"late, text\"" : std::to_string(i % 7)) +
               "," + std::to_string(i * 0.25) + "\n";
  }
  const TempFile file(content);
  ReaderOptions options;
  options.hash_input = true;
  Reader sequential(file.path(), options);
  Table expected = read_table(sequential);
  expected.source = "<stdin>";

  std::optional<Table> got;
  {
    const mlctl::csv::testing::StdinPipe stdin_pipe(content);
    try {
      options.block_size = 512;
      options.parallel_block_size = 1000;
      Reader reader("-", options);
      got = read_table(reader, {}, {}, 2);
    } catch (...) {
    }
  }
  REQUIRE(got.has_value());
  check_same_table(*got, expected);
  CHECK(got->column("kind").type == ColumnType::categorical);
  CHECK(got->column("kind").first_non_number_line == 2502);
}

TEST_CASE("table parallel: plain blocks (read in one pass) and the Reader's blocks mix") {
  // Numbers of every form the fast path takes or declines, missing values, a quoted field now
  // and then (its block goes to the Reader), and a column that turns to text late.
  std::string content = "id,x,y,z,kind\n";
  const char* forms[] = {"-1.5",   "1e5",  "2.5E-3", "12345678901234567",
                         "1e-400", "-0",   ".5",     "",
                         "NA",     "null", "7",      "1e23"};
  for (int i = 0; i < 4000; ++i) {
    content += std::to_string(i) + "," + forms[i % 12] + "," +
               (i % 500 == 250 ? "\"3\"" : std::to_string(i % 13)) + "," +
               (i == 3500 ? "late" : std::to_string(i * 0.125)) + "," + (i % 3 ? "a" : "b") + "\n";
  }
  const TempFile file(content);
  check_all_ways(file.path(), {997, 4096, 20000, ReaderOptions{}.parallel_block_size});
  check_all_ways(file.path(), {997, 20000}, {"kind", "z", "x"});
  const Table t = read_with(file.path(), 2, 997);
  CHECK(t.column("x").type == ColumnType::numeric);
  CHECK(t.column("z").type == ColumnType::categorical);
  CHECK(t.column("z").first_non_number_line == 3502);
}

TEST_CASE("table parallel: numbers written in place, moved down, and past the columns' room") {
  // Plain blocks write their numbers straight into the merged columns, at the row their first
  // line would have if every line held a record. Blank lines and a field spanning lines make
  // the rows before a block fewer than its lines: its numbers are moved down. A column turning
  // to text in a block that wrote in place is labelled from the numbers it wrote.
  std::string content = "id,x,t\n";
  for (int i = 0; i < 3000; ++i) {
    content += std::to_string(i) + "," + std::to_string(i * 0.25) + ",a\n";
    if (i % 700 == 100) content += "\n\n";
    if (i % 900 == 450) content += std::to_string(i) + ",1.5,\"two\nlines\"\n";
    if (i == 2500) content += "2500,text,b\n";
  }
  const TempFile moved(content);
  check_all_ways(moved.path(), {64, 997, 4096});
  const Table t = read_with(moved.path(), 2, 997);
  CHECK(t.column("id").type == ColumnType::numeric);
  CHECK(t.column("id").numbers[3003] == 2999.0);
  CHECK(t.column("x").first_non_number == "text");

  // Long rows first, short rows after: the room sized from the first block runs out, and the
  // later blocks' numbers are appended after it instead.
  std::string skewed = "a,b,c\n";
  for (int i = 0; i < 60; ++i) skewed += std::to_string(i) + ",1," + std::string(3000, 'x') + "\n";
  for (int i = 0; i < 100000; ++i) skewed += std::to_string(i % 10) + ",2,y\n";
  const TempFile grows(skewed);
  check_all_ways(grows.path(), {65536});
  const Table u = read_with(grows.path(), 2, 65536);
  REQUIRE(u.rows() == 100060);
  CHECK(u.column("b").numbers.back() == 2.0);
}

TEST_CASE(
    "table parallel: a NUL byte or an over-long field in a plain block fails as sequentially") {
  std::string content = "a,b\n";
  for (int i = 0; i < 3000; ++i) content += std::to_string(i) + ",1.5\n";
  std::string with_nul = content;
  with_nul.replace(with_nul.rfind("1.5"), 1, std::string(1, '\0'));
  std::string long_field = content;
  long_field.replace(long_field.rfind("1.5"), 3, "123456789");
  for (const auto& [text, limit] :
       {std::pair{with_nul, std::size_t{64} << 20}, std::pair{long_field, std::size_t{8}}}) {
    const TempFile file(text);
    const auto error_with = [&](unsigned threads) -> std::optional<Error> {
      ReaderOptions options;
      options.max_field_bytes = limit;
      options.parallel_block_size = 997;
      try {
        Reader reader(file.path(), options);
        (void)read_table(reader, {}, {}, threads);
      } catch (const Error& error) {
        return error;
      }
      return std::nullopt;
    };
    const auto sequential = error_with(1);
    const auto parallel = error_with(2);
    REQUIRE(sequential.has_value());
    REQUIRE(parallel.has_value());
    CHECK(parallel->message() == sequential->message());
    CHECK(parallel->where().line == 3001);
    CHECK(parallel->where().line == sequential->where().line);
    CHECK(parallel->where().column == sequential->where().column);
  }
}
