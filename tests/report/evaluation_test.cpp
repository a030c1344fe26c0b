// The one renderer of a model's evaluation: rows computed once, each voice's wording of the
// method, and the text and HTML formats, exactly.

#include <doctest/doctest.h>

#include <cmath>

#include "report/card_test_support.hpp"
#include "report/evaluation.hpp"

using namespace mlctl;
using namespace mlctl::report;

namespace {

model::Evaluation holdout() {
  return testing::small_ridge().evaluation;  // 2 of 8 rows held out, seed 42
}

model::Evaluation cross_validated() {
  return testing::small_classifier().evaluation;  // 2 folds over 4 rows, seed 7, a matrix
}

model::Evaluation not_evaluated() {
  model::Evaluation e;
  e.method = model::EvaluationMethod::none;
  return e;
}

}  // namespace

TEST_CASE("evaluation rows: the metrics in kMetrics order, n and the confusion matrix") {
  const EvaluationRows rows = evaluation_rows(cross_validated(), Voice::describe, true);
  CHECK(rows.measured);
  CHECK(rows.n == 4);
  REQUIRE(rows.metrics.size() == 2);
  CHECK(rows.metrics[0].label == "accuracy");
  CHECK(rows.metrics[0].value == 0.75);
  CHECK(rows.metrics[1].label == "log_loss");
  CHECK(rows.classes == std::vector<std::string>{"no", "yes"});
  CHECK(rows.confusion == std::vector<std::vector<std::uint64_t>>{{2, 0}, {1, 1}});

  const EvaluationRows none = evaluation_rows(not_evaluated(), Voice::describe, false);
  CHECK_FALSE(none.measured);
  CHECK(none.metrics.empty());
  CHECK(none.confusion.empty());
}

TEST_CASE("evaluation rows: each voice words the method its own way") {
  CHECK(evaluation_rows(holdout(), Voice::train, false).method ==
        "held-out evaluation: 2 rows (25.0%, seed 42), model fitted on the other 6:");
  CHECK(evaluation_rows(holdout(), Voice::train, true).method ==
        "held-out evaluation: 2 rows (25.0%, stratified by class, seed 42), model fitted on the "
        "other 6:");
  CHECK(evaluation_rows(cross_validated(), Voice::train, true).method ==
        "2-fold cross-validation over 4 rows (seed 7, folds stratified by class), out-of-fold "
        "predictions:");
  CHECK(evaluation_rows(not_evaluated(), Voice::train, false).method ==
        "no held-out evaluation (--holdout 0): the metrics of a model on its own training rows "
        "would flatter it");

  CHECK(evaluation_rows(holdout(), Voice::describe, true).method ==
        "holdout of 2 rows (25.0%, seed 42)");
  CHECK(evaluation_rows(cross_validated(), Voice::describe, true).method ==
        "2-fold cross-validation over 4 rows (seed 7)");
  CHECK(evaluation_rows(not_evaluated(), Voice::describe, false).method ==
        "none (trained with --holdout 0)");

  CHECK(evaluation_rows(holdout(), Voice::card, false).method ==
        "Measured on 2 rows the model did not learn from: holdout of 0.25 (seed 42).");
  CHECK(evaluation_rows(cross_validated(), Voice::card, true).method ==
        "Measured on 4 rows the model did not learn from: 2-fold cross-validation (seed 7).");
  CHECK(evaluation_rows(not_evaluated(), Voice::card, false).method ==
        "Not evaluated: trained with `--holdout 0`.");
}

TEST_CASE("held_out_share: the true share, one decimal") {
  CHECK(held_out_share(2, 6) == "25.0%");
  CHECK(held_out_share(129, 313) == "29.2%");
  CHECK(held_out_share(0, 0) == "0.0%");
}

TEST_CASE("evaluation text: the method line, then the metrics and the confusion matrix") {
  CHECK(evaluation_text(evaluation_rows(holdout(), Voice::describe, false)) ==
        "holdout of 2 rows (25.0%, seed 42)\n"
        "  r2               0.5\n"
        "  rmse             1.25\n"
        "  mae              1\n");
  CHECK(evaluation_text(evaluation_rows(cross_validated(), Voice::train, true)) ==
        "2-fold cross-validation over 4 rows (seed 7, folds stratified by class), out-of-fold "
        "predictions:\n"
        "  accuracy         0.75\n"
        "  log_loss         0.4\n"
        "  confusion matrix (rows: true class, columns: predicted)\n"
        "             no    yes\n"
        "      no      2      0\n"
        "     yes      1      1\n");
  CHECK(evaluation_text(evaluation_rows(not_evaluated(), Voice::describe, false)) ==
        "none (trained with --holdout 0)\n");
}

TEST_CASE("metrics text: 6 significant digits, NaN as nan, columns as wide as the labels") {
  EvaluationRows rows;
  rows.measured = true;
  rows.metrics = {{"r2", 0.123456789}, {"roc_auc", std::nan("")}};
  rows.classes = {"a", "a-very-long-class"};
  rows.confusion = {{1, 22}, {333, 4}};
  CHECK(metrics_text(rows) ==
        "  r2               0.123457\n"
        "  roc_auc          nan\n"
        "  confusion matrix (rows: true class, columns: predicted)\n"
        "                                      a  a-very-long-class\n"
        "                   a                  1                 22\n"
        "   a-very-long-class                333                  4");
  CHECK(metrics_text(EvaluationRows{}) == "");
}

TEST_CASE("evaluation HTML: the method escaped with code spans, the metrics with n") {
  CHECK(method_html(evaluation_rows(holdout(), Voice::card, false)) ==
        "<p>Measured on 2 rows the model did not learn from: holdout of 0.25 (seed 42).</p>\n");
  CHECK(method_html(evaluation_rows(not_evaluated(), Voice::card, false)) ==
        "<p>Not evaluated: trained with <code>--holdout 0</code>.</p>\n");
  EvaluationRows odd;
  odd.method = "a < b & `c` `unclosed";
  CHECK(method_html(odd) == "<p>a &lt; b &amp; <code>c</code> <code>unclosed</code></p>\n");

  CHECK(metrics_html(evaluation_rows(cross_validated(), Voice::card, true)) ==
        "<table><tr><th>n</th><td>4</td></tr><tr><th>accuracy</th><td>0.75</td></tr>"
        "<tr><th>log_loss</th><td>0.4</td></tr></table>");
  EvaluationRows precise;
  precise.n = 3;
  precise.metrics = {{"rmse", 1234.5678}};
  CHECK(metrics_html(precise) ==
        "<table><tr><th>n</th><td>3</td></tr><tr><th>rmse</th><td>1235</td></tr></table>");
}
