// lint-data's cells and the blocks of a parallel read (checks/row_block.hpp).

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "checks/lint_test_support.hpp"
#include "checks/row_block.hpp"
#include "csv/block_reader.hpp"

using namespace mlctl;
using namespace mlctl::checks;

TEST_CASE("cells: missing values, numbers by value, row keys by the fields as written") {
  const csv::testing::TempFile file("a,b,c\n1.0,NA,x\n1,,\"x\"\n");
  csv::Reader reader(file.path());
  std::vector<Cell> first(3);
  std::vector<Cell> second(3);
  csv::Row row;
  std::string buffer;
  REQUIRE(reader.next(row));
  read_cells(row, reader, first);
  const std::uint64_t first_key = row_key(first, buffer);
  REQUIRE(reader.next(row));
  read_cells(row, reader, second);
  CHECK(first[0].number == 1.0);
  CHECK(first[0].key == second[0].key);  // "1.0" and "1" are one value
  CHECK(first[1].missing);
  CHECK(first[1].key == 0);
  CHECK(second[1].missing);
  CHECK(!first[2].number);
  CHECK(first[2].key == value_key(second[2]));
  CHECK(first_key != row_key(second, buffer));  // "1.0" is not written as "1"
}

TEST_CASE("a row block: its rows' cells, lines and keys, and the ragged records skipped") {
  const csv::testing::TempFile file("a,b\n1,x\n2\n\"3\nthree\",y\n");
  csv::Reader reader(file.path());
  RowBlock block;
  block.lines = {7, 8, 9};  // what a block used before holds: cleared
  read_row_block(reader, block);
  REQUIRE(block.rows() == 2);
  CHECK(block.width == 2);
  CHECK(block.lines == std::vector<std::uint64_t>{2, 4});
  REQUIRE(block.ragged.size() == 1);
  CHECK(block.ragged[0].first == 3);
  CHECK(block.ragged[0].second == 1);
  CHECK(block.cells[2].text == "3\nthree");
  CHECK(block.cells[3].text == "y");
  CHECK(block.cells[1].key == value_key(block.cells[1]));
}

TEST_CASE("row blocks of a parallel read: the cells the Reader's rows give, plain blocks too") {
  // Plain decimals and what the one-pass reader leaves to parse_number (an underflow, 17
  // digits, a quoted number), missing tokens, quotes with doubled quotes and a line break,
  // CRLF ends, a ragged record now and then (its block goes to the Reader).
  std::string csv = "n,t,m\n";
  const char* numbers[] = {"1.5", "-0", "1e-400", "12345678901234567", "\"2.5\"", "NA", "", "7"};
  const char* texts[] = {"x", "\"a,\"\"b\"\"\"", "\"two\nlines\"", "N/A", "y"};
  for (int i = 0; i < 3000; ++i) {
    csv +=
        fmt::format("{},{},{}{}", numbers[i % 8], texts[i % 5], i % 11, i % 3 == 0 ? "\r\n" : "\n");
    if (i % 700 == 699) csv += "ragged\n";
  }
  const csv::testing::TempFile file(csv);
  std::vector<Cell> expected;  // their texts are gone with the rows: kept in expected_texts
  std::vector<std::string> expected_texts;
  std::vector<std::uint64_t> expected_lines, expected_keys;
  {
    csv::Reader reader(file.path());
    reader.skip_ragged_records([](std::uint64_t, std::size_t) {});
    std::vector<Cell> cells(3);
    std::string buffer;
    csv::Row row;
    while (reader.next(row)) {
      read_cells(row, reader, cells);
      for (const Cell& c : cells) expected_texts.emplace_back(c.text);
      expected.insert(expected.end(), cells.begin(), cells.end());
      expected_lines.push_back(row.line);
      expected_keys.push_back(row_key(cells, buffer));
    }
  }
  for (const std::size_t block_size : {64, 1000, 20000}) {
    CAPTURE(block_size);
    csv::ReaderOptions options;
    options.block_size = 512;
    options.parallel_block_size = block_size;
    csv::Reader reader(file.path(), options);
    std::vector<Cell> got;
    std::vector<std::string> got_texts;
    std::vector<std::uint64_t> lines, keys;
    std::size_t ragged = 0;
    csv::read_blocks<RowBlock>(
        reader, 2,
        [](csv::Reader& block) {
          RowBlock out;
          read_row_block(block, out);
          return out;
        },
        [&](RowBlock&& block) {
          ragged += block.ragged.size();
          for (const Cell& c : block.cells) got_texts.emplace_back(c.text);
          got.insert(got.end(), block.cells.begin(), block.cells.end());
          lines.insert(lines.end(), block.lines.begin(), block.lines.end());
          keys.insert(keys.end(), block.keys.begin(), block.keys.end());
        });
    CHECK(ragged == 4);
    CHECK(lines == expected_lines);
    CHECK(keys == expected_keys);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CAPTURE(i);
      CHECK(got_texts[i] == expected_texts[i]);
      CHECK(got[i].missing == expected[i].missing);
      CHECK(got[i].number.has_value() == expected[i].number.has_value());
      if (got[i].number && expected[i].number) {
        CHECK(std::memcmp(&*got[i].number, &*expected[i].number, sizeof(double)) == 0);
      }
      CHECK(got[i].key == expected[i].key);
    }
  }
}

TEST_CASE("a row block's texts stay right when the block moves (short texts too)") {
  const csv::testing::TempFile file("a,b\nx,y\n");
  csv::Reader reader(file.path());
  RowBlock block;
  read_row_block(reader, block);
  const RowBlock moved = std::move(block);  // as from a worker to the checks, and to the pool
  REQUIRE(moved.rows() == 1);
  CHECK(moved.cells[0].text == "x");
  CHECK(moved.cells[1].text == "y");
}

TEST_CASE("lint on threads, block by block: the report of one pass") {
  // `code` turns to text late too, each value distinct: counted by their text again (the
  // input read a second time, in blocks), its numbers make it an identifier.
  std::string csv = "id,x,late,kind,y,code\n";
  for (int i = 0; i < 4000; ++i) {
    csv += fmt::format("{},{},{},{},{},{}\n", i, i % 50 == 0 ? "" : std::to_string(i % 97 * 0.5),
                       i == 3500 ? "text" : std::to_string(i % 3), i % 7 == 0 ? "\"a, b\"" : "c",
                       i % 10 == 0 ? 1 : 0, i == 3900 ? "x" : std::to_string(i * 7 + 1));
    if (i % 900 == 0) csv += "ragged\n";
    if (i % 1000 == 0) csv += "1,2,3,c,0,5\n";  // duplicates
  }
  const csv::testing::TempFile file(csv);
  LintOptions options;
  options.target = "y";
  csv::Reader one(file.path());
  const LintReport expected = lint(one, nullptr, options);
  REQUIRE(testing::count_rule(expected, "ragged-row") == 5);
  REQUIRE(testing::find(expected, "duplicate-rows") != nullptr);
  const Finding* identifier = testing::find(expected, "identifier-column", "code");
  REQUIRE(identifier != nullptr);
  CHECK(identifier->message ==
        "nearly all of 4004 values are distinct: an identifier, not a feature");
  for (const unsigned threads : {2u, 3u}) {
    CAPTURE(threads);
    csv::ReaderOptions reader_options;
    reader_options.block_size = 512;  // reads smaller than the input, or it is all one block
    reader_options.parallel_block_size = 1500;
    csv::Reader reader(file.path(), reader_options);
    const LintReport got = lint(reader, nullptr, options, {}, threads);
    CHECK(got.rows == expected.rows);
    REQUIRE(got.findings.size() == expected.findings.size());
    for (std::size_t i = 0; i < got.findings.size(); ++i) {
      CHECK(got.findings[i].rule == expected.findings[i].rule);
      CHECK(got.findings[i].column == expected.findings[i].column);
      CHECK(got.findings[i].message == expected.findings[i].message);
      CHECK(got.findings[i].line == expected.findings[i].line);
      CHECK(got.findings[i].figure == expected.findings[i].figure);
    }
  }
}

TEST_CASE("a row block pool hands back the blocks given to it, with their memory") {
  RowBlockPool pool;
  CHECK(pool.take().cells.capacity() == 0);
  RowBlock used;
  used.cells.resize(100);
  const Cell* memory = used.cells.data();
  pool.give(std::move(used));
  const RowBlock again = pool.take();
  CHECK(again.cells.data() == memory);
  CHECK(pool.take().cells.capacity() == 0);
}
