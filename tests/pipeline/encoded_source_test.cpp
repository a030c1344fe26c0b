// EncodedSource: the solvers' block view of selected table rows, with aligned targets and
// weights; one-hot blocks and the binary logistic loss over them.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "pipeline/encoded_source.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "solvers/logistic.hpp"
#include "solvers/logistic_loss.hpp"
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

namespace {

// A table with a numeric feature (some missing), a categorical one with missing values and one
// whose last label the pipeline never sees (fitted on the first rows only).
Table mixed_table(int rows) {
  std::string csv = "x,c,d,y\n";
  for (int i = 0; i < rows; ++i) {
    const char* c = i % 7 == 3 ? "NA" : (i % 3 == 0 ? "a" : (i % 3 == 1 ? "b" : "c"));
    const char* d = i >= rows - 5 ? "late" : (i % 5 < 2 ? "u" : "v");
    csv += (i % 11 == 4 ? std::string("NA") : std::to_string(0.37 * i - 11)) + "," + c + "," + d +
           "," + std::to_string((i * 7919) % 3 == 0 ? 1 : 0) + "\n";
  }
  return table_of(csv);
}

double expected_scaled(const FeaturePipeline& p, std::size_t feature, double v) {
  const auto& f = p.features()[feature];
  return (v - f.center) / f.scale;
}

}  // namespace

TEST_CASE("encoded source: stored one-hot blocks are aligned views equal to streamed ones") {
  const Table t = mixed_table(300);
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x", "c", "d"}, all_rows(300), {});
  const TableEncoder encoder(p, t);
  const std::vector<std::size_t> rows = all_rows(299);  // blocks of 64, the last of 43 rows
  const std::vector<double> targets(300, 1.0);
  std::vector<double> weights(300);
  for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = 0.25 * static_cast<double>(i);
  const EncodedSource stored(encoder, p, rows, targets, weights,
                             {64, 2, std::size_t{1} << 30, true});
  const EncodedSource streamed(encoder, p, rows, targets, weights, {64, 2, 0, true});
  REQUIRE(stored.in_memory());
  REQUIRE_FALSE(streamed.in_memory());
  const auto aligned = [](const void* data) {
    return reinterpret_cast<std::uintptr_t>(data) % EIGEN_MAX_ALIGN_BYTES == 0;
  };
  const void* previous_end = nullptr;
  for (std::size_t b = 0; b < stored.block_count(); ++b) {
    CAPTURE(b);
    mlctl::solvers::OneHotBlock scratch_a;
    mlctl::solvers::OneHotBlock scratch_b;
    const mlctl::solvers::OneHotView kept = stored.one_hot_block(b, scratch_a);
    const mlctl::solvers::OneHotView made = streamed.one_hot_block(b, scratch_b);
    // Stored: not in the scratch block, each array aligned as Eigen's, blocks side by side.
    CHECK(kept.dense.data() != scratch_a.dense.data());
    CHECK(scratch_a.dense.size() == 0);
    CHECK(aligned(kept.dense.data()));
    CHECK(aligned(kept.active.data()));
    CHECK(aligned(kept.y.data()));
    CHECK(aligned(kept.w.data()));
    if (previous_end != nullptr) CHECK(static_cast<const void*>(kept.dense.data()) >= previous_end);
    previous_end = kept.w.data() + kept.w.size();
    CHECK(kept.dense.rows() == (b + 1 < stored.block_count() ? 64 : 43));
    CHECK(Eigen::MatrixXd(kept.dense) == Eigen::MatrixXd(made.dense));  // bit for bit
    CHECK(mlctl::solvers::ActiveColumns(kept.active) == mlctl::solvers::ActiveColumns(made.active));
    CHECK(Eigen::VectorXd(kept.y) == Eigen::VectorXd(made.y));
    CHECK(Eigen::VectorXd(kept.w) == Eigen::VectorXd(made.w));
    CHECK(kept.w(1) == weights[b * 64 + 1]);
  }
}

TEST_CASE("encoded source: one-hot blocks, stored or streamed, expand to the dense blocks") {
  const Table t = mixed_table(300);
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x", "c", "d"}, all_rows(290), {});
  const TableEncoder encoder(p, t);
  std::vector<std::size_t> rows = all_rows(300);
  std::swap(rows[0], rows[299]);  // out of order, and an unseen "late" in the first block
  const std::vector<double> targets(300, 1.0);
  std::vector<double> weights(300);
  for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = 0.5 + static_cast<double>(i % 4);
  const EncodedSource dense(encoder, p, rows, targets, weights, {64, 1});
  CHECK(dense.one_hot_layout() == nullptr);
  for (const std::size_t budget : {std::size_t{0}, std::size_t{1} << 30}) {
    CAPTURE(budget);
    const EncodedSource one_hot(encoder, p, rows, targets, weights, {64, 2, budget, true});
    CHECK(one_hot.in_memory() == (budget > 0));
    REQUIRE(one_hot.one_hot_layout() != nullptr);
    CHECK(one_hot.one_hot_layout()->dense == std::vector<Eigen::Index>{0});  // x
    CHECK(one_hot.one_hot_layout()->groups == 2);
    REQUIRE(one_hot.block_count() == dense.block_count());
    for (std::size_t b = 0; b < dense.block_count(); ++b) {
      mlctl::solvers::Block scratch_a;
      mlctl::solvers::Block scratch_b;
      const auto& expected = dense.block(b, scratch_a);
      const auto& expanded = one_hot.block(b, scratch_b);
      CHECK(expanded.X == expected.X);  // bit for bit: the same values, placed
      CHECK(expanded.y == expected.y);
      CHECK(expanded.w == expected.w);
    }
    mlctl::solvers::OneHotBlock scratch;
    const auto& first = one_hot.one_hot_block(0, scratch);
    // Row 299: x scaled, c "c" (column 3), d "late", unseen (-1). Row 3: c missing
    // (column 4, its own), d "v" (column 6).
    CHECK(first.active(0, 0) == 3);
    CHECK(first.active(0, 1) == -1);
    CHECK(first.active(3, 0) == 4);
    CHECK(first.active(3, 1) == 6);
    CHECK(first.dense(0, 0) == expected_scaled(p, 0, t.column("x").numbers[299]));
  }
  // Only numeric features: nothing to index, no layout.
  const FeaturePipeline numeric = FeaturePipeline::fit(t, {"x"}, all_rows(300), {});
  const TableEncoder numeric_encoder(numeric, t);
  const EncodedSource plain(numeric_encoder, numeric, rows, targets, weights,
                            {64, 1, 1 << 20, true});
  CHECK(plain.one_hot_layout() == nullptr);
  mlctl::solvers::OneHotBlock scratch;
  CHECK_THROWS_AS((void)plain.one_hot_block(0, scratch), mlctl::Error);
}

TEST_CASE("encoded source: the binary logistic loss reads one-hot blocks as the dense ones") {
  const Table t = mixed_table(3000);
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x", "c", "d"}, all_rows(2990), {});
  const TableEncoder encoder(p, t);
  const std::vector<std::size_t> rows = all_rows(3000);
  const auto& y_column = t.column("y").numbers;
  const std::vector<double> targets(y_column.begin(), y_column.end());
  std::vector<double> weights(3000);
  for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 + static_cast<double>(i % 3);
  const EncodedSource dense(encoder, p, rows, targets, weights, {256, 2});
  const EncodedSource one_hot(encoder, p, rows, targets, weights, {256, 2, 1 << 30, true});
  REQUIRE(one_hot.one_hot_layout() != nullptr);
  const mlctl::solvers::BinaryLogisticLoss dense_loss(dense, 0.5);
  const mlctl::solvers::BinaryLogisticLoss one_hot_loss(one_hot, 0.5);
  Eigen::VectorXd x(dense_loss.dimension());
  for (Eigen::Index k = 0; k < x.size(); ++k) x(k) = 0.3 * std::sin(1.7 * static_cast<double>(k));
  Eigen::VectorXd g_dense, g_one_hot;
  Eigen::MatrixXd h_dense, h_one_hot;
  const double v_dense = dense_loss.value_gradient_hessian(x, g_dense, h_dense);
  const double v_one_hot = one_hot_loss.value_gradient_hessian(x, g_one_hot, h_one_hot);
  CHECK(v_one_hot == doctest::Approx(v_dense).epsilon(1e-13));
  CHECK((g_one_hot - g_dense).lpNorm<Eigen::Infinity>() <=
        1e-10 * g_dense.lpNorm<Eigen::Infinity>());
  CHECK((h_one_hot - h_dense).lpNorm<Eigen::Infinity>() <=
        1e-12 * h_dense.lpNorm<Eigen::Infinity>());
  // And the minimum: the same model from either source.
  mlctl::solvers::LogisticOptions options;
  options.alpha = 0.5;
  const auto from_dense = mlctl::solvers::fit_logistic(dense, options);
  const auto from_one_hot = mlctl::solvers::fit_logistic(one_hot, options);
  CHECK((from_one_hot.coef - from_dense.coef).lpNorm<Eigen::Infinity>() < 1e-10);
  CHECK(std::abs(from_one_hot.intercept(0) - from_dense.intercept(0)) < 1e-10);
}
