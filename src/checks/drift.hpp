#pragma once
// Distribution distances between the training data (stored in the model) and new data.

#include <cstddef>
#include <span>

namespace mlctl::checks {

// Empty bins would make PSI infinite; shares are floored at this value first (common practice;
// it caps one bin's contribution at about (share) * ln(share / 1e-4)).
inline constexpr double kPsiEpsilon = 1e-4;

// Population Stability Index: sum over bins of (actual - expected) * ln(actual / expected), with
// both shares floored at kPsiEpsilon. The spans are shares of the same bins.
double psi(std::span<const double> expected, std::span<const double> actual);

// Jensen-Shannon divergence with log base 2, in [0, 1]: (KL(p||m) + KL(q||m)) / 2 with
// m = (p + q) / 2. p and q are non-negative weights over the same categories, normalised here;
// 0 when either is all zeros. This is the quantity TFDV compares with its
// jensen_shannon_divergence threshold (the JS distance is its square root).
double js_divergence(std::span<const double> p, std::span<const double> q);

// The bin of `value` for inner edges e[0] < e[1] < ...: bin i holds (e[i-1], e[i]], the first
// and last bins are open-ended (the layout of training_stats' bin_edges).
std::size_t bin_of(std::span<const double> edges, double value);

}  // namespace mlctl::checks
