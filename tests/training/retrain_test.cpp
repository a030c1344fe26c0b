// training::retrain and its parts: the recipe with overrides, the gate's decision (direction of
// each metric, --max-regression, --force, undefined metrics, several comparisons), the
// coefficient changes, required columns, and the candidate's lineage.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "model/model.hpp"
#include "table/table_test_support.hpp"
#include "training/retrain.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::model::Algorithm;
using mlctl::model::Model;
using mlctl::table::Table;
using mlctl::table::testing::table_of;
using namespace mlctl::training;
using mlctl::training::testing::classification_csv;
using mlctl::training::testing::recipe_for;
using mlctl::training::testing::regression_csv;
using mlctl::training::testing::trained;

namespace {

mlctl::model::Metrics metrics_with(const char* metric, double value) {
  mlctl::model::Metrics m;
  m.set(*mlctl::model::metric_named(metric), value);
  return m;
}

Comparison comparison(const std::string& on, const char* metric, double current, double candidate) {
  return {on, 100, metrics_with(metric, current), metrics_with(metric, candidate)};
}

// regression_csv with the target values permuted (row i gets the target of row 37 i mod n):
// the same values, no relation left to x or c.
std::string scrambled_regression_csv(std::size_t n) {
  const std::string csv = regression_csv(n);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < csv.size()) {
    const std::size_t end = csv.find('\n', start);
    lines.push_back(csv.substr(start, end - start));
    start = end + 1;
  }
  const auto target = [&](std::size_t row) {
    return lines[row + 1].substr(lines[row + 1].rfind(',') + 1);
  };
  std::string out = lines[0] + "\n";
  for (std::size_t i = 0; i < n; ++i) {
    out += lines[i + 1].substr(0, lines[i + 1].rfind(',') + 1) + target((37 * i) % n) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("retrain gate: R² may not fall by more than --max-regression") {
  const std::vector<Comparison> c = {comparison("held-out rows of new.csv", "r2", 0.80, 0.79)};
  Decision d = decide(Algorithm::ridge, c, {});
  CHECK(d.metric == "r2");
  CHECK(d.higher_is_better);
  REQUIRE(d.checks.size() == 1);
  CHECK(d.checks[0].regression == doctest::Approx(0.01));
  CHECK_FALSE(d.passed);
  CHECK_FALSE(d.promoted);
  CHECK_FALSE(d.forced);
  CHECK(d.reason ==
        "r2 on the held-out rows of new.csv: candidate 0.79 is worse than the current 0.8 by "
        "0.01 (more than --max-regression 0)");

  d = decide(Algorithm::ridge, c, {0.02, false});
  CHECK(d.passed);
  CHECK(d.promoted);
  CHECK(d.reason ==
        "r2 on the held-out rows of new.csv: candidate 0.79, current 0.8 (worse by at most "
        "--max-regression 0.02)");

  d = decide(Algorithm::ridge, c, {0.0, true});
  CHECK_FALSE(d.passed);
  CHECK(d.promoted);
  CHECK(d.forced);

  d = decide(Algorithm::ridge, {comparison("held-out rows of new.csv", "r2", 0.5, 0.6)}, {});
  CHECK(d.passed);
  CHECK_FALSE(d.forced);
  CHECK(d.reason == "r2 on the held-out rows of new.csv: candidate 0.6, current 0.5 (not worse)");
}

TEST_CASE("retrain gate: log loss is lower-is-better, equal passes, accuracy does not decide") {
  Comparison c = comparison("held-out rows of new.csv", "log_loss", 0.45, 0.50);
  c.current.set(mlctl::model::Metric::accuracy, 0.70);
  c.candidate.set(mlctl::model::Metric::accuracy,
                  0.90);  // better accuracy does not rescue a worse log loss
  Decision d = decide(Algorithm::logistic, {c}, {});
  CHECK(d.metric == "log_loss");
  CHECK_FALSE(d.higher_is_better);
  CHECK(d.checks[0].regression == doctest::Approx(0.05));
  CHECK_FALSE(d.passed);

  c.candidate.set(mlctl::model::Metric::log_loss, 0.40);
  c.candidate.set(mlctl::model::Metric::accuracy,
                  0.50);  // and worse accuracy does not block a better log loss
  CHECK(decide(Algorithm::logistic, {c}, {}).passed);
  c.candidate.set(mlctl::model::Metric::log_loss, 0.45);
  CHECK(decide(Algorithm::logistic, {c}, {}).passed);
}

TEST_CASE("retrain gate: every comparison must pass, an undefined metric never passes") {
  const std::vector<Comparison> two = {comparison("held-out rows of new.csv", "r2", 0.5, 0.6),
                                       comparison("--eval eval.csv", "r2", 0.7, 0.6)};
  const Decision d = decide(Algorithm::ridge, two, {});
  CHECK_FALSE(d.passed);
  CHECK(d.checks[0].passed);
  CHECK_FALSE(d.checks[1].passed);
  CHECK(d.reason ==
        "r2 on the --eval eval.csv: candidate 0.6 is worse than the current 0.7 by 0.1 (more "
        "than --max-regression 0)");

  const Comparison undefined{"held-out rows of new.csv", 3, metrics_with("r2", 0.5),
                             metrics_with("rmse", 1.0)};
  const Decision u = decide(Algorithm::ridge, {undefined}, {1.0, false});
  CHECK_FALSE(u.passed);
  CHECK(u.reason == "r2 on the held-out rows of new.csv is undefined (candidate nan, current 0.5)");
  CHECK_THROWS_AS(decide(Algorithm::ridge, {}, {}), Error);
}

TEST_CASE("retrain recipe: the current model's columns, with overrides reported") {
  const Table table = table_of(regression_csv(60));
  Recipe original = recipe_for("y");
  original.exclude = {"c"};
  const Model current = trained(table, original);
  std::vector<RecipeChange> changes;
  RecipeOverrides o;
  o.alphas = std::vector<double>{0.5, 2};
  o.seed = 42;  // the same as before: not a change
  o.holdout = 0.25;
  o.class_weight = ClassWeight::balanced;
  const Recipe r = retrain_recipe(current, o, changes);
  CHECK(r.features == std::vector<std::string>{"x"});
  CHECK(r.exclude.empty());
  REQUIRE(r.algorithm.has_value());
  CHECK(*r.algorithm == Algorithm::ridge);
  CHECK(r.alphas == std::vector<double>{0.5, 2});
  CHECK(r.holdout == 0.25);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].setting == "alpha");
  CHECK(changes[0].from == "1");
  CHECK(changes[0].to == "0.5,2");
  CHECK(changes[0].flag == "--alpha");
  CHECK(changes[1].setting == "holdout");
  CHECK(changes[1].from == "0.2");
  CHECK(changes[1].to == "0.25");
  CHECK(changes[2].setting == "class_weight");
  CHECK(changes[2].from == "none");
  CHECK(changes[2].to == "balanced");
  CHECK(required_columns(current) == std::vector<std::string>{"x", "y"});
}

TEST_CASE("retrain: a model fit on noise is replaced, a good one is kept against noise") {
  const Table good = table_of(regression_csv(200));
  const Table noise = table_of(scrambled_regression_csv(200));
  const Model bad_model = trained(noise, recipe_for("y"));
  const Model good_model = trained(good, recipe_for("y"));

  const RetrainResult better = retrain(bad_model, good, nullptr, {}, {});
  CHECK(better.decision.passed);
  CHECK(better.decision.promoted);
  REQUIRE(better.comparisons.size() == 1);
  CHECK(better.comparisons[0].on == "held-out rows of " + good.source);
  CHECK(better.comparisons[0].rows == 40);
  CHECK(*better.comparisons[0].candidate.get(mlctl::model::Metric::r2) > 0.99);
  CHECK(*better.comparisons[0].current.get(mlctl::model::Metric::r2) < 0.5);
  const Model& cand = better.candidate;
  CHECK(cand.provenance.parent_id == bad_model.provenance.id);
  CHECK_FALSE(cand.provenance.id.empty());
  CHECK(cand.provenance.id != bad_model.provenance.id);
  CHECK_FALSE(cand.provenance.forced);
  REQUIRE(cand.provenance.lineage.size() == 1);
  CHECK(cand.provenance.lineage[0].id == bad_model.provenance.id);
  CHECK(cand.provenance.lineage[0].data.hash == noise.input_hash);

  // Measured only against the noisy labels, a model fit on noise (which predicts near the mean)
  // beats one that learnt the signal; but it is no better than always predicting the mean, so
  // the skill check rejects it. With the check off, the new data would vouch for itself.
  const RetrainResult skill_less = retrain(good_model, noise, nullptr, {}, {});
  REQUIRE(skill_less.decision.skill.has_value());
  CHECK_FALSE(skill_less.decision.skill->passed);
  CHECK(skill_less.decision.skill->baseline == "the mean");
  CHECK(skill_less.decision.skill->z < 2.0);
  CHECK(skill_less.decision.checks[0].passed);
  CHECK_FALSE(skill_less.decision.passed);
  CHECK_FALSE(skill_less.decision.promoted);
  CHECK(skill_less.decision.reason.find("no better than always predicting the mean") !=
        std::string::npos);
  const RetrainResult unchecked = retrain(good_model, noise, nullptr, {}, {0.0, false, 0.0});
  CHECK(unchecked.decision.passed);
  CHECK(unchecked.decision.skill->passed);
  // The good candidate is far above the bar.
  REQUIRE(better.decision.skill.has_value());
  CHECK(better.decision.skill->z > 5.0);
  // A trusted evaluation set (--eval) catches it.
  const Table trusted = table_of(regression_csv(90));
  const RetrainResult worse = retrain(good_model, noise, &trusted, {}, {});
  REQUIRE(worse.comparisons.size() == 2);
  CHECK(worse.decision.checks[0].passed);
  CHECK_FALSE(worse.decision.checks[1].passed);
  CHECK_FALSE(worse.decision.passed);
  CHECK_FALSE(worse.decision.promoted);
  CHECK_FALSE(worse.candidate.provenance.forced);

  const RetrainResult forced = retrain(good_model, noise, &trusted, {}, {0.0, true});
  CHECK(forced.decision.forced);
  CHECK(forced.candidate.provenance.forced);

  // A grandchild keeps the whole chain, oldest first.
  const RetrainResult next = retrain(cand, good, nullptr, {}, {1.0, false});
  REQUIRE(next.candidate.provenance.lineage.size() == 2);
  CHECK(next.candidate.provenance.lineage[0].id == bad_model.provenance.id);
  CHECK(next.candidate.provenance.lineage[1].id == cand.provenance.id);
  CHECK(next.candidate.provenance.lineage[1].parent_id == bad_model.provenance.id);
}

TEST_CASE("retrain: --eval adds a comparison of both final models on other rows") {
  const Table good = table_of(regression_csv(200));
  const Table eval = table_of(regression_csv(90));
  const Model current = trained(table_of(scrambled_regression_csv(200)), recipe_for("y"));
  RecipeOverrides none_held_out;
  none_held_out.holdout = 0.0;
  const RetrainResult r = retrain(current, good, &eval, none_held_out, {});
  REQUIRE(r.comparisons.size() == 1);  // no held-out rows: --eval alone
  CHECK(r.comparisons[0].on == "--eval " + eval.source);
  CHECK(r.comparisons[0].rows == 90);
  CHECK(r.decision.passed);
  try {
    retrain(current, good, nullptr, none_held_out, {});
    FAIL("expected Error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() ==
          "nothing to compare the models on: the recipe has no held-out evaluation (holdout 0); "
          "give --holdout, --cv or --eval DATA.csv");
  }
  CHECK_THROWS_AS(retrain(current, good, nullptr, {}, {-0.1, false}), Error);
}

TEST_CASE("retrain: new data without a column the model needs is a data error naming it") {
  const Model current = trained(table_of(classification_csv(80)), recipe_for("y"));
  const Table lacking = table_of("x,y\n1,yes\n2,no\n");
  try {
    retrain(current, lacking, nullptr, {}, {});
    FAIL("expected Error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.where().file == lacking.source);
    CHECK(e.message() == "the model needs the column \"c\", which the data lacks");
  }
}

TEST_CASE("retrain: every column the new data lacks is named, not just the first") {
  const Model current = trained(table_of(classification_csv(80)), recipe_for("y"));
  const Table lacking = table_of("z\n1\n2\n");
  try {
    retrain(current, lacking, nullptr, {}, {});
    FAIL("expected Error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "the model needs the columns \"x\", \"c\", \"y\", which the data lacks");
  }
}

TEST_CASE("retrain: coefficient changes, largest first, a feature one model lacks counts as 0") {
  const Table table = table_of(regression_csv(120));
  Recipe only_x = recipe_for("y");
  only_x.features = {"x"};
  const Model a = trained(table, only_x);
  const Model b = trained(table, recipe_for("y"));
  const auto changes = coefficient_changes(a, b, 3);
  REQUIRE(changes.size() == 3);
  for (std::size_t i = 1; i < changes.size(); ++i) {
    CHECK(std::abs(changes[i - 1].change()) >= std::abs(changes[i].change()));
  }
  bool saw_category = false;
  for (const auto& c : changes) {
    CHECK(c.output.empty());
    if (c.feature.rfind("c=", 0) == 0) {
      saw_category = true;
      CHECK(c.current == 0.0);
      CHECK(c.candidate != 0.0);
    }
  }
  CHECK(saw_category);
  CHECK(coefficient_changes(a, a, 5).size() == 1);
  CHECK(coefficient_changes(a, a, 5)[0].change() == 0.0);
}

TEST_CASE("retrain: when the classes change, coefficients are not compared and a warning says so") {
  const Model current = trained(table_of(classification_csv(80)), recipe_for("y"));
  // The same rows with a third class: the binary model's one output (log-odds of "yes") has no
  // counterpart among the candidate's three; comparing them would show the old ones as 0.
  std::string three = classification_csv(80);
  for (std::size_t i = 0, at = 0; i < 10; ++i) {
    at = three.find(",no\n", at);
    three.replace(at, 4, ",maybe\n");
  }
  RetrainResult r = retrain(current, table_of(three), nullptr, {}, {});
  CHECK(r.candidate.classes == std::vector<std::string>{"maybe", "no", "yes"});
  CHECK(r.top_changes.empty());
  CHECK(coefficient_changes(current, r.candidate, 5).empty());
  CHECK(r.classes_changed ==
        "the classes changed: the current model has no, yes; the candidate has maybe, no, yes");
  REQUIRE_FALSE(r.report.warnings.empty());
  CHECK(r.report.warnings.front() == r.classes_changed + " (coefficients not compared)");
  CHECK(classes_changed(current, current).empty());
}

TEST_CASE("retrain: a recorded --cv 1 or ridge --class-weight balanced did nothing, and still") {
  // Models written before train refused these recorded them; retraining them must not fail.
  Model current = trained(table_of(regression_csv(60)), recipe_for("y"));
  current.recipe.cv = 1;
  current.recipe.balanced_class_weight = true;
  std::vector<RecipeChange> changes;
  const Recipe r = retrain_recipe(current, {}, changes);
  CHECK(r.cv == 0);
  CHECK(r.class_weight == ClassWeight::none);
  CHECK(changes.empty());
}
