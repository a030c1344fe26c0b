// metadata: the typed recipe and evaluation, the one table of metric names, and their JSON form:
// written as before (the same keys and types), read back equal, and a malformed or mistyped
// field in a file with a valid checksum refused like any corrupt model, naming the field.

#include <cmath>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "container/container.hpp"
#include "model/metadata.hpp"
#include "model/metadata_json.hpp"
#include "model/model.hpp"
#include "model/model_file.hpp"
#include "model/model_file_test_support.hpp"
#include "table/table_test_support.hpp"
#include "training/recipe.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::container::Container;
using mlctl::model::Metric;
using mlctl::model::Metrics;
using mlctl::model::testing::refusal;
using mlctl::model::testing::reload;
using nlohmann::json;

namespace {

mlctl::model::Model trained(const std::string& csv, const mlctl::training::Recipe& recipe) {
  mlctl::training::TrainReport report;
  return mlctl::training::train(mlctl::table::testing::table_of(csv), recipe, report);
}

mlctl::training::Recipe recipe_for(char target) {
  mlctl::training::Recipe recipe;
  recipe.target = std::string(1, target);
  return recipe;
}

// A ridge model with a holdout, and a logistic one with 3-fold cross-validation over 2 alphas.
mlctl::model::Model ridge() {
  return trained(mlctl::training::testing::regression_csv(30), recipe_for('y'));
}
mlctl::model::Model logistic_cv() {
  auto recipe = recipe_for('y');
  recipe.cv = 3;
  recipe.alphas = {0.5, 1.0};
  return trained(mlctl::training::testing::classification_csv(40), recipe);
}

}  // namespace

TEST_CASE("metrics table: every metric once, found by name, the primary ones") {
  std::set<std::string_view> names;
  for (const auto& m : mlctl::model::kMetrics) {
    CHECK(names.insert(m.name).second);
    CHECK(mlctl::model::metric_named(m.name) == m.metric);
    CHECK(mlctl::model::name_of(m.metric) == m.name);
  }
  CHECK_FALSE(mlctl::model::metric_named("n").has_value());
  CHECK_FALSE(mlctl::model::metric_named("R2").has_value());
  CHECK(mlctl::model::primary_metric(mlctl::model::Algorithm::ridge) == Metric::r2);
  CHECK(mlctl::model::primary_metric(mlctl::model::Algorithm::logistic) == Metric::log_loss);
  CHECK(mlctl::model::info(Metric::r2).higher_is_better);
  CHECK_FALSE(mlctl::model::info(Metric::log_loss).higher_is_better);
}

TEST_CASE("metrics: set keeps the table's order, get says what was measured") {
  Metrics m;
  m.set(Metric::mae, 3.0);
  m.set(Metric::r2, 0.5);
  m.set(Metric::mae, 2.0);
  REQUIRE(m.values.size() == 2);
  CHECK(m.values[0].first == Metric::r2);
  CHECK(m.get(Metric::mae) == 2.0);
  CHECK_FALSE(m.get(Metric::rmse).has_value());
}

TEST_CASE("metadata json: a NaN metric is written as null and read back as NaN") {
  Metrics m;
  m.n = 3;
  m.set(Metric::r2, std::nan(""));
  const json j = mlctl::model::to_json(m);
  CHECK(j.dump() == R"({"n":3,"r2":null})");
  const Metrics back = mlctl::model::metrics_from_json({j, "metrics"});
  CHECK(std::isnan(*back.get(Metric::r2)));
}

TEST_CASE("metadata: trained models' recipe and evaluation survive the file, field by field") {
  for (const auto& m : {ridge(), logistic_cv()}) {
    const auto back = reload(mlctl::model::to_container(m));
    CHECK(back.recipe == m.recipe);
    CHECK(back.evaluation == m.evaluation);
    CHECK(mlctl::model::to_json(back.evaluation) == mlctl::model::to_json(m.evaluation));
  }
  const auto cv = logistic_cv();
  CHECK(cv.evaluation.method == mlctl::model::EvaluationMethod::cv);
  CHECK(cv.evaluation.folds == 3);
  CHECK(cv.evaluation.alpha_selected_by_cv);
  CHECK(cv.evaluation.metrics.classes == std::vector<std::string>{"no", "yes"});
  CHECK(cv.recipe.features_used.has_value());
}

TEST_CASE("metadata: files without the optional fields still load") {
  Container c = mlctl::model::to_container(ridge());
  c.metadata["recipe"].erase("features_used");
  c.metadata["evaluation"].erase("permutation_importance");
  const auto back = reload(c);
  CHECK_FALSE(back.recipe.features_used.has_value());
  CHECK_FALSE(back.evaluation.permutation_importance.has_value());
  // A field a newer minor version adds is ignored.
  c.metadata["evaluation"]["metrics"]["brier"] = 0.1;
  c.metadata["recipe"]["new_option"] = true;
  CHECK(reload(c).evaluation.metrics.values.size() == 3);
}

TEST_CASE("metadata: a malformed evaluation is refused, naming the field") {
  const Container good = mlctl::model::to_container(logistic_cv());
  const auto with = [&](const json::json_pointer& at, const json& value) {
    Container c = good;
    c.metadata[at] = value;
    return refusal(c);
  };
  using P = json::json_pointer;
  CHECK(with(P("/evaluation/metrics/accuracy"), "0.9") ==
        "invalid model: evaluation.metrics.accuracy is not a number");
  CHECK(with(P("/evaluation/metrics/n"), -1) ==
        "invalid model: evaluation.metrics.n is not a non-negative integer");
  CHECK(with(P("/evaluation/metrics/classes"), json::array({"no", 1})) ==
        "invalid model: evaluation.metrics.classes[1] is not a string");
  CHECK(with(P("/evaluation/metrics/confusion_matrix"), json::array({{1, 2}})) ==
        "invalid model: evaluation.metrics.confusion_matrix does not have one row per class");
  CHECK(with(P("/evaluation/metrics/confusion_matrix/1"), json::array({1})) ==
        "invalid model: evaluation.metrics.confusion_matrix[1] does not have one count per class");
  CHECK(with(P("/evaluation/metrics"), json::array()) ==
        "invalid model: evaluation.metrics is not an object");
  CHECK(with(P("/evaluation/method"), "bootstrap") ==
        "invalid model: evaluation.method is not one of none, holdout, cv (\"bootstrap\")");
  CHECK(with(P("/evaluation/folds"), 1) == "invalid model: evaluation.folds is less than 2");
  CHECK(with(P("/evaluation/seed"), 4.5) ==
        "invalid model: evaluation.seed is not a non-negative integer");
  CHECK(with(P("/evaluation/alpha_selected_by_cv"), 1) ==
        "invalid model: evaluation.alpha_selected_by_cv is not true or false");
  CHECK(with(P("/evaluation/permutation_importance/metric"), "auc") ==
        "invalid model: evaluation.permutation_importance.metric names no metric mlctl knows "
        "(\"auc\")");
  CHECK(with(P("/evaluation/permutation_importance/features/0/mean"), "big") ==
        "invalid model: evaluation.permutation_importance.features[0].mean is not a number");
  CHECK(with(P("/evaluation"), "holdout") == "invalid model: evaluation is not an object");
  Container c = good;
  c.metadata["evaluation"].erase("rows");
  CHECK(refusal(c) == "invalid model: evaluation has no \"rows\"");
  c = mlctl::model::to_container(ridge());
  c.metadata["evaluation"]["fraction"] = 1.5;
  CHECK(refusal(c) == "invalid model: evaluation.fraction is not between 0 and 1");
}

TEST_CASE("metadata: a malformed recipe is refused, naming the field") {
  const Container good = mlctl::model::to_container(ridge());
  const auto with = [&](const char* key, const json& value) {
    Container c = good;
    c.metadata["recipe"][key] = value;
    return refusal(c);
  };
  CHECK(with("alphas", json::array({1, "2"})) == "invalid model: recipe.alphas[1] is not a number");
  CHECK(with("algorithm", "forest") ==
        "invalid model: recipe.algorithm has an unknown value \"forest\"");
  CHECK(with("impute", "zero") == "invalid model: recipe.impute has an unknown value \"zero\"");
  CHECK(with("scale", 1) == "invalid model: recipe.scale is not a string");
  CHECK(with("class_weight", "heavy") ==
        "invalid model: recipe.class_weight is not none or balanced (\"heavy\")");
  CHECK(with("cv", "5") == "invalid model: recipe.cv is not an integer");
  CHECK(with("max_iter", 2.5) == "invalid model: recipe.max_iter is not an integer");
  CHECK(with("features_used", "x") == "invalid model: recipe.features_used is not an array");
  CHECK(with("target", nullptr) == "invalid model: recipe.target is not a string");
}

TEST_CASE("metadata: rare-level options and levels survive the file, written only when given") {
  auto recipe = recipe_for('y');
  recipe.pipeline.min_frequency = 0.25;
  recipe.pipeline.max_categories = 2;
  const auto m = trained(mlctl::training::testing::regression_csv(30), recipe);
  const auto& c = m.pipeline.features()[1];
  REQUIRE(c.name == "c");
  CHECK(c.categories.size() == 1);
  CHECK(c.infrequent.size() == 2);
  const Container container = mlctl::model::to_container(m);
  CHECK(container.metadata["recipe"]["min_frequency"] == 0.25);
  CHECK(container.metadata["recipe"]["max_categories"] == 2);
  const auto back = reload(container);
  CHECK(back.recipe == m.recipe);
  CHECK(back.pipeline.features()[1].infrequent == c.infrequent);
  CHECK(back.pipeline.encoded_names() == m.pipeline.encoded_names());
  CHECK(mlctl::training::recipe_of(back.recipe).pipeline.max_categories == 2);
  // A count is written as an integer.
  recipe.pipeline.min_frequency = 3.0;
  recipe.pipeline.max_categories.reset();
  const auto counted =
      mlctl::model::to_container(trained(mlctl::training::testing::regression_csv(30), recipe));
  CHECK(counted.metadata["recipe"]["min_frequency"].is_number_integer());
  CHECK_FALSE(counted.metadata["recipe"].contains("max_categories"));
  // Without the options, neither the recipe nor the features mention them.
  const Container plain = mlctl::model::to_container(ridge());
  CHECK_FALSE(plain.metadata["recipe"].contains("min_frequency"));
  CHECK_FALSE(plain.metadata["recipe"].contains("max_categories"));
  CHECK_FALSE(plain.metadata["pipeline"]["features"][1].contains("infrequent"));

  const auto with = [&](const char* key, const json& value) {
    Container bad = container;
    bad.metadata["recipe"][key] = value;
    return refusal(bad);
  };
  for (const json& value : {json(0), json(1.5), json(-2), json("5")}) {
    CAPTURE(value);
    CHECK(with("min_frequency", value).starts_with("invalid model: recipe.min_frequency "));
  }
  CHECK(with("min_frequency", 1.5) ==
        "invalid model: recipe.min_frequency is not a whole count >= 1 or a fraction in (0, 1)");
  CHECK(with("max_categories", 1) == "invalid model: recipe.max_categories is less than 2");
  CHECK(with("max_categories", 2.5) ==
        "invalid model: recipe.max_categories is not a non-negative integer");
}

TEST_CASE("metadata: training statistics survive the file, and malformed ones are refused") {
  const auto m = logistic_cv();
  REQUIRE(m.training_stats.columns.size() == 3);
  const auto back = reload(mlctl::model::to_container(m));
  CHECK(back.training_stats == m.training_stats);
  const auto* x = back.training_stats.find("x");
  REQUIRE(x != nullptr);
  REQUIRE(x->numeric.has_value());
  CHECK(x->numeric->bin_shares.size() == x->numeric->bin_edges.size() + 1);
  CHECK(back.training_stats.find("nope") == nullptr);
  // A model built by hand has none, and writes {} as before.
  CHECK(mlctl::model::to_json(mlctl::model::TrainingStats{}) == json::object());

  const Container good = mlctl::model::to_container(m);
  const auto with = [&](const json::json_pointer& at, const json& value) {
    Container c = good;
    c.metadata[at] = value;
    return refusal(c);
  };
  using P = json::json_pointer;
  CHECK(with(P("/training_stats/rows"), "40") ==
        "invalid model: training_stats.rows is not a non-negative integer");
  CHECK(with(P("/training_stats/columns/0/type"), "text") ==
        "invalid model: training_stats.columns[0].type is not numeric or categorical (\"text\")");
  CHECK(with(P("/training_stats/columns/0/mean"), "1") ==
        "invalid model: training_stats.columns[0].mean is not a number");
  CHECK(with(P("/training_stats/columns/0/bin_shares"), json::array({1.0})) ==
        "invalid model: training_stats.columns[0].bin_shares does not have one share more than "
        "bin_edges has edges");
  CHECK(with(P("/training_stats/columns/0/quantiles/q50"), nullptr) ==
        "invalid model: training_stats.columns[0].quantiles.q50 is not a number");
  CHECK(with(P("/training_stats/columns"), json::object()) ==
        "invalid model: training_stats.columns is not an array");
  Container c = good;
  c.metadata.erase("training_stats");
  CHECK(refusal(c) == "invalid model: no \"training_stats\" in the metadata");
}

TEST_CASE("metadata: a malformed data fingerprint or lineage is refused, naming the field") {
  mlctl::model::Model m = ridge();
  mlctl::model::Ancestor parent;
  parent.id = "0123456789abcdef";
  parent.data = m.data;
  m.provenance.lineage.push_back(parent);
  const Container good = mlctl::model::to_container(m);
  const mlctl::model::Model back = reload(good);
  REQUIRE(back.provenance.lineage.size() == 1);
  CHECK(back.provenance.lineage[0].id == parent.id);
  CHECK(back.provenance.lineage[0].data.hash == m.data.hash);
  CHECK(back.data.source == m.data.source);
  CHECK(back.data.bytes == m.data.bytes);
  CHECK(back.data.rows == m.data.rows);
  CHECK(back.data.hash == m.data.hash);
  const auto with = [&](const json::json_pointer& at, const json& value) {
    Container c = good;
    c.metadata[at] = value;
    return refusal(c);
  };
  using P = json::json_pointer;
  CHECK(with(P("/data/bytes"), "many") ==
        "invalid model: data.bytes is not a non-negative integer");
  CHECK(with(P("/data/xxh3"), "xyz") == "invalid model: data.xxh3 is not 16 hex digits");
  CHECK(with(P("/provenance/lineage/0/forced"), 1) ==
        "invalid model: provenance.lineage[0].forced is not true or false");
  CHECK(with(P("/provenance/lineage/0/data/rows"), -3) ==
        "invalid model: provenance.lineage[0].data.rows is not a non-negative integer");
}
