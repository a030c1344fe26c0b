#pragma once
// A model's evaluation, rendered once for the three places that show it: train's report on
// stderr, the text card of `describe MODEL` and the HTML card of `describe --html`. The rows (how
// it was measured, n, one value per metric, the confusion matrix) are computed here once, then
// formatted as text or HTML. Each place words the method in its own way, and those words are part
// of the CLI's output, so the wording is chosen by a voice rather than unified.

#include <cstdint>
#include <string>
#include <vector>

#include "model/metadata.hpp"

namespace mlctl::report {

// Where the evaluation is shown: each one has its own wording of the method.
enum class Voice {
  train,     // train's report: "held-out evaluation: 89 rows (20.1%, ...), model fitted on ..."
  describe,  // the text card: "holdout of 89 rows (20.1%, seed 42)"
  card,      // the HTML card: "Measured on 89 rows the model did not learn from: ..."
};

struct MetricRow {
  std::string label;  // the metric's name, as stored (model::kMetrics)
  double value = 0;   // NaN when undefined on the rows measured
};

// An evaluation as rows, computed once.
struct EvaluationRows {
  bool measured = false;  // false: trained with --holdout 0
  // One sentence: how it was measured, or why it was not, in the voice's words. Plain text; a
  // span between backticks is code (the HTML shows it as <code>).
  std::string method;
  std::uint64_t n = 0;                                // rows measured
  std::vector<MetricRow> metrics;                     // in kMetrics order
  std::vector<std::string> classes;                   // classifiers: the matrix's labels
  std::vector<std::vector<std::uint64_t>> confusion;  // [true][predicted]; empty for ridge
};

// The rows of `evaluation` in `voice`; `stratified` (a classifier's split is stratified by
// class) is said only in train's voice.
EvaluationRows evaluation_rows(const model::Evaluation& evaluation, Voice voice, bool stratified);

// The true share of rows held out, "20.0%": a stratified holdout rounds each class up, so it
// can be more than --holdout (129 of 442 rows for --holdout 0.2 over 214 classes).
std::string held_out_share(std::uint64_t held_out, std::uint64_t train_rows);

// Text: the method line, then (when measured) one aligned line per metric with 6 significant
// digits and the confusion matrix, each line ending in "\n".
std::string evaluation_text(const EvaluationRows& rows);

// The metric lines and the confusion matrix of evaluation_text, without a final newline.
std::string metrics_text(const EvaluationRows& rows);

// HTML: the method as one escaped paragraph, "<p>...</p>\n".
std::string method_html(const EvaluationRows& rows);

// HTML: n and the metrics (4 significant digits) as a two-column table.
std::string metrics_html(const EvaluationRows& rows);

}  // namespace mlctl::report
