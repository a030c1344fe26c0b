#pragma once
// A tiny loader for the unquoted CSV files in data/ used by the solver tests. Deliberately
// independent of mlctl's CSV reader and pipeline: the solvers are tested on their own.

#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

namespace test_data {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t column(const std::string& name) const {
    for (std::size_t j = 0; j < header.size(); ++j) {
      if (header[j] == name) return j;
    }
    throw std::runtime_error("no column " + name);
  }
};

inline std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

inline Table load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  Table table;
  std::string line;
  std::getline(in, line);
  table.header = split(line);
  while (std::getline(in, line)) {
    if (!line.empty()) table.rows.push_back(split(line));
  }
  return table;
}

inline double number(const std::string& field) {
  double value = 0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (error != std::errc() || end != field.data() + field.size()) {
    throw std::runtime_error("not a number: " + field);
  }
  return value;
}

// The named columns as numbers, keeping only the rows where `keep` says so.
inline Eigen::MatrixXd numeric(
    const Table& table, const std::vector<std::string>& columns,
    const std::function<bool(const std::vector<std::string>&)>& keep =
        [](const std::vector<std::string>&) { return true; }) {
  std::vector<std::size_t> index;
  for (const auto& name : columns) index.push_back(table.column(name));
  std::vector<const std::vector<std::string>*> kept;
  for (const auto& row : table.rows) {
    if (keep(row)) kept.push_back(&row);
  }
  Eigen::MatrixXd X(static_cast<Eigen::Index>(kept.size()),
                    static_cast<Eigen::Index>(columns.size()));
  for (std::size_t i = 0; i < kept.size(); ++i) {
    for (std::size_t j = 0; j < index.size(); ++j) {
      X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = number((*kept[i])[index[j]]);
    }
  }
  return X;
}

// scikit-learn's StandardScaler: centre, divide by the population standard deviation.
inline Eigen::MatrixXd standardise(const Eigen::MatrixXd& X) {
  const Eigen::RowVectorXd mean = X.colwise().mean();
  const Eigen::MatrixXd centred = X.rowwise() - mean;
  const Eigen::RowVectorXd sd =
      (centred.array().square().colwise().sum() / static_cast<double>(X.rows())).sqrt();
  return centred.array().rowwise() / sd.array();
}

inline nlohmann::json load_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

inline Eigen::VectorXd vector(const nlohmann::json& j) {
  const auto values = j.get<std::vector<double>>();
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

inline Eigen::MatrixXd matrix(const nlohmann::json& j) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(j.size()), static_cast<Eigen::Index>(j.at(0).size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) m.row(i) = vector(j.at(static_cast<std::size_t>(i)));
  return m;
}

// max |a - b| / max(|b|, floor): relative where b is large, absolute near zero.
inline double max_relative_error(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                 double floor = 1.0) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return 1e300;
  return ((a - b).array().abs() / b.array().abs().max(floor)).maxCoeff();
}

}  // namespace test_data
