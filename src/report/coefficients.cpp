#include "report/coefficients.hpp"

#include <algorithm>
#include <cmath>

namespace mlctl::report {

std::vector<std::string> output_names(const model::Model& m) {
  if (!m.is_classifier()) return {m.target};
  if (m.classes.size() == 2) return {"log-odds of " + m.classes[1]};
  return m.classes;
}

std::vector<Coefficient> sorted_coefficients(const model::Model& m) {
  const auto names = m.pipeline.encoded_names();
  std::vector<Coefficient> coefs;
  for (std::size_t j = 0; j < names.size(); ++j) {
    Coefficient c{names[j], {}, 0.0};
    for (Eigen::Index k = 0; k < m.linear.coef.rows(); ++k) {
      const double v = m.linear.coef(k, static_cast<Eigen::Index>(j));
      c.values.push_back(v);
      c.magnitude = std::max(c.magnitude, std::abs(v));
    }
    coefs.push_back(std::move(c));
  }
  std::stable_sort(coefs.begin(), coefs.end(), [](const Coefficient& a, const Coefficient& b) {
    return a.magnitude > b.magnitude;
  });
  return coefs;
}

}  // namespace mlctl::report
