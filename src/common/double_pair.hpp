#pragma once
// Two doubles per instruction (SSE2 on x86-64, NEON on arm64) through GCC/Clang vector
// extensions. Sums kept in four interleaved lanes run as two pairs, lanes (0, 1) and (2, 3),
// with the same operations per lane as the scalar code: the same bits, at twice the speed.

#include <cstdint>
#include <cstring>

namespace mlctl {

using DoublePair = double __attribute__((vector_size(16)));
using DoublePairMask = std::int64_t __attribute__((vector_size(16)));  // all ones = true

inline DoublePair load_pair(const double* values) {
  DoublePair pair;
  std::memcpy(&pair, values, sizeof pair);
  return pair;
}

}  // namespace mlctl
