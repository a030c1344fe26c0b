// The recipe as the model stores it (record_of, recipe_of, through its JSON form), and the
// columns a recipe reads.

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "model/metadata_json.hpp"
#include "training/recipe.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::model::Algorithm;
using mlctl::model::to_json;
using mlctl::training::Recipe;
using mlctl::training::testing::recipe_for;

TEST_CASE("recipe: the recipe survives its JSON form") {
  Recipe r = recipe_for("y");
  r.features = {"b", "a"};
  r.exclude = {"z"};
  r.algorithm = Algorithm::logistic;
  r.alphas = {0.5, 2.0};
  r.pipeline.impute = mlctl::pipeline::Imputation::median;
  r.pipeline.scale = mlctl::pipeline::Scaling::minmax;
  r.class_weight = mlctl::training::ClassWeight::balanced;
  r.holdout = 0.3;
  r.cv = 4;
  r.seed = 7;
  r.max_iterations = 50;
  const nlohmann::json j = to_json(mlctl::training::record_of(r));
  CHECK(j == nlohmann::json::parse(R"({"target": "y", "features": ["b", "a"], "exclude": ["z"],
        "algorithm": "logistic", "alphas": [0.5, 2.0], "impute": "median", "scale": "minmax",
        "class_weight": "balanced", "holdout": 0.3, "cv": 4, "seed": 7, "max_iter": 50})"));
  const Recipe back = mlctl::training::recipe_of(
      mlctl::model::recipe_from_json(mlctl::model::detail::JsonField(j, "recipe")));
  CHECK(to_json(mlctl::training::record_of(back)) == j);
  CHECK(back.algorithm == Algorithm::logistic);
  CHECK(back.seed == 7);

  const nlohmann::json automatic = to_json(mlctl::training::record_of(Recipe{}));
  CHECK(automatic.at("algorithm") == "auto");
  CHECK_FALSE(mlctl::model::recipe_from_json(mlctl::model::detail::JsonField(automatic, "recipe"))
                  .algorithm.has_value());
}

TEST_CASE("recipe: columns_to_read lists the features and the target once") {
  Recipe r = recipe_for("y");
  CHECK(mlctl::training::columns_to_read(r).empty());  // every column
  r.features = {"b", "a"};
  CHECK(mlctl::training::columns_to_read(r) == std::vector<std::string>{"b", "a", "y"});
  r.features = {"y", "a"};
  CHECK(mlctl::training::columns_to_read(r) == std::vector<std::string>{"y", "a"});
}
