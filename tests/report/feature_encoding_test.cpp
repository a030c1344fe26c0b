// How the model cards describe an input column's encoding: numeric, one-hot (with missing and
// infrequent columns, at most 8 levels listed) and hashed.

#include <doctest/doctest.h>

#include "report/card_test_support.hpp"
#include "report/feature_encoding.hpp"

using namespace mlctl;
using mlctl::report::feature_encoding;

TEST_CASE("feature_encoding: numeric, with its imputation and scaling") {
  pipeline::PipelineOptions options;
  options.impute = pipeline::Imputation::median;
  options.scale = pipeline::Scaling::minmax;
  pipeline::Feature x = report::testing::numeric_feature("x", 0.5, 4);
  x.fill = 1.5;
  CHECK(feature_encoding(x, options) ==
        "numeric: missing -> median 1.5; minmax scaling (center 0.5, scale 4)");
}

TEST_CASE("feature_encoding: one-hot levels, the first 8 listed, missing and infrequent") {
  pipeline::Feature c =
      report::testing::categorical_feature("c", {"a", "b", "c", "d", "e", "f", "g", "h", "i"});
  CHECK(feature_encoding(c, {}) == "one-hot, 9 categories: a, b, c, d, e, f, g, h, ... (1 more)");
  c.categories = {"a", "b"};
  c.missing_category = true;
  c.infrequent = {"x", "y"};
  CHECK(feature_encoding(c, {}) == "one-hot, 2 categories + missing + infrequent (2 levels): a, b");
  c.missing_category = false;
  c.infrequent = {"x"};
  c.missing_infrequent = true;
  CHECK(feature_encoding(c, {}) ==
        "one-hot, 2 categories + infrequent (2 levels, missing values among them): a, b");
}

TEST_CASE("feature_encoding: hashed, with its collisions") {
  pipeline::Feature h = report::testing::categorical_feature("h", {});
  h.hash = pipeline::HashScheme{2, 7, 5, 2, 4};
  CHECK(feature_encoding(h, {}) ==
        "hashed into 2 buckets (xxh64, seed 7): 5 levels in 2 buckets, 4 share a bucket");
  h.missing_category = true;
  CHECK(feature_encoding(h, {}).ends_with("; + missing"));
}
