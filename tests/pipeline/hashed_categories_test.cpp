// --hash-buckets: the bucket rule (pinned to values computed by the independent XXH64 of
// tests/fixtures/hashing/make_reference.py), the flag's parsing, the collision counts, and a
// hashed feature through FeaturePipeline, CategoryIndex and TableEncoder.

#include "pipeline/hashed_categories.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "pipeline/category_index.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "table/table_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::pipeline::CategoryIndex;
using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::hash_bucket;
using mlctl::pipeline::HashingOptions;
using mlctl::pipeline::HashScheme;
using mlctl::pipeline::parse_hashing;
using mlctl::pipeline::PipelineOptions;
using mlctl::pipeline::TableEncoder;
using mlctl::table::testing::all_rows;
using mlctl::table::testing::check_matrix;
using mlctl::table::testing::table_of;

namespace {

// The Error(usage) message `run` throws; fails the test if it throws none.
template <typename Run>
std::string usage_error(Run run) {
  try {
    run();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.message();
  }
  FAIL("no error");
  return {};
}

PipelineOptions hashed(std::vector<std::string> values, std::uint64_t seed = 0) {
  PipelineOptions options;
  options.hashing = parse_hashing(values, seed);
  return options;
}

}  // namespace

TEST_CASE("hashing: a value's bucket is XXH64 of its bytes with the seed, mod B") {
  // XXH64("North_Ames", 0) = 0x1018ba513ca0da71.
  CHECK(hash_bucket("North_Ames", 0, 1048576) == 0x1018ba513ca0da71ULL % 1048576);
  CHECK(hash_bucket("North_Ames", 0, 1048576) == 55921);
  CHECK(hash_bucket("North_Ames", 0, 16) == 1);
  CHECK(hash_bucket("North_Ames", 42, 1ULL << 20) == 0x32934e47850d822cULL % (1ULL << 20));
  CHECK(hash_bucket("anything", 7, 1) == 0);
  const std::vector<std::pair<std::string, std::uint64_t>> seed0 = {
      {"a", 3}, {"b", 3}, {"c", 1}, {"d", 0}, {"e", 0}, {"f", 1}, {"g", 2}, {"h", 3}};
  for (const auto& [value, bucket] : seed0) {
    CAPTURE(value);
    CHECK(hash_bucket(value, 0, 4) == bucket);
  }
  CHECK(hash_bucket("a", 1, 4) == 2);  // the seed changes the buckets
}

TEST_CASE("hashing: --hash-buckets parses B for all columns and COL=B for one") {
  const HashingOptions o = parse_hashing({"64", "city=8", "a=b=1048576"}, 5);
  CHECK(o.enabled());
  CHECK(o.all_buckets == 64);
  CHECK(o.seed == 5);
  CHECK(o.buckets_for("city") == 8);
  CHECK(o.buckets_for("a=b") == 1048576);  // the last '=' splits
  CHECK(o.buckets_for("other") == 64);
  const HashingOptions one = parse_hashing({"city=8"}, 0);
  CHECK(one.buckets_for("other") == 0);
  CHECK_FALSE(parse_hashing({}, 0).enabled());
}

TEST_CASE("hashing: a bad --hash-buckets value is a usage error") {
  const std::string range = "the bucket count must be a whole number from 1 to 1048576";
  for (const std::string bad : {"0", "-3", "+3", "1048577", "1e3", " 8", "8 ", "", "x", "c=", "c=0",
                                "c=99999999999999999999"}) {
    CAPTURE(bad);
    CHECK(usage_error([&] { parse_hashing({bad}, 0); }) ==
          "--hash-buckets \"" + bad + "\": " + range);
  }
  CHECK(usage_error([] { parse_hashing({"=8"}, 0); }) ==
        "--hash-buckets \"=8\": no column before '='");
  CHECK(usage_error([] {
          parse_hashing({"8", "16"}, 0);
        }) == "--hash-buckets given twice for every categorical column (8 and 16)");
  CHECK(usage_error([] {
          parse_hashing({"c=8", "c=8"}, 0);
        }) == "--hash-buckets given twice for column \"c\"");
}

TEST_CASE("hashing: the named columns must be categorical input columns") {
  const std::vector<std::string> features = {"x", "c"};
  const std::vector<bool> numeric = {true, false};
  mlctl::pipeline::check_hashed_columns(parse_hashing({"c=4", "9"}, 0), features, numeric);
  CHECK(usage_error([&] {
          mlctl::pipeline::check_hashed_columns(parse_hashing({"x=4"}, 0), features, numeric);
        }) == "--hash-buckets names \"x\", a numeric column: only categorical columns are hashed");
  CHECK(usage_error([&] {
          mlctl::pipeline::check_hashed_columns(parse_hashing({"y=4"}, 0), features, numeric);
        }) == "--hash-buckets names \"y\", which is not an input column of the model");
  // Through fit, as train and retrain meet it.
  const auto t = table_of("x,c\n1,a\n2,b\n");
  CHECK(usage_error([&] {
          FeaturePipeline::fit(t, {"x", "c"}, all_rows(2), hashed({"x=2"}));
        }) == "--hash-buckets names \"x\", a numeric column: only categorical columns are hashed");
}

TEST_CASE("hashing: collisions are counted over the distinct levels") {
  // Seed 0, 4 buckets: a 3, b 3, c 1, d 0, g 2.
  const std::vector<std::string_view> levels = {"a", "b", "c", "d", "g"};
  HashScheme s = mlctl::pipeline::hash_levels(levels, 4, 0);
  CHECK(s == HashScheme{4, 0, 5, 4, 2});
  // Seed 1: a 2, b 0, c 1, d 0, g 1: {b, d} and {c, g} share.
  s = mlctl::pipeline::hash_levels(levels, 4, 1);
  CHECK(s == HashScheme{4, 1, 5, 3, 4});
  CHECK(mlctl::pipeline::hash_levels({}, 4, 1) == HashScheme{4, 1, 0, 0, 0});
  CHECK(mlctl::pipeline::hash_summary(s) ==
        "4 buckets (xxh64, seed 1): 5 levels in 3 buckets, 4 share a bucket");
  CHECK(mlctl::pipeline::hash_summary({1, 0, 1, 1, 0}) ==
        "1 bucket (xxh64, seed 0): 1 level in 1 bucket, 0 share a bucket");
}

TEST_CASE("hashing: a hashed feature encodes into its buckets, the missing column last") {
  // Fitted on the first five rows: a, b and c (buckets 3, 3, 1 of 4), and a missing value.
  const auto t = table_of("c,x\na,1\nb,2\nc,3\nNA,4\nc,5\nz,6\n");
  const std::vector<std::size_t> fitted = {0, 1, 2, 3, 4};
  const FeaturePipeline p = FeaturePipeline::fit(t, {"c", "x"}, fitted, hashed({"c=4"}));
  const auto& f = p.features()[0];
  REQUIRE(f.hash.has_value());
  CHECK(*f.hash == HashScheme{4, 0, 3, 2, 2});
  CHECK(f.categories.empty());
  CHECK(f.missing_category);
  CHECK(f.width() == 5);
  CHECK(p.width() == 6);
  CHECK(p.encoded_names() ==
        std::vector<std::string>{"c=#0", "c=#1", "c=#2", "c=#3", "c=<missing>", "x"});
  // No vocabulary: a value training never saw ("z", bucket 0) sets its bucket and is not unseen.
  const CategoryIndex index(f);
  CHECK(index.match("z").column == 0);
  CHECK(index.match("z").seen);
  CHECK(index.match("a").column == 3);
  CHECK(index.missing_column() == 4);
  const TableEncoder encoder(p, t);
  Eigen::MatrixXd X;
  encoder.encode(std::vector<std::size_t>{0, 2, 3, 5}, X);
  X.col(5).setZero();  // the numeric column is pipeline_test's business
  check_matrix(X, {{0, 0, 0, 1, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 0}, {1, 0, 0, 0, 0, 0}});
}

TEST_CASE("hashing: B for all hashes every categorical column, COL=B overrides it") {
  const auto t = table_of("c,d,x\na,g,1\nb,h,2\n");
  const FeaturePipeline p =
      FeaturePipeline::fit(t, {"c", "d", "x"}, all_rows(2), hashed({"2", "d=3"}, 1));
  CHECK(p.features()[0].hash->buckets == 2);
  CHECK(p.features()[0].hash->seed == 1);
  CHECK(p.features()[1].hash->buckets == 3);
  CHECK_FALSE(p.features()[2].hash.has_value());
  CHECK(p.width() == 6);
  // Off by default: one column per level.
  CHECK_FALSE(FeaturePipeline::fit(t, {"c"}, all_rows(2), {}).features()[0].hash.has_value());
}
