#pragma once
// Two small labelled problems for the logistic solver tests: breast_cancer (binary) and
// penguins (3 classes), features standardised.

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "dataset_loader.hpp"

namespace test_data {

struct Labelled {
  Eigen::MatrixXd X;  // standardised
  Eigen::VectorXd y;  // class indices
};

// benign = 0, malignant = 1 (scikit-learn's sorted classes_).
inline Labelled breast_cancer() {
  const auto table = load(MLCTL_DATA_DIR "/breast_cancer.csv");
  std::vector<std::string> features = table.header;
  features.pop_back();  // diagnosis
  Labelled data{standardise(numeric(table, features)),
                Eigen::VectorXd(static_cast<Eigen::Index>(table.rows.size()))};
  const std::size_t target = table.column("diagnosis");
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    data.y(static_cast<Eigen::Index>(i)) = table.rows[i][target] == "malignant" ? 1 : 0;
  }
  return data;
}

// Numeric columns of the rows without NA in them; Adelie = 0, Chinstrap = 1, Gentoo = 2.
inline Labelled penguins() {
  const auto table = load(MLCTL_DATA_DIR "/penguins.csv");
  const std::vector<std::string> features = {"bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                                             "body_mass_g"};
  const std::size_t first = table.column(features[0]);
  const auto complete = [&](const std::vector<std::string>& row) { return row[first] != "NA"; };
  Labelled data{standardise(numeric(table, features, complete)), {}};
  const std::size_t species = table.column("species");
  std::vector<double> labels;
  for (const auto& row : table.rows) {
    if (!complete(row)) continue;
    labels.push_back(row[species] == "Adelie" ? 0 : row[species] == "Chinstrap" ? 1 : 2);
  }
  data.y =
      Eigen::Map<const Eigen::VectorXd>(labels.data(), static_cast<Eigen::Index>(labels.size()));
  return data;
}

}  // namespace test_data
