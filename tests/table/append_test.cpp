#include <doctest/doctest.h>

#include "table/append.hpp"
#include "table/table_test_support.hpp"

using mlctl::table::append_rows;
using mlctl::table::ColumnType;
using mlctl::table::testing::table_of;

TEST_CASE("append_rows: the rows of both, as one read of the concatenated input") {
  auto first = table_of("x,c\n1,red\n2,\n");
  const auto second = table_of("x,c\n,blue\n4,red\n5,blue\n");
  const auto whole = table_of("x,c\n1,red\n2,\n,blue\n4,red\n5,blue\n");
  append_rows(first, second);
  REQUIRE(first.rows() == 5);
  CHECK(first.columns[0].type == ColumnType::numeric);
  CHECK(first.columns[1].labels == whole.columns[1].labels);
  CHECK(first.columns[1].codes == whole.columns[1].codes);
  for (std::size_t r = 0; r < 5; ++r) {
    CHECK(first.columns[0].text(r) == whole.columns[0].text(r));
    CHECK(first.columns[1].text(r) == whole.columns[1].text(r));
  }
  CHECK(first.lines.size() == 5);
}

TEST_CASE("append_rows: tables whose columns differ are a bug") {
  auto numbers = table_of("x\n1\n");
  CHECK_THROWS_WITH(append_rows(numbers, table_of("x\nred\n")),
                    "append_rows: column \"x\" differs");
  CHECK_THROWS_WITH(append_rows(numbers, table_of("x,y\n1,2\n")),
                    "append_rows: the tables have different columns");
}
