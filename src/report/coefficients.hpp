#pragma once
// A model's coefficients as the cards list them: what each output is called, and the encoded
// features ordered by their largest coefficient.

#include <string>
#include <vector>

#include "model/model.hpp"

namespace mlctl::report {

// The name of each output (a row of coefficients): the target for ridge, "log-odds of B" for a
// binary classifier over {A, B}, and the classes of a multi-class one.
std::vector<std::string> output_names(const model::Model& model);

// One encoded feature's coefficients, one per output.
struct Coefficient {
  std::string feature;
  std::vector<double> values;  // one per output
  double magnitude = 0.0;      // the largest absolute value
};

// Every encoded feature's coefficients, largest magnitude first (ties keep the encoded order).
std::vector<Coefficient> sorted_coefficients(const model::Model& model);

}  // namespace mlctl::report
