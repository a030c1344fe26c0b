// EncodedSource: the solvers' block view of selected table rows, with aligned targets and
// weights.

#include <cstddef>
#include <vector>

#include <doctest/doctest.h>

#include "pipeline/encoded_source.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "table/table_test_support.hpp"

using mlctl::pipeline::EncodedSource;
using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::TableEncoder;
using mlctl::table::Table;
using mlctl::table::testing::all_rows;
using mlctl::table::testing::rows_of;
using mlctl::table::testing::table_of;

namespace {

struct Visited {
  std::vector<Eigen::Index> block_sizes;
  std::vector<std::vector<double>> X;
  std::vector<double> y;
  std::vector<double> w;
};

Visited visit_all(const EncodedSource& source) {
  Visited v;
  source.for_each_block(
      [&](const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w) {
        REQUIRE(y.size() == X.rows());
        REQUIRE(w.size() == X.rows());
        v.block_sizes.push_back(X.rows());
        for (auto& r : rows_of(X)) v.X.push_back(r);
        for (Eigen::Index i = 0; i < y.size(); ++i) {
          v.y.push_back(y(i));
          v.w.push_back(w(i));
        }
      });
  return v;
}

}  // namespace

TEST_CASE("encoded source: blocks cover the selected rows once, in order, targets aligned") {
  const Table t = table_of("x,c\n1,a\n2,b\n3,a\n4,NA\n5,b\n6,c\n7,a\n");
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x", "c"}, all_rows(7), {});
  const TableEncoder encoder(p, t);
  const std::vector<std::size_t> rows = {5, 0, 3, 1, 4};
  const std::vector<double> targets = {10, 11, 12, 13, 14, 15, 16};
  const std::vector<double> weights = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5};

  Eigen::MatrixXd expected;
  encoder.encode(rows, expected);

  const EncodedSource source(encoder, p, rows, targets, weights, 2);
  CHECK(source.rows() == 5);
  CHECK(source.features() == 5);  // x, c=a, c=b, c=c, c=<missing>
  const Visited v = visit_all(source);
  CHECK(v.block_sizes == std::vector<Eigen::Index>{2, 2, 1});
  CHECK(v.X == rows_of(expected));
  CHECK(v.y == std::vector<double>{15, 10, 13, 11, 14});
  CHECK(v.w == std::vector<double>{5.5, 0.5, 3.5, 1.5, 4.5});

  // A second pass visits the same blocks (solvers make several).
  const Visited again = visit_all(source);
  CHECK(again.X == v.X);
  CHECK(again.y == v.y);
}

TEST_CASE("encoded source: no weights means weight 1, one block when the rows fit") {
  const Table t = table_of("x\n1\n2\n3\n");
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x"}, all_rows(3), {});
  const TableEncoder encoder(p, t);
  const std::vector<std::size_t> rows = {2, 1, 0};
  const std::vector<double> targets = {-1, -2, -3};
  const EncodedSource source(encoder, p, rows, targets);
  const Visited v = visit_all(source);
  CHECK(v.block_sizes == std::vector<Eigen::Index>{3});
  CHECK(v.y == std::vector<double>{-3, -2, -1});
  CHECK(v.w == std::vector<double>{1, 1, 1});
  // x = {1, 2, 3}: mean 2, population std sqrt(2/3).
  REQUIRE(v.X.size() == 3);
  CHECK(v.X[0][0] == doctest::Approx(1.224744871391589).epsilon(1e-15));
  CHECK(v.X[1][0] == 0.0);
  CHECK(v.X[2][0] == doctest::Approx(-1.224744871391589).epsilon(1e-15));
}

TEST_CASE("encoded source: no rows visits no block") {
  const Table t = table_of("x\n1\n2\n");
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x"}, all_rows(2), {});
  const TableEncoder encoder(p, t);
  const std::vector<double> targets = {1, 2};
  const EncodedSource source(encoder, p, std::span<const std::size_t>(), targets);
  CHECK(source.rows() == 0);
  CHECK(visit_all(source).block_sizes.empty());
}
