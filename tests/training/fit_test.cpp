// One fit of a recipe (training/fit.hpp): the pipeline and model fitted on the given rows only,
// predictions for others, and the warm-start policy of large logistic fits.

#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "solvers/design_source.hpp"
#include "solvers/logistic.hpp"
#include "table/table_test_support.hpp"
#include "training/fit.hpp"
#include "training/selection.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::solvers::DesignSource;
using mlctl::solvers::LinearModel;
using mlctl::solvers::LogisticOptions;
using mlctl::solvers::MatrixSource;
using mlctl::training::fit_logistic_warm;
using mlctl::training::SampleOf;

namespace {

// A sample whose fit fails with an Error of `kind` on its first pass over the rows.
class FailingSource final : public DesignSource {
 public:
  FailingSource(ErrorKind kind, std::size_t features) : kind_(kind), features_(features) {}
  std::size_t rows() const override { return 8; }
  std::size_t features() const override { return features_; }
  std::size_t block_count() const override { return 1; }
  const mlctl::solvers::Block& block(std::size_t, mlctl::solvers::Block&) const override {
    throw Error(kind_, "the sample failed");
  }
  unsigned threads() const override { return 1; }

 private:
  ErrorKind kind_;
  std::size_t features_;
};

// 400 rows, 2 features, classes that overlap (a finite optimum); every `stride`-th row when
// asked for a sample.
struct Problem {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  explicit Problem(std::size_t stride = 1) {
    const auto n = static_cast<Eigen::Index>((400 + stride - 1) / stride);
    X.resize(n, 2);
    y.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) {
      const double i = static_cast<double>(k * static_cast<Eigen::Index>(stride));
      X(k, 0) = std::sin(i);
      X(k, 1) = std::cos(3 * i);
      y(k) = (std::sin(i) + 0.8 * std::sin(7 * i) > 0) ? 1.0 : 0.0;
    }
  }
};

LogisticOptions options_with(double alpha) {
  LogisticOptions o;
  o.alpha = alpha;
  o.num_classes = 2;
  return o;
}

// A SampleOf that counts its calls and hands out `make()`.
template <typename Make>
SampleOf counting(int& calls, Make make) {
  return [&calls, make](std::size_t stride) -> std::shared_ptr<const DesignSource> {
    ++calls;
    CHECK(stride == 16);
    return make();
  };
}

void check_same(const LinearModel& a, const LinearModel& b) {
  CHECK(a.coef == b.coef);
  CHECK(a.intercept == b.intercept);
}

}  // namespace

TEST_CASE("warm start: below the size of a large fit no sample is asked for") {
  const Problem p;
  const MatrixSource source(p.X, p.y);
  int calls = 0;
  const auto fitted = fit_logistic_warm(
      source,
      counting(calls, [] { return std::make_shared<MatrixSource>(Problem(16).X, Problem(16).y); }),
      options_with(1.0), 401);
  CHECK(calls == 0);
  check_same(fitted, mlctl::solvers::fit_logistic(source, options_with(1.0)));
}

TEST_CASE("warm start: a large fit starts from its sample's optimum and reaches the same one") {
  const Problem p;
  const Problem sample(16);
  const MatrixSource source(p.X, p.y);
  int calls = 0;
  mlctl::solvers::FitReport report;
  const auto fitted = fit_logistic_warm(
      source, counting(calls, [&] { return std::make_shared<MatrixSource>(sample.X, sample.y); }),
      options_with(1.0), 400, &report);
  CHECK(calls == 1);
  CHECK(report.converged);
  const auto cold = mlctl::solvers::fit_logistic(source, options_with(1.0));
  CHECK((fitted.coef - cold.coef).cwiseAbs().maxCoeff() <= 1e-9);
  CHECK((fitted.intercept - cold.intercept).cwiseAbs().maxCoeff() <= 1e-9);
  // A fit given a start already asks for no sample.
  LogisticOptions started = options_with(1.0);
  started.start = &cold;
  (void)fit_logistic_warm(source, counting(calls, [] { return nullptr; }), started, 400);
  CHECK(calls == 1);
}

TEST_CASE("warm start: a fit by TRON asks for no sample, chosen or forced") {
  const Problem p;
  const MatrixSource source(p.X, p.y);
  int calls = 0;
  LogisticOptions options = options_with(1.0);
  options.solver = mlctl::solvers::LogisticSolver::tron;
  const auto fitted = fit_logistic_warm(
      source,
      counting(calls, [] { return std::make_shared<MatrixSource>(Problem(16).X, Problem(16).y); }),
      options, 400);
  CHECK(calls == 0);
  check_same(fitted, mlctl::solvers::fit_logistic(source, options));
  // Forced Newton on the same data still starts from the sample (the test above, automatic).
  options.solver = mlctl::solvers::LogisticSolver::newton;
  (void)fit_logistic_warm(
      source,
      counting(calls, [] { return std::make_shared<MatrixSource>(Problem(16).X, Problem(16).y); }),
      options, 400);
  CHECK(calls == 1);
}

TEST_CASE("warm start: a sample that cannot be fitted (a data error) gives no start") {
  const Problem p;
  const MatrixSource source(p.X, p.y);
  int calls = 0;
  const auto fitted = fit_logistic_warm(
      source, counting(calls, [] { return std::make_shared<FailingSource>(ErrorKind::data, 2); }),
      options_with(1.0), 400);
  CHECK(calls == 1);
  check_same(fitted, mlctl::solvers::fit_logistic(source, options_with(1.0)));
}

TEST_CASE("warm start: any other error of the sample's fit propagates") {
  const Problem p;
  const MatrixSource source(p.X, p.y);
  for (const ErrorKind kind : {ErrorKind::internal, ErrorKind::io, ErrorKind::usage}) {
    int calls = 0;
    try {
      (void)fit_logistic_warm(
          source, counting(calls, [kind] { return std::make_shared<FailingSource>(kind, 2); }),
          options_with(1.0), 400);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == kind);
      CHECK(e.message() == "the sample failed");
    }
    CHECK(calls == 1);
  }
}

TEST_CASE("warm start: an alpha that scales down to 0 for the sample gives no start") {
  // The smallest double times the sample's share (1/16) rounds to 0, an alpha no fit takes.
  const double alpha = std::numeric_limits<double>::denorm_min();
  const Problem p;
  const Problem sample(16);
  const MatrixSource source(p.X, p.y);
  int calls = 0;
  LogisticOptions options = options_with(alpha);
  options.max_iterations = 20;
  const auto fitted = fit_logistic_warm(
      source, counting(calls, [&] { return std::make_shared<MatrixSource>(sample.X, sample.y); }),
      options, 400);
  CHECK(calls == 1);
  check_same(fitted, mlctl::solvers::fit_logistic(source, options));
}

TEST_CASE("fit_rows: the pipeline and model see the given rows only, predict_rows the others") {
  const auto t = mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(40));
  const auto target =
      mlctl::training::prepare_target(t, t.column("y"), mlctl::model::Algorithm::ridge);
  const std::vector<std::string> features = {"x", "c"};
  const mlctl::training::TrainingData data{t, features, target, mlctl::model::Algorithm::ridge};
  std::vector<std::size_t> first(30);
  std::iota(first.begin(), first.end(), 0);
  mlctl::training::Recipe recipe;
  const mlctl::training::TrainOptions options;
  const auto fitted = mlctl::training::fit_rows(data, first, 1.0, recipe, {options, "fit"});
  // x = 1..30 on these rows: their mean, not the mean of 1..40.
  CHECK(fitted.pipeline.features()[0].center == doctest::Approx(15.5).epsilon(1e-14));
  const std::vector<std::size_t> rest = {30, 35, 39};
  const Eigen::MatrixXd predicted =
      mlctl::training::predict_rows(fitted, t, rest, mlctl::model::Algorithm::ridge);
  REQUIRE(predicted.rows() == 3);
  REQUIRE(predicted.cols() == 1);
  for (Eigen::Index i = 0; i < 3; ++i) {
    const double truth = target.y[rest[static_cast<std::size_t>(i)]];
    CHECK(std::abs(predicted(i, 0) - truth) < 2.0);  // y is about 2x, x from 31 to 40
  }
}

TEST_CASE("fit_rows: a logistic fit reports its solver, predict_rows gives probabilities") {
  const auto t = mlctl::table::testing::table_of(mlctl::training::testing::classification_csv(60));
  const auto target =
      mlctl::training::prepare_target(t, t.column("y"), mlctl::model::Algorithm::logistic);
  const std::vector<std::string> features = {"x", "c"};
  const mlctl::training::TrainingData data{t, features, target, mlctl::model::Algorithm::logistic};
  mlctl::training::Recipe recipe;
  mlctl::training::TrainOptions options;
  std::vector<std::string> progress;
  options.progress = [&](const mlctl::training::FitProgress& f) { progress.push_back(f.fit); };
  const auto fitted =
      mlctl::training::fit_rows(data, target.rows, 1.0, recipe, {options, "holdout fit"});
  CHECK(fitted.fit.converged);
  CHECK(fitted.fit.iterations > 0);
  REQUIRE_FALSE(progress.empty());
  CHECK(progress.front() == "holdout fit");
  const Eigen::MatrixXd proba = mlctl::training::predict_rows(
      fitted, t, std::vector<std::size_t>{0, 59}, mlctl::model::Algorithm::logistic);
  REQUIRE(proba.cols() == 2);
  CHECK(proba(0, 0) + proba(0, 1) == doctest::Approx(1.0));
  CHECK(proba(1, 1) > proba(0, 1));  // "yes" mostly when x is large
}
