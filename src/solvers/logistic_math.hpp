#pragma once
// Numerically stable scalar pieces of the logistic losses, shared by the solver and the
// scoring code. Header-only: they sit in inner loops.

#include <cmath>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::solvers {

// 1 / (1 + exp(-z)) without overflow for large |z|.
inline double sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

// log(1 + exp(z)) without overflow, and exact to the last bit for very negative z.
inline double softplus(double z) {
  if (z > 0) return z + std::log1p(std::exp(-z));
  return std::log1p(std::exp(z));
}

// A target value as a class index 0..K-1; anything else is a caller's bug in the encoding.
inline int class_index(double value, int num_classes) {
  if (!(value >= 0 && value < num_classes) || value != std::floor(value)) {
    throw Error(ErrorKind::data,
                fmt::format("target value {} is not a class index 0..{}", value, num_classes - 1));
  }
  return static_cast<int>(value);
}

}  // namespace mlctl::solvers
