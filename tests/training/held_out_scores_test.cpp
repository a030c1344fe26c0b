// Scores of wide pipelines come from one-hot rows (training/held_out_scores.hpp): the same
// numbers as the dense design's, which narrow pipelines keep using.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "solvers/linear_model.hpp"
#include "table/table_test_support.hpp"
#include "training/held_out_scores.hpp"

namespace {

using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::TableEncoder;
using mlctl::solvers::LinearModel;
using mlctl::table::testing::all_rows;
using mlctl::table::testing::table_of;

// `rows` rows: x numeric, shop with `shops` levels (a few missing), z numeric.
std::string shops_csv(int rows, int shops) {
  std::string csv = "x,shop,z\n";
  for (int i = 0; i < rows; ++i) {
    csv += std::to_string((i * 37) % 101 - 50) + ",";
    if (i % 97 != 5) csv += "s" + std::to_string((i * 7919) % shops);
    csv += "," + std::to_string((i * 53) % 29) + ".5\n";
  }
  return csv;
}

// A model with `outputs` outputs and distinct coefficients over `width` columns.
LinearModel model_of(Eigen::Index outputs, Eigen::Index width) {
  LinearModel m;
  m.coef.resize(outputs, width);
  for (Eigen::Index k = 0; k < outputs; ++k) {
    for (Eigen::Index j = 0; j < width; ++j)
      m.coef(k, j) = std::sin(static_cast<double>(3 * j + k));
  }
  m.intercept = Eigen::VectorXd::LinSpaced(outputs, 0.5, -0.5);
  return m;
}

}  // namespace

TEST_CASE("held-out scores: one-hot rows only for wide pipelines with a categorical feature") {
  const auto narrow = table_of(shops_csv(600, 50));
  const auto rows = all_rows(narrow.rows());
  CHECK_FALSE(mlctl::training::scores_from_one_hot(
      FeaturePipeline::fit(narrow, {"x", "shop", "z"}, rows, {})));
  const auto wide = table_of(shops_csv(6000, 1500));
  const auto wide_rows = all_rows(wide.rows());
  const FeaturePipeline pipeline = FeaturePipeline::fit(wide, {"x", "shop", "z"}, wide_rows, {});
  REQUIRE(pipeline.width() > mlctl::training::kWideColumns);
  CHECK(mlctl::training::scores_from_one_hot(pipeline));
}

TEST_CASE("held-out scores of a wide pipeline equal the dense design's, shuffled or not") {
  const auto table = table_of(shops_csv(6000, 1500));
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (r % 5 != 0) rows.push_back(r);
  }
  const FeaturePipeline pipeline = FeaturePipeline::fit(table, {"x", "shop", "z"}, rows, {});
  REQUIRE(mlctl::training::scores_from_one_hot(pipeline));
  Eigen::MatrixXd X;
  TableEncoder(pipeline, table).encode(rows, X);
  for (const Eigen::Index outputs : {1, 3}) {
    CAPTURE(outputs);
    const LinearModel model = model_of(outputs, X.cols());
    const Eigen::MatrixXd dense = mlctl::solvers::decision_function(model, X);
    const Eigen::MatrixXd scores = mlctl::training::scores_of_rows(pipeline, model, table, rows);
    CHECK((scores - dense).cwiseAbs().maxCoeff() < 1e-12);

    const mlctl::training::ShuffledScores design(pipeline, model, table, rows);
    CHECK((design.scores() - dense).cwiseAbs().maxCoeff() < 1e-12);
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = (i * 31 + 7) % order.size();
    for (std::size_t feature = 0; feature < 3; ++feature) {
      CAPTURE(feature);
      const auto begin = static_cast<Eigen::Index>(pipeline.offset(feature));
      const auto width = static_cast<Eigen::Index>(pipeline.features()[feature].width());
      Eigen::MatrixXd shuffled = X;
      for (Eigen::Index i = 0; i < X.rows(); ++i) {
        shuffled.block(i, begin, 1, width) =
            X.block(static_cast<Eigen::Index>(order[static_cast<std::size_t>(i)]), begin, 1, width);
      }
      const Eigen::MatrixXd expected = mlctl::solvers::decision_function(model, shuffled);
      CHECK((design.shuffled(feature, order) - expected).cwiseAbs().maxCoeff() < 1e-12);
    }
  }
}

namespace {

// `rows` rows of `columns` numeric columns c0, c1, ... with varied values.
std::string numbers_csv(int rows, int columns) {
  std::string csv;
  for (int j = 0; j < columns; ++j) csv += (j == 0 ? "c" : ",c") + std::to_string(j);
  csv += "\n";
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < columns; ++j) {
      csv += (j == 0 ? "" : ",") + std::to_string(std::sin(i * 0.37 + j * 1.3) * (j + 1) * 17.1);
    }
    csv += "\n";
  }
  return csv;
}

// score_blocks' blocks put together, rows x outputs.
Eigen::MatrixXd blocks_of(const FeaturePipeline& pipeline, const LinearModel& model,
                          const mlctl::table::Table& table, const std::vector<std::size_t>& rows) {
  Eigen::MatrixXd all(static_cast<Eigen::Index>(rows.size()), model.coef.rows());
  std::size_t expected_first = 0;
  mlctl::training::score_blocks(
      pipeline, model, table, rows, [&](std::size_t first, const Eigen::MatrixXd& scores) {
        CHECK(first == expected_first);
        const auto n = std::min(mlctl::training::kScoreRows, rows.size() - first);
        CHECK(scores.rows() >= static_cast<Eigen::Index>(n));
        all.middleRows(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(n)) =
            scores.topRows(static_cast<Eigen::Index>(n));
        expected_first += n;
      });
  CHECK(expected_first == rows.size());
  return all;
}

}  // namespace

TEST_CASE("held-out scores by blocks: the same bits as every row at once") {
  const int n = 3 * static_cast<int>(mlctl::training::kScoreRows) + 123;
  for (const int columns : {3, 20, 150}) {
    CAPTURE(columns);
    const auto table = table_of(numbers_csv(n, columns));
    std::vector<std::string> names;
    for (int j = 0; j < columns; ++j) names.push_back("c" + std::to_string(j));
    const auto rows = all_rows(table.rows());
    const FeaturePipeline pipeline = FeaturePipeline::fit(table, names, rows, {});
    for (const Eigen::Index outputs : {1, 3}) {
      CAPTURE(outputs);
      const LinearModel model = model_of(outputs, static_cast<Eigen::Index>(pipeline.width()));
      for (const std::size_t count : {std::size_t{100}, rows.size()}) {
        CAPTURE(count);
        const std::vector<std::size_t> some(rows.begin(), rows.begin() + count);
        const Eigen::MatrixXd whole = mlctl::training::scores_of_rows(pipeline, model, table, some);
        const Eigen::MatrixXd blocks = blocks_of(pipeline, model, table, some);
        CHECK(whole.cwiseEqual(blocks).all());
      }
    }
  }
  // Wide pipelines score blocks of one-hot rows either way.
  const auto wide = table_of(shops_csv(6000, 1500));
  const auto rows = all_rows(wide.rows());
  const FeaturePipeline pipeline = FeaturePipeline::fit(wide, {"x", "shop", "z"}, rows, {});
  REQUIRE(mlctl::training::scores_from_one_hot(pipeline));
  const LinearModel model = model_of(3, static_cast<Eigen::Index>(pipeline.width()));
  CHECK(mlctl::training::scores_of_rows(pipeline, model, wide, rows)
            .cwiseEqual(blocks_of(pipeline, model, wide, rows))
            .all());
}
