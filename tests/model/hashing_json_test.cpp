// A hashed model through the model file: the feature's scheme and the recipe's hashing read back
// equal, malformed ones are refused naming the field, and models without hashing keep the keys
// they always had (so they stay byte-identical, and older files read as unhashed).

#include "model/hashing_json.hpp"

#include <string>

#include <doctest/doctest.h>

#include "container/container.hpp"
#include "model/model_file.hpp"
#include "model/model_file_test_support.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::container::Container;
using mlctl::model::testing::refusal;
using mlctl::model::testing::reload;
using nlohmann::json;

namespace {

// Ridge on regression_csv's x and c (3 levels), c hashed into `buckets` (0: not hashed).
mlctl::model::Model ridge(std::uint64_t buckets) {
  mlctl::training::Recipe recipe;
  recipe.target = "y";
  if (buckets != 0)
    recipe.pipeline.hashing = mlctl::pipeline::parse_hashing({"c=" + std::to_string(buckets)}, 9);
  mlctl::training::TrainReport report;
  return mlctl::training::train(
      mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(30)), recipe,
      report);
}

}  // namespace

TEST_CASE("hashing json: a hashed model reads back with its scheme and recipe") {
  const auto m = ridge(5);
  const auto& f = m.pipeline.features()[1];
  REQUIRE(f.hash.has_value());
  CHECK(f.hash->buckets == 5);
  CHECK(f.hash->seed == 9);
  CHECK(f.hash->levels == 3);
  CHECK(m.pipeline.width() == 6);
  const Container c = mlctl::model::to_container(m);
  const json& entry = c.metadata["pipeline"]["features"][1];
  CHECK_FALSE(entry.contains("categories"));  // older readers refuse rather than misread
  CHECK(entry["hash"]["function"] == "xxh64");
  CHECK(c.metadata["recipe"]["hashing"] ==
        json{{"buckets", 0}, {"columns", {{"c", 5}}}, {"seed", 9}});
  const auto back = reload(c);
  CHECK(back.pipeline.features()[1].hash == f.hash);
  CHECK(back.pipeline.width() == 6);
  CHECK(back.recipe == m.recipe);
  CHECK(back.recipe.hashing.buckets_for("c") == 5);
  CHECK(back.linear.coef == m.linear.coef);
}

TEST_CASE("hashing json: without hashing, no new key is written and none is needed") {
  const Container c = mlctl::model::to_container(ridge(0));
  CHECK_FALSE(c.metadata["recipe"].contains("hashing"));
  CHECK(c.metadata["pipeline"]["features"][1].contains("categories"));
  CHECK_FALSE(c.metadata["pipeline"]["features"][1].contains("hash"));
  const auto back = reload(c);
  CHECK_FALSE(back.recipe.hashing.enabled());
  CHECK_FALSE(back.pipeline.features()[1].hash.has_value());
}

TEST_CASE("hashing json: a malformed scheme or recipe is refused, naming the field") {
  const Container good = mlctl::model::to_container(ridge(5));
  const auto with_hash = [&](const char* key, const json& value) {
    Container c = good;
    c.metadata["pipeline"]["features"][1]["hash"][key] = value;
    return refusal(c);
  };
  const std::string at = "invalid model: pipeline.features[1].hash.";
  CHECK(with_hash("function", "md5") == at + "function is not \"xxh64\"");
  CHECK(with_hash("buckets", 0) == at + "buckets is not between 1 and 1048576");
  CHECK(with_hash("buckets", 1048577) == at + "buckets is not between 1 and 1048576");
  CHECK(with_hash("seed", -1) == at + "seed is not a non-negative integer");
  // More buckets than coefficients: the shapes disagree.
  CHECK(with_hash("buckets", 6).find("coefficients have shape [1, 6], expected [1, 7]") !=
        std::string::npos);
  const auto with_recipe = [&](const char* key, const json& value) {
    Container c = good;
    c.metadata["recipe"]["hashing"][key] = value;
    return refusal(c);
  };
  CHECK(with_recipe("columns", {{"c", 0}}) ==
        "invalid model: recipe.hashing.columns.c is not between 1 and 1048576");
  CHECK(with_recipe("buckets", "8") ==
        "invalid model: recipe.hashing.buckets is not a non-negative integer");
  Container c = good;
  c.metadata["pipeline"]["features"][1]["hash"].erase("levels");
  CHECK(refusal(c) == "invalid model: pipeline.features[1].hash has no \"levels\"");
}
