#include "report/card_charts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/coefficients.hpp"
#include "report/curves.hpp"
#include "report/html_page.hpp"
#include "report/svg.hpp"

namespace mlctl::report {
namespace {

bool larger_value(const Bar& a, const Bar& b) {
  return a.value > b.value;
}

std::string classification_charts(const model::Model& m, const EvaluationRows& rows) {
  std::string s;
  if (!rows.confusion.empty()) {
    std::vector<std::vector<double>> cells;
    for (const auto& row : rows.confusion) cells.emplace_back(row.begin(), row.end());
    s += html_card("Confusion matrix (held-out rows)",
                   heat_map(cells, rows.classes, rows.classes, {"", "predicted", "true", 300, 0}));
  }
  const HeldOutSample sample = held_out_sample(m);
  if (sample.truth.empty()) return s;
  // Binary: the positive class only; multi-class: one-vs-rest for the first few classes.
  std::vector<std::size_t> shown;
  if (m.classes.size() == 2) {
    shown.push_back(1);
  } else {
    for (std::size_t k = 0; k < m.classes.size() && k < kMaxCurves; ++k) shown.push_back(k);
  }
  std::vector<Series> roc;
  std::vector<Series> calibration;
  for (const std::size_t k : shown) {
    std::vector<bool> positive;
    std::vector<double> probability;
    for (std::size_t i = 0; i < sample.truth.size(); ++i) {
      positive.push_back(static_cast<std::size_t>(sample.truth[i]) == k);
      probability.push_back(k < sample.predictions[i].size() ? sample.predictions[i][k] : 0.0);
    }
    roc.push_back({m.classes[k], roc_curve(positive, probability)});
    calibration.push_back({m.classes[k], calibration_curve(positive, probability, 10)});
  }
  const std::string note = fmt::format(
      "<div class=\"muted\">{} held-out rows{}</div>", sample.truth.size(),
      m.classes.size() == 2 ? ", positive class " + escape_xml(m.classes[1]) : ", one-vs-rest");
  s += html_card(
      "ROC curve",
      unit_curves(roc, {"", "false positive rate", "true positive rate", 340, 260}) + note);
  s += html_card("Calibration", unit_curves(calibration, {"", "mean predicted probability",
                                                          "observed frequency", 340, 260}) +
                                    note);
  return s;
}

std::string regression_charts(const model::Model& m) {
  const HeldOutSample sample = held_out_sample(m);
  if (sample.truth.empty()) return "";
  std::vector<Point> points;
  std::vector<double> residuals;
  for (std::size_t i = 0; i < sample.truth.size(); ++i) {
    points.push_back({sample.truth[i], sample.predictions[i][0]});
    residuals.push_back(sample.predictions[i][0] - sample.truth[i]);
  }
  const auto bins = equal_width_bins(residuals, 24);
  const std::string note =
      fmt::format("<div class=\"muted\">{} held-out rows</div>", sample.truth.size());
  return html_card("Predicted vs actual",
                   scatter(points, {"", "actual " + m.target, "predicted", 320, 300}) + note) +
         html_card("Residuals (predicted - actual)",
                   histogram(bins.edges, bins.counts, {"", "residual", "rows", 340, 220}) + note);
}

// Per encoded feature, what turns its coefficient into one per standard deviation of the input:
// 1 with --scale standard (it already is) and for one-hot columns; otherwise a numeric feature's
// standard deviation over its scale.
std::vector<double> standardising_factors(const model::Model& m) {
  std::vector<double> factor(m.pipeline.width(), 1.0);
  if (m.pipeline.options().scale == pipeline::Scaling::standard) return factor;
  std::size_t j = 0;
  for (const auto& f : m.pipeline.features()) {
    if (f.type == table::ColumnType::numeric) {
      const model::ColumnStats* c = m.training_stats.find(f.name);
      if (c != nullptr && c->numeric && f.scale != 0.0) factor[j] = c->numeric->std / f.scale;
      ++j;
    } else {
      j += f.width();
    }
  }
  return factor;
}

}  // namespace

HeldOutSample held_out_sample(const model::Model& m) {
  HeldOutSample sample;
  const std::size_t width = m.evaluation_sample_width;
  if (width < 2) return sample;
  for (std::size_t at = 0; at + width <= m.evaluation_sample.size(); at += width) {
    sample.truth.push_back(m.evaluation_sample[at]);
    sample.predictions.emplace_back(
        m.evaluation_sample.begin() + static_cast<std::ptrdiff_t>(at + 1),
        m.evaluation_sample.begin() + static_cast<std::ptrdiff_t>(at + width));
  }
  return sample;
}

std::string training_column_chart(const model::ColumnStats& column) {
  ChartOptions o{"", "", "", 220, 110};
  if (column.numeric) {
    std::vector<double> edges = {column.numeric->min};
    for (const double e : column.numeric->bin_edges) edges.push_back(e);
    edges.push_back(column.numeric->max);
    const auto& shares = column.numeric->bin_shares;
    if (edges.size() != shares.size() + 1) return "";
    // Share per tenth of the range: bar areas stay proportional to the shares (the quantile bins
    // are of unequal width), and the axis reads like a share rather than a density in the
    // column's units.
    const double unit = (edges.back() - edges.front()) / static_cast<double>(shares.size());
    std::vector<double> density;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      const double width = edges[i + 1] - edges[i];
      density.push_back(width > 0.0 ? shares[i] / width * unit : 0.0);
    }
    return histogram(edges, density, o);
  }
  if (!column.categorical) return "";
  std::vector<Bar> bars;
  for (const auto& [label, share] : column.categorical->shares) bars.push_back({label, share, 0.0});
  std::stable_sort(bars.begin(), bars.end(), larger_value);
  // Identifier-like columns (a name per row) have no distribution worth drawing.
  if (bars.empty() || bars.front().value < 0.02) return "";
  double shown = 0.0;
  if (bars.size() > 8) bars.resize(8);
  for (const auto& b : bars) shown += b.value;
  const double other = std::max(0.0, 1.0 - shown);  // the stored other_share and the unshown
  if (other > 0.005) bars.push_back({"(other)", other, 0.0});
  return bar_chart(bars, o);
}

std::string evaluation_charts(const model::Model& m, const EvaluationRows& rows) {
  return m.is_classifier() ? classification_charts(m, rows) : regression_charts(m);
}

std::string coefficient_cards(const model::Model& m) {
  const auto names = m.pipeline.encoded_names();
  const std::vector<double> factor = standardising_factors(m);
  const std::vector<std::string> outputs = output_names(m);
  std::string s;
  for (Eigen::Index k = 0; k < m.linear.coef.rows(); ++k) {
    std::vector<Bar> bars;
    for (std::size_t j = 0; j < names.size(); ++j) {
      bars.push_back({names[j], m.linear.coef(k, static_cast<Eigen::Index>(j)) * factor[j], 0.0});
    }
    std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) {
      return std::abs(a.value) > std::abs(b.value);
    });
    const std::size_t total = bars.size();
    if (bars.size() > kMaxBars) bars.resize(kMaxBars);
    const std::string title = fmt::format("Coefficients: {}", outputs[static_cast<std::size_t>(k)]);
    const std::string note = fmt::format(
        "<div class=\"muted\">per standard deviation of each numeric "
        "input; intercept {}{}</div>",
        short_number(m.linear.intercept(k)),
        total > kMaxBars ? fmt::format("; largest {} of {}", kMaxBars, total) : "");
    s += html_card(title, bar_chart(bars, {"", "", "", 460, 0}) + note);
  }
  return s;
}

std::string importance_card(const model::Model& m) {
  if (!m.evaluation.permutation_importance) return "";
  const model::PermutationImportance& p = *m.evaluation.permutation_importance;
  std::vector<Bar> bars;
  for (const auto& f : p.features) bars.push_back({f.feature, f.mean, f.std});
  std::stable_sort(bars.begin(), bars.end(), larger_value);
  if (bars.size() > kMaxBars) bars.resize(kMaxBars);
  const std::string metric(model::name_of(p.metric));
  const std::string note = fmt::format(
      "<div class=\"muted\">how much {} worsens when one column is shuffled across {} held-out "
      "rows (mean of {} shuffles, whisker = 1 std)</div>",
      metric == "r2" ? "R&#178;" : escape_xml(metric), p.rows, p.repeats);
  return html_card("Permutation importance", bar_chart(bars, {"", "", "", 460, 0}) + note);
}

}  // namespace mlctl::report
