#include "checks/drift.hpp"

#include <vector>

#include <doctest/doctest.h>

using namespace mlctl::checks;

// Expected values computed once with scipy 1.10 (Debian's python3), pasted here:
// PSI by its formula with the 1e-4 floor, JS as scipy.spatial.distance.jensenshannon(p, q,
// base=2) ** 2 (scipy returns the distance, the square root of the divergence).

TEST_CASE("psi: by hand on two bins, and empty bins floored at 1e-4") {
  const std::vector<double> even = {0.5, 0.5};
  const std::vector<double> skewed = {0.8, 0.2};
  CHECK(psi(even, skewed) == doctest::Approx(0.41588830833596724).epsilon(1e-12));
  CHECK(psi(even, even) == 0.0);
  const std::vector<double> expected = {0.25, 0.25, 0.5};
  const std::vector<double> actual = {0.0, 0.5, 0.5};
  CHECK(psi(expected, actual) == doctest::Approx(2.1285158932529735).epsilon(1e-12));
}

TEST_CASE("js_divergence: base 2, bounded by 1, symmetric, normalises weights") {
  const std::vector<double> p = {0.5, 0.5, 0.0};
  const std::vector<double> q = {0.25, 0.25, 0.5};
  CHECK(js_divergence(p, q) == doctest::Approx(0.3112781244591328).epsilon(1e-12));
  CHECK(js_divergence(q, p) == doctest::Approx(0.3112781244591328).epsilon(1e-12));
  const std::vector<double> counts = {2.0, 2.0, 0.0};  // same as p, as counts
  CHECK(js_divergence(counts, q) == doctest::Approx(0.3112781244591328).epsilon(1e-12));
  const std::vector<double> a = {1.0, 0.0};
  const std::vector<double> b = {0.0, 1.0};
  CHECK(js_divergence(a, b) == doctest::Approx(1.0));
  const std::vector<double> c = {0.6, 0.4};
  const std::vector<double> d = {0.4, 0.6};
  CHECK(js_divergence(c, d) == doctest::Approx(0.029049405545331346).epsilon(1e-12));
  CHECK(js_divergence(c, c) == 0.0);
  const std::vector<double> zeros = {0.0, 0.0};
  CHECK(js_divergence(zeros, c) == 0.0);
}

TEST_CASE("bin_of: bins are (e(i-1), e(i)), open at both ends") {
  const std::vector<double> edges = {1.0, 2.0, 5.0};
  CHECK(bin_of(edges, -100.0) == 0);
  CHECK(bin_of(edges, 1.0) == 0);
  CHECK(bin_of(edges, 1.5) == 1);
  CHECK(bin_of(edges, 2.0) == 1);
  CHECK(bin_of(edges, 5.0) == 2);
  CHECK(bin_of(edges, 5.1) == 3);
  CHECK(bin_of(std::vector<double>{}, 3.0) == 0);
}
