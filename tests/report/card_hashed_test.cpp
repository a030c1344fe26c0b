// The model card of a model with a hashed feature (train --hash-buckets): the text and JSON show
// the scheme and its collisions, and the coefficient chart keeps each column's own factor
// although the feature lists no categories.

#include <set>
#include <string>

#include <doctest/doctest.h>

#include "report/card_charts.hpp"
#include "report/card_json.hpp"
#include "report/card_test_support.hpp"
#include "report/card_text.hpp"

namespace mlctl::report {
namespace {

// h hashed into 2 buckets (+ missing), then x (minmax scaling over 4, std 2).
model::Model hashed_model() {
  model::Model m = testing::small_ridge();
  pipeline::Feature h = testing::categorical_feature("h", {});
  h.hash = pipeline::HashScheme{2, 7, 5, 2, 4};
  h.missing_category = true;
  pipeline::PipelineOptions options;
  options.scale = pipeline::Scaling::minmax;
  m.pipeline = pipeline::FeaturePipeline(options, {h, testing::numeric_feature("x", 0, 4)});
  m.linear.coef = Eigen::MatrixXd{{0.5, 0.25, 0.125, 3.0}};
  m.training_stats = {8, {testing::numeric_stats("x", 2, 2, 0, 4)}};
  return m;
}

}  // namespace

TEST_CASE("model card: a hashed feature shows its buckets and collisions") {
  const model::Model m = hashed_model();
  CHECK(model_card_text(m, "h.mlm")
            .find("  h     hashed into 2 buckets (xxh64, seed 7): 5 levels "
                  "in 2 buckets, 4 share a bucket; + missing\n") != std::string::npos);
  const auto j = model_card_json(m, "h.mlm");
  const auto& h = j["features"][0];
  CHECK_FALSE(h.contains("categories"));
  CHECK(h["hash"]["buckets"] == 2);
  CHECK(h["hash"]["colliding_levels"] == 4);
  CHECK(h["missing_category"] == true);
  std::set<std::string> names;
  for (const auto& c : j["coefficients"]) names.insert(c["feature"].get<std::string>());
  CHECK(names == std::set<std::string>{"h=#0", "h=#1", "h=<missing>", "x"});
}

TEST_CASE("coefficient_cards: the factors line up after a hashed feature") {
  // x's coefficient 3 over a minmax range of 4 with std 2 is 1.5 per std; the buckets keep 0.5.
  const std::string card = coefficient_cards(hashed_model());
  CHECK(card.find(">h=#0<") != std::string::npos);
  CHECK(card.find(">1.5</text>") != std::string::npos);
  CHECK(card.find(">0.5</text>") != std::string::npos);
}

}  // namespace mlctl::report
