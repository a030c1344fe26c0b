// Predictor: one row by feature name, for embedding, and the scores and explanation of an
// encoded row, for `mlctl predict`. Exact values on a model built by hand (imputation, the
// missing category, unseen categories, extra NA tokens, errors, contributions), and the same
// predictions as the `mlctl predict` path (RowEncoder + score, and decision_row / proba_row) on
// every row of three real datasets: ridge, binary and multinomial logistic.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "csv/reader.hpp"
#include "model/model.hpp"
#include "model/predictor.hpp"
#include "pipeline/row_encoder.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::csv::testing::TempFile;
using mlctl::model::Model;
using mlctl::model::Prediction;
using mlctl::model::Predictor;
using mlctl::pipeline::Feature;
using mlctl::table::ColumnType;

namespace {

using ByName = std::map<std::string, std::string, std::less<>>;

// x: fill 3, centre 1, scale 2. c: categories a, b and a missing category. Coefficients
// 1, 10, 100, 1000 on the encoded columns x, c=a, c=b, c=<missing>; intercept 0.5.
Model hand_built(bool classifier) {
  Feature x;
  x.name = "x";
  x.fill = 3.0;
  x.center = 1.0;
  x.scale = 2.0;
  Feature c;
  c.name = "c";
  c.type = ColumnType::categorical;
  c.categories = {"a", "b"};
  c.missing_category = true;
  Model m;
  m.pipeline = mlctl::pipeline::FeaturePipeline({}, {x, c});
  m.linear.coef = Eigen::MatrixXd{{1.0, 10.0, 100.0, 1000.0}};
  m.linear.intercept = Eigen::VectorXd{{0.5}};
  if (classifier) {
    m.algorithm = mlctl::model::Algorithm::logistic;
    m.classes = {"no", "yes"};
  }
  return m;
}

double ridge(const Predictor& p, std::string_view x, std::string_view c) {
  const std::vector<std::string_view> fields{x, c};
  const Prediction prediction = p.predict(fields);
  CHECK(prediction.label.empty());
  CHECK(prediction.proba.empty());
  return prediction.value;
}

// Trains on data/<file> and predicts every row of it both ways, by name from the whole record.
void check_same_as_predict_command(const std::string& file, const std::string& target,
                                   std::size_t expected_rows, std::uint64_t expected_imputed) {
  CAPTURE(file);
  const auto table = mlctl::table::testing::dataset(file);
  mlctl::training::Recipe recipe;
  recipe.target = target;
  mlctl::training::TrainReport report;
  const Model m = mlctl::training::train(table, recipe, report);
  const Predictor predictor(m);

  mlctl::csv::Reader reader(mlctl::table::testing::dataset_path(file));
  mlctl::pipeline::RowEncoder encoder(m.pipeline, reader.header(), reader.display_name());
  std::vector<double> encoded(m.pipeline.width());
  std::vector<double> scores(std::max<std::size_t>(m.classes.size(), 1));
  mlctl::csv::Row row;
  std::size_t rows = 0;
  while (reader.next(row)) {
    CAPTURE(row.line);
    encoder.encode(row, reader, encoded);
    ByName by_name;
    for (std::size_t k = 0; k < row.fields.size(); ++k) {
      by_name.emplace(reader.header()[k], std::string(row.fields[k]));
    }
    const Prediction got = predictor.predict(by_name);
    // The command's path: the same scores from the encoded record.
    std::vector<double> command_scores(predictor.score_count());
    const std::size_t predicted = predictor.score(encoded, command_scores);
    if (m.is_classifier()) {
      CHECK(got.proba == command_scores);
      CHECK(got.label == m.classes[predicted]);
    } else {
      CHECK(got.value == command_scores[0]);
    }
    if (m.is_classifier()) {
      mlctl::solvers::proba_row(m.linear, encoded, scores);
      REQUIRE(got.proba.size() == scores.size());
      for (std::size_t k = 0; k < scores.size(); ++k) CHECK(got.proba[k] == scores[k]);
      const auto best =
          static_cast<std::size_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
      CHECK(got.label == m.classes[best]);
      CHECK(got.value == scores[best]);
    } else {
      mlctl::solvers::decision_row(m.linear, encoded, std::span<double>(scores.data(), 1));
      CHECK(got.value == scores[0]);
    }
    ++rows;
  }
  CHECK(rows == expected_rows);
  // Rows with missing values, so that imputation (and, in penguins' sex, the missing category)
  // is part of the comparison.
  CHECK(encoder.counters().rows_imputed == expected_imputed);
}

}  // namespace

TEST_CASE("predictor: feature names in the model's order") {
  const Model m = hand_built(false);
  CHECK(Predictor(m).feature_names() == std::vector<std::string>{"x", "c"});
}

TEST_CASE("predictor: scaled numbers, one-hot categories, imputation, unseen categories") {
  const Model m = hand_built(false);
  const Predictor p(m);
  CHECK(ridge(p, "5", "b") == 102.5);   // (5 - 1) / 2 = 2; 2 + 100 + 0.5
  CHECK(ridge(p, "-1", "a") == 9.5);    // -1 + 10 + 0.5
  CHECK(ridge(p, "NA", "zzz") == 1.5);  // fill (3 - 1) / 2 = 1; unseen c is all zeros
  CHECK(ridge(p, "", "") == 1001.5);    // 1 + the missing category's 1000 + 0.5
  CHECK(ridge(p, "null", "N/A") == 1001.5);
}

TEST_CASE("predictor: extra missing-value tokens, like predict --na") {
  const Model m = hand_built(false);
  CHECK(ridge(Predictor(m, {"?"}), "?", "?") == 1001.5);
  const std::vector<std::string_view> fields{"?", "a"};
  CHECK_THROWS_WITH_AS(
      Predictor(m).predict(fields),
      "column \"x\": \"?\" is not a number (the model was trained on numbers here)", Error);
}

TEST_CASE("predictor: a classifier gives the likeliest class and every probability") {
  const Model m = hand_built(true);
  const Predictor p(m);
  // Score 2 + 100 + 0.5 for "5", "b": P(yes) = 1 / (1 + e^-102.5) rounds to 1.
  const std::vector<std::string_view> likely_yes{"5", "b"};
  const Prediction yes = p.predict(likely_yes);
  CHECK(yes.label == "yes");
  REQUIRE(yes.proba.size() == 2);
  CHECK(yes.proba[1] == 1.0);
  CHECK(yes.value == 1.0);
  // Score -3 + 0 + 0.5 = -2.5 for "-5" and an unseen category.
  const Prediction no = p.predict(ByName{{"x", "-5"}, {"c", "zzz"}, {"other", "ignored"}});
  const double p_yes = 1.0 / (1.0 + std::exp(2.5));
  CHECK(no.label == "no");
  REQUIRE(no.proba.size() == 2);
  CHECK(no.proba[1] == doctest::Approx(p_yes).epsilon(1e-15));
  CHECK(no.proba[0] == doctest::Approx(1.0 - p_yes).epsilon(1e-15));
  CHECK(no.value == no.proba[0]);
}

TEST_CASE("predictor: wrong value counts, missing names and non-numbers are errors") {
  const Model m = hand_built(false);
  const Predictor p(m);
  const std::vector<std::string_view> one{"1"};
  CHECK_THROWS_WITH_AS(p.predict(one), "the model has 2 features, got 1 values", Error);
  try {
    p.predict(ByName{{"x", "1"}});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "column \"c\" is missing: the model needs it as a feature");
  }
  try {
    p.predict(ByName{{"x", "1e"}, {"c", "a"}});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() ==
          "column \"x\": \"1e\" is not a number (the model was trained on numbers here)");
  }
  try {
    p.predict(one);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
  }
}

TEST_CASE("predictor: the same predictions as `mlctl predict` on every row of real data") {
  check_same_as_predict_command("diabetes.csv", "target", 442, 0);
  check_same_as_predict_command("titanic.csv", "survived", 1309, 263);
  check_same_as_predict_command("penguins.csv", "species", 344, 11);
}

TEST_CASE("predictor: scores of an encoded row, and the predicted class") {
  const Model ridge_model = hand_built(false);
  const Predictor ridge_predictor(ridge_model);
  const std::vector<double> encoded{2.0, 0.0, 1.0, 0.0};  // "5", "b"
  std::vector<double> scores(ridge_predictor.score_count());
  REQUIRE(scores.size() == 1);
  CHECK(ridge_predictor.score(encoded, scores) == 0);
  CHECK(scores[0] == 102.5);

  const Model classifier = hand_built(true);
  const Predictor classify(classifier);
  std::vector<double> proba(classify.score_count());
  REQUIRE(proba.size() == 2);
  CHECK(classify.score(encoded, proba) == 1);
  CHECK(proba[1] == 1.0);
  const std::vector<double> low{-3.0, 0.0, 0.0, 0.0};  // score -2.5: "no"
  CHECK(classify.score(low, proba) == 0);
  CHECK(proba[0] == doctest::Approx(1.0 - 1.0 / (1.0 + std::exp(2.5))).epsilon(1e-15));
}

TEST_CASE("predictor: an explanation is the largest contributions to the linear score") {
  const Model m = hand_built(false);
  const Predictor p(m);
  const std::vector<double> encoded{2.0, 0.0, 1.0, 0.0};
  const auto top2 = p.explain(encoded, 0, 2);
  CHECK(top2.score == 102.5);
  using Top = std::vector<std::pair<std::size_t, double>>;
  CHECK(top2.top == Top{{2, 100.0}, {0, 2.0}});
  // More than there are: every column, equal magnitudes in column order.
  CHECK(p.explain(encoded, 0, 9).top == Top{{2, 100.0}, {0, 2.0}, {1, 0.0}, {3, 0.0}});
  // A binary classifier has one score (class 1's log-odds), whichever class is predicted.
  const Model binary = hand_built(true);
  CHECK(Predictor(binary).explain(encoded, 0, 1).score == 102.5);

  // Three classes: the predicted class's own score.
  Model three = hand_built(true);
  three.classes = {"a", "b", "c"};
  three.linear.coef =
      Eigen::MatrixXd{{1.0, 0.0, 0.0, 0.0}, {0.0, 0.0, -4.0, 0.0}, {0.0, 0.0, 7.0, 1.0}};
  three.linear.intercept = Eigen::VectorXd{{0.0, 0.25, -1.0}};
  const Predictor p3(three);
  std::vector<double> proba(p3.score_count());
  const std::size_t predicted = p3.score(encoded, proba);
  CHECK(predicted == 2);  // scores 2, -3.75, 6
  const auto e = p3.explain(encoded, predicted, 1);
  CHECK(e.score == 6.0);
  CHECK(e.top == Top{{2, 7.0}});
  CHECK(p3.explain(encoded, 1, 1).score == -3.75);
}

namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// Two numeric and two categorical features (one of 40 levels with a missing category, one of 3
// without), coefficients of both signs and some zeros; K outputs.
Model wide_hand_built(std::mt19937_64& rng, std::size_t outputs) {
  std::vector<Feature> features(4);
  features[0].name = "x";
  features[0].fill = 0.5;
  features[0].scale = 3.0;
  features[1].name = "c";
  features[1].type = ColumnType::categorical;
  for (int k = 0; k < 40; ++k) features[1].categories.push_back("v" + std::to_string(k));
  std::sort(features[1].categories.begin(), features[1].categories.end());
  features[1].missing_category = true;
  features[2].name = "z";
  features[2].center = -2.0;
  features[3].name = "d";
  features[3].type = ColumnType::categorical;
  features[3].categories = {"p", "q", "r"};
  Model m;
  m.pipeline = mlctl::pipeline::FeaturePipeline({}, features);
  const auto width = static_cast<Eigen::Index>(m.pipeline.width());
  const auto rows = static_cast<Eigen::Index>(outputs == 2 ? 1 : std::max<std::size_t>(outputs, 1));
  std::normal_distribution<double> normal(0.0, 2.0);
  m.linear.coef = Eigen::MatrixXd(rows, width);
  m.linear.intercept = Eigen::VectorXd(rows);
  for (Eigen::Index k = 0; k < rows; ++k) {
    for (Eigen::Index j = 0; j < width; ++j) {
      m.linear.coef(k, j) = j % 7 == 3 ? (j % 2 ? -0.0 : 0.0) : normal(rng);
    }
    m.linear.intercept(k) = normal(rng);
  }
  if (outputs >= 2) {
    m.algorithm = mlctl::model::Algorithm::logistic;
    for (std::size_t k = 0; k < outputs; ++k) m.classes.push_back("k" + std::to_string(k));
  }
  return m;
}

// A random CSV field for feature `j` of wide_hand_built: numbers, zeros, missing values, known
// and unseen categories.
std::string random_field(std::mt19937_64& rng, std::size_t j) {
  const auto pick = rng() % 10;
  if (pick == 0) return "NA";
  if (j == 0 || j == 2)
    return pick == 1 ? "0" : std::to_string(static_cast<int>(rng() % 200) - 100);
  if (pick == 1) return "never-seen";
  return j == 1 ? "v" + std::to_string(rng() % 40) : std::string(1, "pqr"[rng() % 3]);
}

}  // namespace

TEST_CASE("predictor: sparse rows score and explain bit for bit like dense rows") {
  std::mt19937_64 rng(1414);
  for (const std::size_t outputs : {0, 2, 4}) {
    CAPTURE(outputs);
    const Model m = wide_hand_built(rng, outputs);
    const Predictor p(m);
    const TempFile file = [&] {
      std::string csv = "x,c,z,d\n";
      for (int i = 0; i < 300; ++i) {
        csv += random_field(rng, 0) + "," + random_field(rng, 1) + "," + random_field(rng, 2) +
               "," + random_field(rng, 3) + "\n";
      }
      return TempFile(csv);
    }();
    mlctl::csv::Reader reader(file.path());
    mlctl::pipeline::RowEncoder encoder(m.pipeline, reader.header(), reader.display_name());
    auto sparse_counters = encoder.new_counters();
    std::vector<double> dense(m.pipeline.width());
    mlctl::solvers::SparseRow sparse;
    std::vector<double> want(p.score_count());
    std::vector<double> got(p.score_count());
    mlctl::csv::Row row;
    while (reader.next(row)) {
      CAPTURE(row.line);
      encoder.encode(row, reader, dense);
      encoder.encode_sparse(row, reader, sparse, sparse_counters);
      const std::size_t predicted = p.score(dense, want);
      CHECK(p.score(sparse, got) == predicted);
      for (std::size_t k = 0; k < want.size(); ++k) CHECK(same_bits(got[k], want[k]));
      // Counts below, at and past the non-zero columns: zero contributions fill in the dense
      // order, with the dense sign of each zero.
      for (const std::size_t count : {1, 3, 5, 8, 60}) {
        const auto d = p.explain(dense, predicted, count);
        const auto s = p.explain(sparse, predicted, count);
        CHECK(same_bits(s.score, d.score));
        REQUIRE(s.top.size() == d.top.size());
        for (std::size_t k = 0; k < d.top.size(); ++k) {
          CHECK(s.top[k].first == d.top[k].first);
          CHECK(same_bits(s.top[k].second, d.top[k].second));
        }
      }
      // predict() by field takes the sparse path: the same numbers again.
      const std::vector<std::string_view> fields(row.fields.begin(), row.fields.end());
      const Prediction by_fields = p.predict(fields);
      CHECK(same_bits(by_fields.value, want[p.score(dense, want)]));
    }
    CHECK(sparse_counters.unseen_values > 0);
    CHECK(sparse_counters.rows_imputed > 0);
  }
}
