// The JSON card `describe --json MODEL` prints: its keys in the documented order, exact values.

#include <doctest/doctest.h>

#include "report/card_json.hpp"
#include "report/card_test_support.hpp"

using namespace mlctl;
using namespace mlctl::report;

TEST_CASE("JSON card: the keys in order and the model's values") {
  const auto j = model_card_json(testing::small_ridge(), "toy.mlm");
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"kind", "path", "provenance", "algorithm", "alpha",
                                         "target", "classes", "recipe", "data", "reading",
                                         "features", "outputs", "intercept", "coefficients",
                                         "evaluation", "conformal_residuals", "training_stats"});
  CHECK(j["kind"] == "model");
  CHECK(j["path"] == "toy.mlm");
  CHECK(
      j["provenance"].dump() ==
      R"({"id":"00000000000000aa","parent_id":"","forced":false,"created":"2026-12-06T00:00:00Z",)"
      R"("mlctl_version":"0.1.0","lineage":[]})");
  CHECK(j["reading"].dump() ==
        R"({"delimiter":",","decimal":".","header":true,"columns":[],"trim":false,"na":[],)"
        R"("categorical":[],"numeric":[]})");
  CHECK(j["features"].dump() ==
        R"([{"name":"x","type":"numeric","impute":"mean","fill":2.5,"scale":"standard",)"
        R"("center":2.5,"divisor":1.25},{"name":"c","type":"categorical","categories":["a","b"],)"
        R"("missing_category":true}])");
  CHECK(j["outputs"].dump() == R"(["y"])");
  CHECK(j["intercept"].dump() == "[10.0]");
  CHECK(j["coefficients"].dump() ==
        R"([{"feature":"x","values":[2.0]},{"feature":"c=a","values":[-0.5]},)"
        R"({"feature":"c=b","values":[0.25]},{"feature":"c=<missing>","values":[0.0]}])");
  CHECK(j["evaluation"]["method"] == "holdout");
  CHECK(j["conformal_residuals"] == 2);
  CHECK(j["training_stats"]["rows"] == 8);
}

TEST_CASE("JSON card: no reading for a format 1.0 file, the lineage of a retrained model") {
  const auto j = model_card_json(testing::small_classifier(), "c.mlm");
  CHECK_FALSE(j.contains("reading"));
  CHECK(j["classes"].dump() == R"(["no","yes"])");
  CHECK(j["outputs"].dump() == R"(["log-odds of yes"])");
  CHECK(j["provenance"]["forced"] == true);
  CHECK(j["provenance"]["lineage"].dump() ==
        R"([{"id":"00000000000000b1","parent_id":"","created":"2026-12-01T00:00:00Z",)"
        R"("forced":false,"data":{"source":"old.csv","rows":2,"bytes":16,)"
        R"("xxh3":"0000000000000001"}}])");
}

TEST_CASE("JSON card: every coefficient of a wide model, largest first") {
  const auto j = model_card_json(testing::wide_ridge(1200), "wide.mlm");
  REQUIRE(j["coefficients"].size() == 1201);
  CHECK(j["coefficients"][0]["feature"] == "c=L1199");
  CHECK(j["coefficients"][1200]["feature"] == "x");  // 0.5, the smallest
}
