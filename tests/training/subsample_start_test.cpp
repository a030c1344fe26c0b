// TrainOptions::subsample_start_rows: a large logistic fit starts Newton from the optimum of
// every 16th row, and then reuses the start's Hessian while it serves. It must reach the
// optimum a start from zero reaches, in fewer Hessian passes.

#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <doctest/doctest.h>

#include "model/model.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"

using mlctl::model::Model;
using mlctl::table::testing::dataset;
using mlctl::training::ClassWeight;
using mlctl::training::Recipe;
using mlctl::training::train;
using mlctl::training::TrainOptions;
using mlctl::training::TrainReport;

namespace {

struct Fit {
  Model model;
  TrainReport report;
};

// Every row trains the model (no holdout), so the fits compare whole optima.
Recipe whole_fit_recipe(const std::string& target, ClassWeight class_weight = ClassWeight::none) {
  Recipe recipe;
  recipe.target = target;
  recipe.holdout = 0.0;
  recipe.class_weight = class_weight;
  return recipe;
}

// Trains with the subsample start always (subsample_start) or never, whatever the row count.
Fit fit_table(const mlctl::table::Table& table, const std::string& target, bool subsample_start,
              ClassWeight class_weight = ClassWeight::none) {
  TrainOptions options;
  options.subsample_start_rows = subsample_start ? 0 : static_cast<std::size_t>(-1);
  Fit f;
  f.model = train(table, whole_fit_recipe(target, class_weight), f.report, options);
  return f;
}

Fit fit(const std::string& file, const std::string& target, bool subsample_start,
        ClassWeight class_weight = ClassWeight::none) {
  return fit_table(dataset(file), target, subsample_start, class_weight);
}

void check_same_optimum(const Fit& from_zero, const Fit& from_sample) {
  const auto& a = from_zero.model.linear;
  const auto& b = from_sample.model.linear;
  REQUIRE(a.coef.rows() == b.coef.rows());
  REQUIRE(a.coef.cols() == b.coef.cols());
  CHECK((a.coef - b.coef).cwiseAbs().maxCoeff() <= 1e-9 * (1.0 + a.coef.cwiseAbs().maxCoeff()));
  CHECK((a.intercept - b.intercept).cwiseAbs().maxCoeff() <= 1e-9);
  CHECK(from_zero.report.final_fit.converged);
  CHECK(from_sample.report.final_fit.converged);
}

}  // namespace

TEST_CASE("subsample start: 32000 generated rows, the same optimum in fewer Newton iterations") {
  // Three features on different scales, a class drawn from a logistic model (fixed LCG).
  fmt::memory_buffer csv;
  fmt::format_to(std::back_inserter(csv), "a,b,c,y\n");
  std::uint64_t state = 12345;
  const auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int i = 0; i < 32000; ++i) {
    const double a = uniform() * 10, b = uniform() - 0.5, c = uniform() * 1000;
    const double p = 1 / (1 + std::exp(-(0.3 * a - 4 * b + 0.002 * c - 2)));
    fmt::format_to(std::back_inserter(csv), "{},{},{},{}\n", a, b, c, uniform() < p ? "yes" : "no");
  }
  const auto table = mlctl::table::testing::table_of(fmt::to_string(csv));
  const Fit zero = fit_table(table, "y", false);
  const Fit sample = fit_table(table, "y", true);
  check_same_optimum(zero, sample);
  // From zero: a Hessian pass per iteration. From the sample's optimum: the sample's own
  // Hessian, scaled to all the rows, serves every step (NewtonOptions::reuse_hessian and
  // start_hessian): no Hessian pass over all the rows, each step a cheaper gradient pass.
  CHECK(zero.report.final_fit.iterations >= 6);
  CHECK(zero.report.final_fit.hessians == zero.report.final_fit.iterations);
  INFO("from the sample: ", sample.report.final_fit.iterations, " iterations, ",
       sample.report.final_fit.hessians, " Hessians");
  CHECK(sample.report.final_fit.hessians == 0);
  CHECK(sample.report.final_fit.iterations <= 8);
}

TEST_CASE("subsample start: binary (credit), the same optimum") {
  check_same_optimum(fit("credit.csv", "Status", false), fit("credit.csv", "Status", true));
}

TEST_CASE("subsample start: balanced class weights (credit), the same optimum") {
  check_same_optimum(fit("credit.csv", "Status", false, ClassWeight::balanced),
                     fit("credit.csv", "Status", true, ClassWeight::balanced));
}

TEST_CASE("subsample start: multinomial (penguins), the same optimum") {
  check_same_optimum(fit("penguins.csv", "species", false), fit("penguins.csv", "species", true));
}

TEST_CASE("subsample start: few rows per feature (breast_cancer: 36 sampled rows, 30 features)") {
  check_same_optimum(fit("breast_cancer.csv", "diagnosis", false),
                     fit("breast_cancer.csv", "diagnosis", true));
  check_same_optimum(fit("titanic.csv", "survived", false), fit("titanic.csv", "survived", true));
}

TEST_CASE("subsample start: a class missing from the sample: the fit starts from zero") {
  // Rows 0, 16, 32, ... are sampled; class "c" is only on rows 1-3, so the sample's fit fails
  // (a class without rows) and the full fit must start from zero, as without the option.
  fmt::memory_buffer csv;
  fmt::format_to(std::back_inserter(csv), "x,y\n");
  for (int i = 0; i < 320; ++i) {
    const char* label = (i >= 1 && i <= 3) ? "c" : (i % 3 == 0 ? "a" : "b");
    fmt::format_to(std::back_inserter(csv), "{},{}\n", (i * 37) % 101, label);
  }
  const auto table = mlctl::table::testing::table_of(fmt::to_string(csv));
  const Fit zero = fit_table(table, "y", false);
  const Fit sample = fit_table(table, "y", true);
  CHECK(sample.model.classes == std::vector<std::string>{"a", "b", "c"});
  check_same_optimum(zero, sample);
  CHECK(sample.report.final_fit.iterations == zero.report.final_fit.iterations);
  CHECK(sample.model.linear.coef == zero.model.linear.coef);  // the same path, bit for bit
}
