// SparseRow: the listed columns and values of one encoded row, written by index.

#include <cstddef>
#include <vector>

#include <doctest/doctest.h>

#include "solvers/sparse_row.hpp"

using mlctl::solvers::SparseRow;

namespace {

std::vector<std::size_t> columns_of(const SparseRow& row) {
  return {row.columns().begin(), row.columns().end()};
}
std::vector<double> values_of(const SparseRow& row) {
  return {row.values().begin(), row.values().end()};
}

}  // namespace

TEST_CASE("sparse row: entries in order, kept past the reserved room, gone after clear") {
  SparseRow row;
  CHECK(row.size() == 0);
  row.reserve(2);
  std::vector<std::size_t> columns;
  std::vector<double> values;
  for (std::size_t i = 0; i < 20; ++i) {  // past 2, then past the first growth (8), twice
    row.push(3 * i, 0.5 * static_cast<double>(i));
    columns.push_back(3 * i);
    values.push_back(0.5 * static_cast<double>(i));
  }
  CHECK(row.size() == 20);
  CHECK(columns_of(row) == columns);
  CHECK(values_of(row) == values);
  row.clear();
  CHECK(row.size() == 0);
  CHECK(row.columns().empty());
  row.push(7, -1.0);
  CHECK(columns_of(row) == std::vector<std::size_t>{7});
  CHECK(values_of(row) == std::vector<double>{-1.0});
  row.reserve(1);  // less than held: nothing is lost
  CHECK(columns_of(row) == std::vector<std::size_t>{7});
}
