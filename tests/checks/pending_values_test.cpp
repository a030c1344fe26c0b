// count_pending: a late-text column's earlier values counted again by their text.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "checks/lint_test_support.hpp"
#include "checks/pending_values.hpp"
#include "checks/row_block.hpp"
#include "common/error.hpp"
#include "csv/block_reader.hpp"

using namespace mlctl;
using namespace mlctl::checks;

namespace {

// The profile of column `a` after the first pass over `rows` (without their text kept).
ColumnProfile first_pass(const std::vector<std::string>& rows) {
  ColumnProfile profile;
  profile.name = "a";
  std::uint64_t line = 2;
  for (const std::string& text : rows) {
    Cell cell;
    cell.text = text;
    cell.missing = text.empty();
    if (!cell.missing) cell.number = csv::parse_number(text);
    cell.key = value_key(cell);
    profile.add(cell, line++);
  }
  return profile;
}

}  // namespace

TEST_CASE("count_pending: the numbers before the first text count again by their text") {
  // 1 and 1.0 are one number but two texts; the missing value counts for nothing.
  const std::vector<std::string> rows = {"1", "1.0", "", "2", "1", "x", "2"};
  std::string csv = "a\n";
  for (const std::string& row : rows) csv += row + "\n";
  const csv::testing::TempFile file(csv);
  for (const unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    std::vector<ColumnProfile> profiles{first_pass(rows)};
    REQUIRE(profiles[0].pending_end == 5);
    CHECK(profiles[0].distinct.estimate() == 2.0);  // "x" and "2" after the turn
    csv::ReaderOptions options;
    options.block_size = 4;
    options.parallel_block_size = 3;
    csv::Reader reader(file.path(), options);
    count_pending(reader, profiles, threads);
    CHECK(profiles[0].distinct.exact());
    CHECK(profiles[0].distinct.estimate() == 4.0);  // "1", "1.0", "2", "x"
  }
}

TEST_CASE("count_pending: an input with fewer rows than the first pass is an error") {
  const csv::testing::TempFile file("a\n1\n");
  std::vector<ColumnProfile> profiles{first_pass({"1", "2", "3", "x"})};
  REQUIRE(profiles[0].pending_end == 3);
  csv::Reader reader(file.path());
  try {
    count_pending(reader, profiles, 2);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.message() == "the input changed while it was read (it has fewer rows)");
  }
}

TEST_CASE("count_pending: from the blocks of the first read, read again by the workers") {
  // As above, over a file of several blocks, and with a quoted field (the Reader's blocks).
  std::vector<std::string> rows;
  for (int i = 0; i < 40; ++i) rows.push_back(i % 3 == 0 ? "1.0" : std::to_string(i % 4));
  rows.push_back("x");
  std::string csv = "a,b\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    csv += rows[i] + (i == 7 ? ",\"q, r\"\n" : ",b\n");
  }
  const csv::testing::TempFile file(csv);
  csv::ReaderOptions options;
  options.block_size = 16;
  options.parallel_block_size = 16;
  csv::Reader first(file.path(), options);
  std::vector<csv::BlockExtent> extents;
  csv::read_blocks<int>(
      first, 2,
      [](csv::Reader& block) {
        csv::Row row;
        int count = 0;
        while (block.next(row)) ++count;
        return count;
      },
      [](int&&) {}, {}, &extents);
  REQUIRE(extents.size() > 3);
  std::vector<ColumnProfile> profiles{first_pass(rows), ColumnProfile{}};
  profiles[1].name = "b";
  REQUIRE(profiles[0].pending_end == 40);
  count_pending(first, profiles, 2, extents);
  CHECK(profiles[0].distinct.exact());
  CHECK(profiles[0].distinct.estimate() == 6.0);  // "1.0", "0", "1", "2", "3", "x"
}
