// Keeping the encoded rows in memory is only a speed-up: the solvers see the same blocks as when
// every pass encodes them again, and the fitted model is bit-identical.

#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "pipeline/encoded_source.hpp"
#include "solvers/logistic.hpp"
#include "table/table.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer_test_support.hpp"

namespace {

using mlctl::pipeline::EncodedSource;
using mlctl::pipeline::EncodingOptions;
using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::TableEncoder;

}  // namespace

TEST_CASE("encoded source: in memory and streamed give the same blocks and the same fit") {
  const auto table =
      mlctl::table::testing::table_of(mlctl::training::testing::classification_csv(5000));
  std::vector<std::size_t> rows(table.rows());
  std::iota(rows.begin(), rows.end(), 0);
  const FeaturePipeline pipeline = FeaturePipeline::fit(table, {"x", "c"}, rows, {});
  const TableEncoder encoder(pipeline, table);
  std::vector<double> y(table.rows());
  const auto& target = table.column("y");
  for (std::size_t r = 0; r < y.size(); ++r) y[r] = target.text(r) == "yes" ? 1.0 : 0.0;

  const EncodedSource kept(encoder, pipeline, rows, y, {}, EncodingOptions{512, 2});
  const EncodedSource streamed(encoder, pipeline, rows, y, {}, EncodingOptions{512, 2, 0});
  CHECK(kept.in_memory());
  CHECK_FALSE(streamed.in_memory());
  REQUIRE(kept.block_count() == 10);
  REQUIRE(streamed.block_count() == 10);
  mlctl::solvers::Block scratch_a, scratch_b;
  for (std::size_t b = 0; b < kept.block_count(); ++b) {
    const auto& a = kept.block(b, scratch_a);
    const auto& s = streamed.block(b, scratch_b);
    CHECK(a.X == s.X);
    CHECK(a.y == s.y);
    CHECK(a.w == s.w);
  }
  mlctl::solvers::LogisticOptions options;
  const auto from_memory = mlctl::solvers::fit_logistic(kept, options);
  const auto from_stream = mlctl::solvers::fit_logistic(streamed, options);
  CHECK(from_memory.coef == from_stream.coef);
  CHECK(from_memory.intercept == from_stream.intercept);
  // A budget just below the encoded size streams.
  const std::size_t bytes = rows.size() * (pipeline.width() + 2) * 8;
  CHECK(EncodedSource(encoder, pipeline, rows, y, {}, EncodingOptions{512, 1, bytes}).in_memory());
  CHECK_FALSE(EncodedSource(encoder, pipeline, rows, y, {}, EncodingOptions{512, 1, bytes - 1})
                  .in_memory());
}
