#pragma once
// One encoded row that is mostly zeros, as prediction encodes it: every numeric feature's value
// and, per categorical feature, the one column its value sets (none for an unseen value). A
// row costs O(features), not O(encoded width): with one-hot columns of 100,000 levels the dense
// row would be 100,000 doubles, nearly all zero.

#include <cstddef>
#include <vector>

namespace mlctl::solvers {

struct SparseRow {
  std::vector<std::size_t> columns;  // encoded columns, strictly increasing
  std::vector<double> values;        // the value of each listed column; unlisted ones are 0

  void clear() {
    columns.clear();
    values.clear();
  }
  void push(std::size_t column, double value) {
    columns.push_back(column);
    values.push_back(value);
  }
};

}  // namespace mlctl::solvers
