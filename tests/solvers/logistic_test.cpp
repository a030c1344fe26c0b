#include <doctest/doctest.h>

#include "common/error.hpp"
#include "dataset_loader.hpp"
#include "labelled_data.hpp"
#include "solvers/design_source.hpp"
#include "solvers/lbfgs.hpp"
#include "solvers/linear_model.hpp"
#include "solvers/logistic.hpp"
#include "solvers/logistic_loss.hpp"

namespace {

using mlctl::solvers::FitReport;
using mlctl::solvers::LogisticOptions;
using mlctl::solvers::MatrixSource;

using test_data::breast_cancer;
using test_data::Labelled;
using test_data::penguins;

const nlohmann::json& reference(const char* name) {
  static const nlohmann::json j = test_data::load_json(MLCTL_FIXTURE_DIR "/solvers/reference.json");
  return j.at(name);
}

}  // namespace

TEST_CASE("binary logistic on breast_cancer matches scikit-learn (alpha 1, 0.01, balanced)") {
  const Labelled data = breast_cancer();
  REQUIRE(data.X.rows() == 569);
  for (const auto& expected : reference("logistic_breast_cancer")) {
    const double alpha = expected.at("alpha").get<double>();
    const bool balanced = expected.at("balanced").get<bool>();
    CAPTURE(alpha);
    CAPTURE(balanced);
    Eigen::VectorXd w = Eigen::VectorXd::Ones(data.y.size());
    if (balanced) {
      const Eigen::VectorXd per_class = mlctl::solvers::balanced_class_weights(data.y, 2);
      for (Eigen::Index i = 0; i < w.size(); ++i)
        w(i) = per_class(static_cast<Eigen::Index>(data.y(i)));
    }
    const MatrixSource source(data.X, data.y, w, 128);
    FitReport report;
    const auto model = mlctl::solvers::fit_logistic(source, LogisticOptions{alpha, 2}, &report);
    CAPTURE(report.gradient_norm);
    CHECK(report.converged);
    CHECK(report.iterations > 0);
    CHECK(report.gradient_norm <= 1e-10 * w.sum());
    REQUIRE(model.coef.rows() == 1);
    CHECK(test_data::max_relative_error(model.coef, test_data::matrix(expected.at("coef"))) < 1e-8);
    CHECK(test_data::max_relative_error(model.intercept,
                                        test_data::vector(expected.at("intercept"))) < 1e-8);
    const Eigen::MatrixXd proba = mlctl::solvers::predict_proba(model, data.X);
    CHECK((proba - test_data::matrix(expected.at("proba"))).cwiseAbs().maxCoeff() < 1e-10);
    // scikit-learn's newton-cg itself stops short of the optimum (its gradient is recorded);
    // at alpha 0.01 its probabilities are off by up to 5e-9.
    const auto& sklearn = expected.at("sklearn");
    CHECK((proba - test_data::matrix(sklearn.at("proba"))).cwiseAbs().maxCoeff() < 1e-8);
  }
}

TEST_CASE("multinomial logistic on penguins matches scikit-learn's probabilities") {
  const Labelled data = penguins();
  REQUIRE(data.X.rows() == 342);
  for (const auto& expected : reference("logistic_penguins")) {
    const double alpha = expected.at("alpha").get<double>();
    CAPTURE(alpha);
    FitReport report;
    const auto model = mlctl::solvers::fit_logistic(MatrixSource(data.X, data.y, {}, 50),
                                                    LogisticOptions{alpha, 3}, &report);
    CAPTURE(report.gradient_norm);
    CHECK(report.converged);
    REQUIRE(model.coef.rows() == 3);
    CHECK(test_data::max_relative_error(model.coef, test_data::matrix(expected.at("coef"))) < 1e-8);
    // Intercepts are defined up to a common shift; ours sum to zero.
    const Eigen::VectorXd optimum_intercept = test_data::vector(expected.at("intercept"));
    const Eigen::VectorXd centred = optimum_intercept.array() - optimum_intercept.mean();
    CHECK(std::abs(model.intercept.sum()) < 1e-12);
    CHECK(test_data::max_relative_error(model.intercept, centred) < 1e-8);
    const Eigen::MatrixXd proba = mlctl::solvers::predict_proba(model, data.X);
    CHECK((proba - test_data::matrix(expected.at("proba"))).cwiseAbs().maxCoeff() < 1e-10);
    // scikit-learn's newton-cg stops short (alpha 0.01: max|gradient| 5e-8, probabilities
    // off by 3.4e-8): its own output agrees to what its stopping point allows.
    const auto& sklearn = expected.at("sklearn");
    CHECK((proba - test_data::matrix(sklearn.at("proba"))).cwiseAbs().maxCoeff() < 1e-7);
  }
}

TEST_CASE("binary logistic on two mirrored points: beta solves beta = 2 - 2 sigmoid(beta)") {
  // f = log(1 + e^(b - beta)) + log(1 + e^(b + beta)) - (b + beta) + beta^2 / 2: by symmetry
  // b = 0, and df/dbeta = 0 gives beta = 2 - 2 sigmoid(beta) = 0.6748316143424006.
  const Eigen::MatrixXd X = (Eigen::MatrixXd(2, 1) << -1, 1).finished();
  const Eigen::VectorXd y = (Eigen::VectorXd(2) << 0, 1).finished();
  FitReport report;
  const auto model = mlctl::solvers::fit_logistic(MatrixSource(X, y), LogisticOptions{}, &report);
  CHECK(report.converged);
  CHECK(model.coef(0, 0) == doctest::Approx(0.6748316143424006).epsilon(1e-14));
  CHECK(std::abs(model.intercept(0)) < 1e-15);
  const Eigen::MatrixXd proba = mlctl::solvers::predict_proba(model, X);
  CHECK(proba(1, 1) == doctest::Approx(0.6625841928288005).epsilon(1e-14));
  CHECK(proba(1, 0) == doctest::Approx(1 - 0.6625841928288005).epsilon(1e-14));
}

TEST_CASE("logistic does not penalise the intercept: shifting X moves only the intercept") {
  const Labelled data = penguins();
  const auto base =
      mlctl::solvers::fit_logistic(MatrixSource(data.X, data.y), LogisticOptions{1.0, 3});
  const Eigen::MatrixXd shifted_X = data.X.array() + 100.0;
  const auto shifted =
      mlctl::solvers::fit_logistic(MatrixSource(shifted_X, data.y), LogisticOptions{1.0, 3});
  CHECK(test_data::max_relative_error(shifted.coef, base.coef) < 1e-9);
  // b' = b - 100 * sum_j coef_kj, up to the common shift of all intercepts
  Eigen::VectorXd expected = base.intercept - 100.0 * base.coef.rowwise().sum();
  expected.array() -= expected.mean();
  CHECK(test_data::max_relative_error(shifted.intercept, expected) < 1e-9);
}

TEST_CASE("the fit does not depend on the block size") {
  const Labelled data = penguins();
  const auto one_block =
      mlctl::solvers::fit_logistic(MatrixSource(data.X, data.y, {}, 4096), LogisticOptions{0.1, 3});
  const auto single_rows =
      mlctl::solvers::fit_logistic(MatrixSource(data.X, data.y, {}, 1), LogisticOptions{0.1, 3});
  CHECK(test_data::max_relative_error(single_rows.coef, one_block.coef) < 1e-12);
  CHECK(test_data::max_relative_error(single_rows.intercept, one_block.intercept) < 1e-12);
}

TEST_CASE("L-BFGS reaches the same optimum as Newton, and reports honestly when it stops early") {
  const Labelled data = breast_cancer();
  const MatrixSource source(data.X, data.y);
  const mlctl::solvers::BinaryLogisticLoss loss(source, 1.0);
  const auto& expected = reference("logistic_breast_cancer").at(0);
  REQUIRE(expected.at("alpha").get<double>() == 1.0);

  Eigen::VectorXd x = Eigen::VectorXd::Zero(loss.dimension());
  const FitReport report = mlctl::solvers::minimize_lbfgs(loss, x, {1e-9, 569, 1000});
  CHECK(report.converged);
  CHECK(report.gradient_norm <= 1e-9 * 569);
  Eigen::VectorXd optimum(31);
  optimum << test_data::vector(expected.at("coef").at(0)),
      expected.at("intercept").at(0).get<double>();
  CHECK((x - optimum).cwiseAbs().maxCoeff() < 1e-5);

  Eigen::VectorXd early = Eigen::VectorXd::Zero(loss.dimension());
  const FitReport stopped = mlctl::solvers::minimize_lbfgs(loss, early, {1e-12, 569, 3});
  CHECK_FALSE(stopped.converged);
  CHECK(stopped.iterations == 3);
  CHECK(stopped.gradient_norm > 1e-12 * 569);
}

TEST_CASE("Newton reports non-convergence when out of iterations") {
  const Labelled data = breast_cancer();
  FitReport report;
  mlctl::solvers::fit_logistic(MatrixSource(data.X, data.y), LogisticOptions{0.01, 2, 1e-10, 2},
                               &report);
  CHECK_FALSE(report.converged);
  CHECK(report.iterations == 2);
  CHECK(report.gradient_norm > 1e-10 * 569);
  CHECK(report.objective > 0);
}

TEST_CASE("logistic rejects bad options and unusable targets") {
  const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(4, 1);
  const Eigen::VectorXd y = (Eigen::VectorXd(4) << 0, 1, 1, 0).finished();
  const auto error_of = [](const Eigen::MatrixXd& X_, const Eigen::VectorXd& y_,
                           const LogisticOptions& options) -> std::string {
    try {
      mlctl::solvers::fit_logistic(MatrixSource(X_, y_), options);
    } catch (const mlctl::Error& e) {
      return std::string(e.kind() == mlctl::ErrorKind::usage ? "usage: " : "data: ") + e.message();
    }
    return "no error";
  };
  CHECK(error_of(X, y, {0.0, 2}) == "usage: logistic regression needs alpha > 0, got 0");
  CHECK(error_of(X, y, {1.0, 1}) == "usage: logistic regression needs at least 2 classes, got 1");
  const Eigen::VectorXd fractional = (Eigen::VectorXd(4) << 0, 1, 0.5, 0).finished();
  CHECK(error_of(X, fractional, {}) == "data: target value 0.5 is not a class index 0..1");
  CHECK(error_of(X, y, {1.0, 3}) == "data: class 2 has no training rows (of positive weight)");
  const Eigen::VectorXd too_big = (Eigen::VectorXd(4) << 0, 1, 3, 0).finished();
  CHECK(error_of(X, too_big, {1.0, 3}) == "data: target value 3 is not a class index 0..2");
}

TEST_CASE("Newton with a reused Hessian reaches the same optimum, from near and from far") {
  const Labelled data = breast_cancer();
  const MatrixSource source(data.X, data.y);
  LogisticOptions exact{1.0, 2};
  FitReport exact_report;
  const auto optimum = mlctl::solvers::fit_logistic(source, exact, &exact_report);
  REQUIRE(exact_report.converged);
  CHECK(exact_report.hessians == exact_report.iterations);  // one per point but the polished one

  // Near: a start a little off the optimum keeps the start's Hessian to the end.
  mlctl::solvers::LinearModel near = optimum;
  near.coef.array() *= 1.01;
  LogisticOptions reuse = exact;
  reuse.start = &near;
  reuse.reuse_hessian = true;
  FitReport near_report;
  const auto from_near = mlctl::solvers::fit_logistic(source, reuse, &near_report);
  CHECK(near_report.converged);
  CHECK(near_report.hessians == 1);
  CHECK(test_data::max_relative_error(from_near.coef, optimum.coef) < 1e-9);
  CHECK(std::abs(from_near.intercept(0) - optimum.intercept(0)) < 1e-9);

  // Given the Hessian at the start (here an exact one, from a fit that ended there): no
  // Hessian pass at all. A Hessian of another size is ignored.
  LogisticOptions to_near = exact;
  to_near.max_iterations = 0;
  to_near.keep_hessian = true;
  to_near.start = &near;
  FitReport at_near;
  (void)mlctl::solvers::fit_logistic(source, to_near, &at_near);
  REQUIRE(at_near.hessian.rows() == data.X.cols() + 1);
  CHECK(exact_report.hessian.size() == 0);  // only when asked for
  reuse.start_hessian = std::make_shared<const Eigen::MatrixXd>(at_near.hessian);
  FitReport given_report;
  const auto from_given = mlctl::solvers::fit_logistic(source, reuse, &given_report);
  CHECK(given_report.converged);
  CHECK(given_report.hessians == 0);
  CHECK(test_data::max_relative_error(from_given.coef, optimum.coef) < 1e-9);
  reuse.start_hessian = std::make_shared<const Eigen::MatrixXd>(Eigen::MatrixXd::Identity(3, 3));
  FitReport ignored_report;
  (void)mlctl::solvers::fit_logistic(source, reuse, &ignored_report);
  CHECK(ignored_report.hessians == 1);
  reuse.start_hessian = nullptr;

  // Far: from zero, slow steps ask for fresh Hessians; the optimum is the same.
  reuse.start = nullptr;
  FitReport far_report;
  const auto from_zero = mlctl::solvers::fit_logistic(source, reuse, &far_report);
  CHECK(far_report.converged);
  CHECK(far_report.hessians > 1);
  CHECK(far_report.hessians < far_report.iterations);
  CHECK(test_data::max_relative_error(from_zero.coef, optimum.coef) < 1e-9);

  // Multinomial (penguins), from zero.
  const Labelled three = penguins();
  const MatrixSource three_source(three.X, three.y);
  const auto multinomial = mlctl::solvers::fit_logistic(three_source, LogisticOptions{0.1, 3});
  LogisticOptions multinomial_reuse{0.1, 3};
  multinomial_reuse.reuse_hessian = true;
  const auto multinomial_reused = mlctl::solvers::fit_logistic(three_source, multinomial_reuse);
  CHECK(test_data::max_relative_error(multinomial_reused.coef, multinomial.coef) < 1e-9);
}

TEST_CASE("the binary loss's value: logs of products of 1 + e equal the rows' log1p sum") {
  // Scores from -800 to 800 (exp underflows at the ends) and many near 0, unit weights (the
  // products) and other weights (a log1p per row): the value is the textbook sum.
  const Eigen::Index n = 1003;
  Eigen::MatrixXd X(n, 1);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i - n / 2);
    X(i, 0) = i % 10 == 0 ? t * 1.6 : t / 300.0;
    y(i) = static_cast<double>((i * 7) % 3 == 0);
  }
  const Eigen::VectorXd beta = (Eigen::VectorXd(2) << 1.0, -0.25).finished();  // [beta, b]
  const auto expected_value = [&](const Eigen::VectorXd& w) {
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double z = X(i, 0) * beta(0) + beta(1);
      sum += w(i) * (std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - y(i) * z);
    }
    return sum + 0.5 * 0.1 * beta(0) * beta(0);
  };
  for (const bool unit : {true, false}) {
    CAPTURE(unit);
    Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
    if (!unit) w(5) = 2.5;
    const MatrixSource source(X, y, w, 64);
    const mlctl::solvers::BinaryLogisticLoss loss(source, 0.1);
    Eigen::VectorXd gradient;
    const double value = loss.value_gradient(beta, gradient);
    CHECK(std::isfinite(value));
    CHECK(value == doctest::Approx(expected_value(w)).epsilon(1e-13));
  }
}

TEST_CASE("resolved_solver: a forced method as given, else the cost model's choice") {
  const Eigen::MatrixXd X{{0.0}, {1.0}, {2.0}, {3.0}};
  const Eigen::VectorXd y{{0.0, 0.0, 1.0, 1.0}};
  const MatrixSource source(X, y);
  LogisticOptions options;
  CHECK(mlctl::solvers::resolved_solver(source, options) == mlctl::solvers::LogisticSolver::newton);
  options.solver = mlctl::solvers::LogisticSolver::tron;
  CHECK(mlctl::solvers::resolved_solver(source, options) == mlctl::solvers::LogisticSolver::tron);
  options.solver = mlctl::solvers::LogisticSolver::newton;
  CHECK(mlctl::solvers::resolved_solver(source, options) == mlctl::solvers::LogisticSolver::newton);
}
