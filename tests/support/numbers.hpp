#pragma once
// Values that many tests spell: one definition, so that the unity build (all test files in a
// few translation units) sees each once.

#include <limits>

namespace mlctl::testing {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace mlctl::testing
