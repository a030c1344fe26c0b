// The calibration behind solvers/solver_choice.cpp's constants: times the kernels its cost
// model counts on this machine and prints seconds per unit. Skipped by default (timings are
// not tests); run it once, on an idle machine if possible:
//   build/tests/mlctl_unit -tc='solver cost calibration' --no-skip
#include <chrono>

#include <doctest/doctest.h>

#include "one_hot_source.hpp"
#include "solvers/logistic_loss.hpp"
#include "solvers/newton.hpp"
#include "solvers/tron.hpp"

namespace {

template <class Work>
double seconds_per_run(int runs, Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < runs; ++r) work();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return elapsed.count() / runs;
}

}  // namespace

TEST_CASE("solver cost calibration" * doctest::skip()) {
  using mlctl::solvers::BinaryLogisticLoss;
  using mlctl::solvers::MultinomialLogisticLoss;
  // Newton's Hessian pass: n * stride^2 * K'(K'+1)/4 multiply-adds (K' = 1 binary).
  for (const Eigen::Index levels : {200, 800}) {
    const test_data::OneHotSource data(20000, levels, 2, 2, 4096, 1);
    const BinaryLogisticLoss loss(data, 1.0);
    Eigen::VectorXd x = Eigen::VectorXd::Zero(loss.dimension()), g;
    Eigen::MatrixXd h;
    const double s = seconds_per_run(2, [&] { loss.value_gradient_hessian(x, g, h); });
    const double stride = static_cast<double>(loss.dimension());
    MESSAGE("hessian pass, binary, stride " << stride << ": " << s << " s, "
                                            << s / (20000.0 * stride * stride / 2) << " s/unit");
  }
  for (const Eigen::Index p : {800, 2000}) {
    const Eigen::MatrixXd a = Eigen::MatrixXd::Random(p, p);
    const Eigen::MatrixXd spd = a.transpose() * a + Eigen::MatrixXd::Identity(p, p);
    Eigen::LDLT<Eigen::MatrixXd> ldlt;
    const double s = seconds_per_run(2, [&] { ldlt.compute(spd); });
    const double pd = static_cast<double>(p);
    MESSAGE("ldlt " << p << ": " << s << " s, " << s / (pd * pd * pd / 3) << " s/unit");
  }
  // TRON's Hessian-vector pass: n * (dense + groups + 2) * K' units.
  for (const int classes : {2, 4}) {
    for (const Eigen::Index numerics : {1, 10}) {
      const test_data::OneHotSource data(200000, 2000, numerics, classes, 4096, 1);
      const Eigen::Index k = classes == 2 ? 1 : classes;
      const Eigen::Index dim = k * (numerics + 2000);
      const Eigen::VectorXd x = 0.01 * Eigen::VectorXd::Ones(dim), v = Eigen::VectorXd::Ones(dim);
      Eigen::VectorXd out;
      const auto product = [&](const mlctl::solvers::Objective& f) {
        return seconds_per_run(5, [&] { f.hessian_vector(x, v, out); });
      };
      const double s = classes == 2 ? product(BinaryLogisticLoss(data, 1.0))
                                    : product(MultinomialLogisticLoss(data, 1.0, classes));
      const double units = 200000.0 * static_cast<double>((numerics + 1 + 2) * k);
      MESSAGE("hessian-vector, K " << classes << ", dense " << numerics << ": " << s << " s, "
                                   << s / units << " s/unit");
    }
  }
  // A pass's fixed cost: a Hessian-vector product over 100 rows.
  const test_data::OneHotSource tiny(100, 20, 1, 2, 4096, 1);
  const BinaryLogisticLoss loss(tiny, 1.0);
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(loss.dimension());
  Eigen::VectorXd out;
  MESSAGE("fixed pass: " << seconds_per_run(1000, [&] { loss.hessian_vector(x, x, out); }) << " s");
  // Iterations: Newton's Hessian passes and TRON's passes (Hessian-vector products, plus a
  // value-and-gradient pass and a diagonal per step) on wide shapes, alpha 1 and 0.1.
  for (const int classes : {2, 4}) {
    for (const double alpha : {1.0, 0.1}) {
      const test_data::OneHotSource data(20000, 1000, 2, classes, 4096, 1);
      const mlctl::solvers::StopRule rule{1e-10, 20000, 200};
      const BinaryLogisticLoss binary(data, alpha);
      const MultinomialLogisticLoss multi(data, alpha, classes);
      const mlctl::solvers::Objective& f =
          classes == 2 ? static_cast<const mlctl::solvers::Objective&>(binary) : multi;
      Eigen::VectorXd a = Eigen::VectorXd::Zero(f.dimension()), b = a;
      const auto tron = mlctl::solvers::minimize_tron(f, a, rule);
      MESSAGE("K " << classes << " alpha " << alpha << ": TRON " << tron.iterations << " steps, "
                   << tron.hessian_products << " products");
      if (classes == 2) {
        const auto newton = mlctl::solvers::minimize_newton(f, b, rule);
        MESSAGE("  Newton " << newton.iterations << " steps, " << newton.hessians
                            << " Hessian passes");
      }
    }
  }
}
