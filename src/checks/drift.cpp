#include "checks/drift.hpp"

#include <algorithm>
#include <cmath>

namespace mlctl::checks {

double psi(std::span<const double> expected, std::span<const double> actual) {
  double sum = 0.0;
  const std::size_t n = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double e = std::max(expected[i], kPsiEpsilon);
    const double a = std::max(actual[i], kPsiEpsilon);
    sum += (a - e) * std::log(a / e);
  }
  return sum;
}

double js_divergence(std::span<const double> p, std::span<const double> q) {
  const std::size_t n = std::min(p.size(), q.size());
  double p_total = 0.0;
  double q_total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    p_total += p[i];
    q_total += q[i];
  }
  if (p_total <= 0.0 || q_total <= 0.0) return 0.0;
  double kl_p = 0.0;
  double kl_q = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double pi = p[i] / p_total;
    const double qi = q[i] / q_total;
    const double m = (pi + qi) / 2.0;
    if (pi > 0.0) kl_p += pi * std::log2(pi / m);
    if (qi > 0.0) kl_q += qi * std::log2(qi / m);
  }
  return std::clamp((kl_p + kl_q) / 2.0, 0.0, 1.0);
}

std::size_t bin_of(std::span<const double> edges, double value) {
  return static_cast<std::size_t>(std::lower_bound(edges.begin(), edges.end(), value) -
                                  edges.begin());
}

}  // namespace mlctl::checks
