#include "report/evaluation.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/plural.hpp"
#include "report/html_page.hpp"
#include "report/svg.hpp"

namespace mlctl::report {
namespace {

using model::EvaluationMethod;

std::string train_method(const model::Evaluation& e, bool stratified) {
  switch (e.method) {
    case EvaluationMethod::none:
      return "no held-out evaluation (--holdout 0): the metrics of a model on its own training "
             "rows would flatter it";
    case EvaluationMethod::holdout:
      return fmt::format("held-out evaluation: {} ({}{}, seed {}), model fitted on the other {}:",
                         count_of(e.rows, "row"), held_out_share(e.rows, e.train_rows),
                         stratified ? ", stratified by class" : "", e.seed, e.train_rows);
    case EvaluationMethod::cv:
      break;
  }
  return fmt::format(
      "{}-fold cross-validation over {} (seed {}{}), out-of-fold predictions:", e.folds,
      count_of(e.rows, "row"), e.seed, stratified ? ", folds stratified by class" : "");
}

std::string describe_method(const model::Evaluation& e) {
  switch (e.method) {
    case EvaluationMethod::none:
      return "none (trained with --holdout 0)";
    case EvaluationMethod::holdout:
      return fmt::format("holdout of {} ({}, seed {})", count_of(e.rows, "row"),
                         held_out_share(e.rows, e.train_rows), e.seed);
    case EvaluationMethod::cv:
      break;
  }
  return fmt::format("{}-fold cross-validation over {} (seed {})", e.folds, count_of(e.rows, "row"),
                     e.seed);
}

std::string card_method(const model::Evaluation& e) {
  if (e.method == EvaluationMethod::none) return "Not evaluated: trained with `--holdout 0`.";
  const std::string how =
      e.method == EvaluationMethod::cv
          ? fmt::format("{}-fold cross-validation (seed {})", e.folds, e.seed)
          : fmt::format("holdout of {} (seed {})", short_number(e.fraction), e.seed);
  return fmt::format("Measured on {} rows the model did not learn from: {}.", e.rows, how);
}

// Escaped text with each span between backticks shown as <code>.
std::string with_code_spans(const std::string& text) {
  std::string out;
  bool in_code = false;
  for (const char c : escape_xml(text)) {
    if (c != '`') {
      out += c;
    } else {
      out += in_code ? "</code>" : "<code>";
      in_code = !in_code;
    }
  }
  if (in_code) out += "</code>";
  return out;
}

}  // namespace

EvaluationRows evaluation_rows(const model::Evaluation& e, Voice voice, bool stratified) {
  EvaluationRows rows;
  rows.measured = e.method != EvaluationMethod::none;
  switch (voice) {
    case Voice::train:
      rows.method = train_method(e, stratified);
      break;
    case Voice::describe:
      rows.method = describe_method(e);
      break;
    case Voice::card:
      rows.method = card_method(e);
      break;
  }
  if (!rows.measured) return rows;
  rows.n = e.metrics.n;
  for (const auto& [metric, value] : e.metrics.values) {  // in kMetrics order
    rows.metrics.push_back({std::string(model::name_of(metric)), value});
  }
  rows.classes = e.metrics.classes;
  rows.confusion = e.metrics.confusion_matrix;
  return rows;
}

std::string held_out_share(std::uint64_t held_out, std::uint64_t train_rows) {
  const std::uint64_t total = held_out + train_rows;
  return fmt::format(
      "{:.1f}%",
      total == 0 ? 0.0 : 100.0 * static_cast<double>(held_out) / static_cast<double>(total));
}

std::string evaluation_text(const EvaluationRows& rows) {
  std::string out = rows.method + "\n";
  if (rows.measured) out += metrics_text(rows) + "\n";
  return out;
}

std::string metrics_text(const EvaluationRows& rows) {
  std::string out;
  for (const auto& m : rows.metrics) out += fmt::format("  {:<16} {:.6g}\n", m.label, m.value);
  if (!rows.confusion.empty()) {
    const auto& classes = rows.classes;
    std::size_t width = 6;
    for (const auto& c : classes) width = std::max(width, c.size() + 1);
    out += "  confusion matrix (rows: true class, columns: predicted)\n";
    out += fmt::format("  {:>{}}", "", width);
    for (const auto& c : classes) out += fmt::format(" {:>{}}", c, width);
    out += "\n";
    for (std::size_t i = 0; i < classes.size() && i < rows.confusion.size(); ++i) {
      out += fmt::format("  {:>{}}", classes[i], width);
      for (const auto v : rows.confusion[i]) out += fmt::format(" {:>{}}", v, width);
      out += "\n";
    }
  }
  if (!out.empty()) out.pop_back();
  return out;
}

std::string method_html(const EvaluationRows& rows) {
  return "<p>" + with_code_spans(rows.method) + "</p>\n";
}

std::string metrics_html(const EvaluationRows& rows) {
  std::vector<std::pair<std::string, std::string>> table = {{"n", fmt::format("{}", rows.n)}};
  for (const auto& m : rows.metrics) table.emplace_back(m.label, short_number(m.value));
  return key_values(table);
}

}  // namespace mlctl::report
