#pragma once
// Helpers shared by the table, pipeline, training and model tests: CSV text read into a
// table::Table through the real reader, the datasets in data/, and Eigen matrices as nested
// vectors so that failures print every value.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <Eigen/Dense>

#include "csv/csv_test_support.hpp"
#include "csv/reader.hpp"
#include "table/table.hpp"

namespace mlctl::table::testing {

using csv::testing::TempFile;

// `csv` written to a temporary file and read back with read_table(keep).
inline Table table_of(std::string_view csv, const std::vector<std::string>& keep = {}) {
  const TempFile file(csv);
  csv::Reader reader(file.path());
  return read_table(reader, keep);
}

inline std::string dataset_path(const std::string& file) {
  return std::string(MLCTL_DATA_DIR) + "/" + file;
}

// One of data/*.csv, all columns.
inline Table dataset(const std::string& file) {
  csv::Reader reader(dataset_path(file));
  return read_table(reader);
}

// 0, 1, ..., n - 1.
inline std::vector<std::size_t> all_rows(std::size_t n) {
  std::vector<std::size_t> rows(n);
  for (std::size_t i = 0; i < n; ++i) rows[i] = i;
  return rows;
}

inline std::vector<std::vector<double>> rows_of(const Eigen::MatrixXd& m) {
  std::vector<std::vector<double>> rows(static_cast<std::size_t>(m.rows()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      rows[static_cast<std::size_t>(i)].push_back(m(i, j));
  }
  return rows;
}

// Same shape, and every entry within `epsilon` (relative, as doctest::Approx) of `expected`.
inline void check_matrix(const Eigen::MatrixXd& got,
                         const std::vector<std::vector<double>>& expected, double epsilon = 1e-12) {
  const auto rows = rows_of(got);
  CAPTURE(rows);
  REQUIRE(rows.size() == expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == expected[i].size());
    for (std::size_t j = 0; j < rows[i].size(); ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(rows[i][j] == doctest::Approx(expected[i][j]).epsilon(epsilon));
    }
  }
}

// Each cell of `c` as text, the way Column::text gives it.
inline std::vector<std::string> texts_of(const Column& c) {
  std::vector<std::string> texts;
  const std::size_t n = c.type == ColumnType::numeric ? c.numbers.size() : c.codes.size();
  for (std::size_t r = 0; r < n; ++r) texts.push_back(c.text(r));
  return texts;
}

}  // namespace mlctl::table::testing
