#include <doctest/doctest.h>

#include <array>
#include <span>

#include "common/hash.hpp"
#include "table/append.hpp"
#include "table/table_test_support.hpp"

namespace mlctl::table {
namespace {

using testing::table_of;

TEST_CASE("append_rows: labels in order of first appearance, each row's file remembered") {
  Table first = table_of("n,c\n1,b\n2,\n");
  Table second = table_of("n,c\n3,a\n4,b\n");
  first.source = "one.csv";
  second.source = "two.csv";
  append_rows(first, std::move(second));
  CHECK(first.rows() == 4);
  CHECK(first.columns[0].numbers.size() == 4);
  CHECK(first.columns[0].numbers[3] == 4.0);
  CHECK(first.columns[1].labels == std::vector<std::string>{"b", "a"});
  CHECK(std::vector<std::int32_t>(first.columns[1].codes.begin(), first.columns[1].codes.end()) ==
        std::vector<std::int32_t>{0, -1, 1, 0});
  CHECK(std::vector<std::uint64_t>(first.lines.begin(), first.lines.end()) ==
        std::vector<std::uint64_t>{2, 3, 2, 3});
  CHECK(first.source_of(1) == "one.csv");
  CHECK(first.source_of(2) == "two.csv");
  CHECK(first.source == "one.csv");
}

TEST_CASE(
    "append_rows: the inputs' hashes combine in order, and an input without bytes adds none") {
  const auto with = [](std::uint64_t bytes, std::uint64_t hash) {
    Table t = table_of("x\n1\n");
    t.input_bytes = bytes;
    t.input_hash = hash;
    return t;
  };
  Table empty = with(0, 0);
  append_rows(empty, with(10, 0xa));
  CHECK(empty.input_hash == 0xa);  // one input keeps its own hash
  append_rows(empty, with(0, 0));
  CHECK(empty.input_hash == 0xa);
  CHECK(empty.input_bytes == 10);
  append_rows(empty, with(20, 0xb));
  CHECK(empty.input_bytes == 30);
  const std::array<std::uint64_t, 4> list{10, 0xa, 20, 0xb};
  CHECK(empty.input_hash == xxh3_64(std::as_bytes(std::span(list))));
  Table swapped = with(20, 0xb);
  append_rows(swapped, with(10, 0xa));
  CHECK(swapped.input_hash != empty.input_hash);  // the order counts
}

TEST_CASE("append_rows: tables of other columns or types are a caller's bug") {
  Table numbers = table_of("x\n1\n");
  CHECK_THROWS_WITH_AS(append_rows(numbers, table_of("x\na\n")),
                       "append_rows: column \"x\" differs", Error);
  CHECK_THROWS_WITH_AS(append_rows(numbers, table_of("x,y\n1,2\n")),
                       "append_rows: tables with other columns", Error);
}

}  // namespace
}  // namespace mlctl::table
