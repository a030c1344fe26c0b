// The HTML card's charts: what they are drawn from, their notes, and well-formed cards.

#include <doctest/doctest.h>

#include "report/card_charts.hpp"
#include "report/card_test_support.hpp"
#include "report/xml_check.hpp"

using namespace mlctl;
using namespace mlctl::report;
using mlctl::report::testing::has;

namespace {

void check_cards(const std::string& html) {
  CHECK(testing::xml_error("<div>" + html + "</div>") == "");
  CHECK_FALSE(has(html, "<script"));
}

}  // namespace

TEST_CASE("held_out_sample: rows of truth and predictions, a partial row is left out") {
  model::Model m = testing::small_ridge();
  HeldOutSample s = held_out_sample(m);
  CHECK(s.truth == std::vector<double>{11.0, 9.0});
  CHECK(s.predictions == std::vector<std::vector<double>>{{10.5}, {10.0}});
  m.evaluation_sample.push_back(1.0);
  CHECK(held_out_sample(m).truth.size() == 2);
  m.evaluation_sample_width = 0;
  CHECK(held_out_sample(m).truth.empty());
  s = held_out_sample(testing::small_classifier());
  CHECK(s.truth == std::vector<double>{0, 0, 1, 1});
  CHECK(s.predictions[3] == std::vector<double>{0.2, 0.8});
}

TEST_CASE("training_column_chart: deciles, shares with the rest as (other), or nothing") {
  const model::Model m = testing::small_ridge();
  const std::string numeric = training_column_chart(m.training_stats.columns[0]);
  CHECK(numeric.rfind("<svg ", 0) == 0);
  check_cards(numeric);
  const std::string shares = training_column_chart(m.training_stats.columns[1]);
  CHECK(has(shares, ">(other)<"));  // a 50%, b 37.5%: 12.5% not shown
  check_cards(shares);

  model::ColumnStats broken = m.training_stats.columns[0];
  broken.numeric->bin_shares = {1.0};  // two bins' edges, one share
  CHECK(training_column_chart(broken) == "");
  model::ColumnStats names{"name", table::ColumnType::categorical, 100, 0, 100, {}, {}};
  names.categorical = model::CategoryShares{{{"Ann", 0.01}, {"Bob", 0.01}}, 0.98};
  CHECK(training_column_chart(names) == "");  // a name per row: nothing worth drawing
  CHECK(training_column_chart(model::ColumnStats{}) == "");  // a column with no values
}

TEST_CASE("evaluation_charts: ridge draws predicted vs actual and the residuals") {
  const model::Model m = testing::small_ridge();
  const EvaluationRows rows = evaluation_rows(m.evaluation, Voice::card, false);
  const std::string charts = evaluation_charts(m, rows);
  CHECK(charts.rfind("<div class=\"card\"><h3>Predicted vs actual</h3><svg ", 0) == 0);
  CHECK(has(charts, "<h3>Residuals (predicted - actual)</h3>"));
  CHECK(has(charts, "<div class=\"muted\">2 held-out rows</div></div>\n"));
  check_cards(charts);
  model::Model without = m;
  without.evaluation_sample.clear();
  CHECK(evaluation_charts(without, rows) == "");
}

TEST_CASE("evaluation_charts: a classifier draws its matrix, ROC and calibration") {
  model::Model m = testing::small_classifier();
  const EvaluationRows rows = evaluation_rows(m.evaluation, Voice::card, true);
  const std::string charts = evaluation_charts(m, rows);
  CHECK(charts.rfind("<div class=\"card\"><h3>Confusion matrix (held-out rows)</h3><svg ", 0) == 0);
  CHECK(has(charts, "<h3>ROC curve</h3>"));
  CHECK(has(charts, "<h3>Calibration</h3>"));
  CHECK(has(charts, "<div class=\"muted\">4 held-out rows, positive class yes</div>"));
  check_cards(charts);
  m.evaluation_sample.clear();  // the matrix alone
  const std::string matrix = evaluation_charts(m, rows);
  CHECK(has(matrix, "Confusion matrix"));
  CHECK_FALSE(has(matrix, "ROC"));
}

TEST_CASE("coefficient_cards: per standard deviation of each numeric input, the largest 20") {
  // minmax scaling over 4 with a standard deviation of 2: the coefficient 3 is 1.5 per std.
  const std::string classifier = coefficient_cards(testing::small_classifier());
  CHECK(classifier.rfind("<div class=\"card\"><h3>Coefficients: log-odds of yes</h3><svg ", 0) ==
        0);
  CHECK(has(classifier, ">1.5</text>"));
  CHECK(has(classifier,
            "<div class=\"muted\">per standard deviation of each numeric input; "
            "intercept -1</div></div>\n"));
  check_cards(classifier);

  model::Model m = testing::small_ridge();  // standard scaling: as stored
  CHECK(has(coefficient_cards(m), ">2</text>"));
  std::vector<pipeline::Feature> features;
  for (int i = 0; i < 25; ++i) {
    features.push_back(testing::numeric_feature(("f" + std::to_string(i)).c_str(), 0, 1));
  }
  m.pipeline = pipeline::FeaturePipeline({}, features);
  m.linear.coef = Eigen::MatrixXd::Ones(1, 25);
  CHECK(has(coefficient_cards(m), "intercept 10; largest 20 of 25</div>"));
}

TEST_CASE("importance_card: the metric, rows and shuffles, none without importance") {
  model::Model m = testing::small_classifier();
  const std::string card = importance_card(m);
  CHECK(card.rfind("<div class=\"card\"><h3>Permutation importance</h3><svg ", 0) == 0);
  CHECK(has(card,
            "<div class=\"muted\">how much log_loss worsens when one column is shuffled "
            "across 4 held-out rows (mean of 5 shuffles, whisker = 1 std)</div></div>\n"));
  check_cards(card);
  m.evaluation.permutation_importance->metric = model::Metric::r2;
  CHECK(has(importance_card(m), "how much R&#178; worsens"));
  CHECK(importance_card(testing::small_ridge()) == "");
}
