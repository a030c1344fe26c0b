// Exactness on wide data (issue #14): binary and 4-class logistic fits of
// tests/fixtures/wide_logistic/wide.csv (2000 rows, 396 encoded columns) against scikit-learn's
// newton-cg optimum (make_reference.py there): the objective and every probability.
#include <doctest/doctest.h>

#include "dataset_loader.hpp"
#include "solvers/linear_model.hpp"
#include "solvers/logistic.hpp"
#include "solvers/solver_choice.hpp"
#include "wide_csv_source.hpp"

namespace {

using mlctl::solvers::FitReport;
using mlctl::solvers::LogisticOptions;
using mlctl::solvers::LogisticSolver;
using test_data::WideCsvSource;
using Form = WideCsvSource::Form;

const nlohmann::json& wide_reference(const char* target) {
  static const nlohmann::json j =
      test_data::load_json(MLCTL_FIXTURE_DIR "/wide_logistic/reference.json");
  return j.at(target);
}

LogisticOptions options_for(const char* target, LogisticSolver solver) {
  LogisticOptions options;
  options.num_classes = static_cast<int>(wide_reference(target).at("classes").size());
  options.alpha = wide_reference(target).at("alpha").get<double>();
  options.solver = solver;
  return options;
}

// Fits `target` and checks the optimum: converged, objective and probabilities as scikit-learn's.
void check_exact(const char* target, Form form, LogisticSolver solver) {
  CAPTURE(target);
  CAPTURE(static_cast<int>(form));
  CAPTURE(static_cast<int>(solver));
  const WideCsvSource data(target, form);
  REQUIRE(data.features() == wide_reference(target).at("features").get<std::size_t>());
  FitReport report;
  const auto model = mlctl::solvers::fit_logistic(data, options_for(target, solver), &report);
  CHECK(report.converged);
  CHECK(report.gradient_norm <= 1e-10 * 2000);
  const double objective = wide_reference(target).at("objective").get<double>();
  CHECK(std::abs(report.objective - objective) <= 1e-9 * objective);
  const Eigen::MatrixXd proba = mlctl::solvers::predict_proba(model, data.X());
  const Eigen::MatrixXd expected = test_data::matrix(wide_reference(target).at("proba"));
  REQUIRE(proba.rows() == expected.rows());
  REQUIRE(proba.cols() == expected.cols());
  CHECK((proba - expected).cwiseAbs().maxCoeff() < 1e-6);
}

}  // namespace

TEST_CASE("wide binary logistic reaches scikit-learn's optimum by Newton and by TRON") {
  for (const Form form : {Form::one_hot, Form::dense_only}) {
    check_exact("bin", form, LogisticSolver::newton);
    check_exact("bin", form, LogisticSolver::tron);
  }
  check_exact("bin", Form::one_hot, LogisticSolver::automatic);
}

TEST_CASE("wide 4-class logistic reaches scikit-learn's optimum by TRON, one-hot or dense") {
  check_exact("cls4", Form::one_hot, LogisticSolver::tron);
  check_exact("cls4", Form::dense_only, LogisticSolver::tron);
  check_exact("cls4", Form::one_hot, LogisticSolver::automatic);
}

TEST_CASE("a wide multinomial TRON fit reads one-hot indices only, never a dense block") {
  // Every pass (value and gradient, Hessian-vector products, diagonals) must take the one-hot
  // blocks: this source throws if a dense one is asked for.
  check_exact("cls4", Form::one_hot_only, LogisticSolver::automatic);
  check_exact("bin", Form::one_hot_only, LogisticSolver::automatic);
}

TEST_CASE("the fixture's shape chooses TRON, and its dense form does too") {
  for (const char* target : {"bin", "cls4"}) {
    const int classes = options_for(target, LogisticSolver::automatic).num_classes;
    const WideCsvSource one_hot(target, Form::one_hot), dense(target, Form::dense_only);
    CHECK(choose_logistic_solver(shape_of(one_hot, classes)) == LogisticSolver::tron);
    CHECK(choose_logistic_solver(shape_of(dense, classes)) == LogisticSolver::tron);
  }
}

TEST_CASE("a wide fit stopped by the iteration limit is reported as not converged") {
  for (const char* target : {"bin", "cls4"}) {
    CAPTURE(target);
    for (const LogisticSolver solver : {LogisticSolver::tron, LogisticSolver::newton}) {
      if (solver == LogisticSolver::newton && std::string(target) == "cls4") continue;
      const WideCsvSource data(target, Form::one_hot);
      LogisticOptions options = options_for(target, solver);
      options.max_iterations = 2;
      FitReport report;
      mlctl::solvers::fit_logistic(data, options, &report);
      CHECK_FALSE(report.converged);
      CHECK(report.iterations == 2);
      CHECK(report.gradient_norm > 1e-10 * 2000);
    }
  }
}
