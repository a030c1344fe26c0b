#include "html_report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/hash.hpp"
#include "common/version.hpp"
#include "model/metadata_json.hpp"
#include "report/curves.hpp"
#include "report/svg.hpp"

namespace mlctl::cli {
namespace {

using nlohmann::json;
using report::escape_xml;

constexpr std::size_t kMaxBars = 20;   // coefficient and importance charts: the largest ones
constexpr std::size_t kMaxCurves = 5;  // one-vs-rest curves drawn for a multi-class model

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f7fa;color:#1f2933}
header{background:#1f5f8c;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85;font-size:13px}
main{padding:12px 28px 40px;max-width:1180px}
h2{font-size:17px;margin:26px 0 10px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:10px 12px}
.card h3{margin:0 0 6px;font-size:13px;word-break:break-all}
table{border-collapse:collapse;font-size:13px}
td,th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
th{color:#52606d;font-weight:600;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font-size:12px;background:#eef2f6;padding:1px 4px;border-radius:3px}
.muted{color:#7b8794;font-size:12px}
)";

std::string esc(const std::string& text) {
  return escape_xml(text);
}

std::string num(double v) {
  return fmt::format("{:.4g}", v);
}

std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return num(v.get<double>());
  return v.dump();
}

std::string page(const std::string& title, const std::string& subtitle, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}</title>\n<style>{1}</style>\n</head>\n<body>\n<header><h1>{0}</h1><p>{2}</p>"
      "</header>\n<main>\n{3}</main>\n<footer class=\"muted\" style=\"padding:0 28px 20px\">"
      "written by mlctl {4}</footer>\n</body>\n</html>\n",
      esc(title), kStyle, esc(subtitle), body, kVersion);
}

std::string card(const std::string& title, const std::string& content) {
  return fmt::format("<div class=\"card\"><h3>{}</h3>{}</div>\n", esc(title), content);
}

// A two-column table of (name, value) rows; values are escaped here.
std::string key_values(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string s = "<table>";
  for (const auto& [key, value] : rows) {
    s += fmt::format("<tr><th>{}</th><td>{}</td></tr>", esc(key), esc(value));
  }
  return s + "</table>";
}

// ---- the data a model saw -----------------------------------------------------------------

// A column of training_stats as a small chart: numeric decile bins (drawn as densities, so the
// quantile bins of unequal width show the shape) or category shares.
std::string training_column_chart(const model::ColumnStats& column) {
  report::ChartOptions o{"", "", "", 220, 110};
  if (column.numeric) {
    std::vector<double> edges = {column.numeric->min};
    for (const double e : column.numeric->bin_edges) edges.push_back(e);
    edges.push_back(column.numeric->max);
    const auto& shares = column.numeric->bin_shares;
    if (edges.size() != shares.size() + 1) return "";
    // Share per tenth of the range: bar areas stay proportional to the shares, and the axis
    // reads like a share rather than a density in the column's units.
    const double unit = (edges.back() - edges.front()) / static_cast<double>(shares.size());
    std::vector<double> density;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      const double width = edges[i + 1] - edges[i];
      density.push_back(width > 0.0 ? shares[i] / width * unit : 0.0);
    }
    return report::histogram(edges, density, o);
  }
  if (column.categorical) {
    std::vector<report::Bar> bars;
    for (const auto& [label, share] : column.categorical->shares)
      bars.push_back({label, share, 0.0});
    std::stable_sort(bars.begin(), bars.end(),
                     [](const report::Bar& a, const report::Bar& b) { return a.value > b.value; });
    // Identifier-like columns (a name per row) have no distribution worth drawing.
    if (bars.empty() || bars.front().value < 0.02) return "";
    double shown = 0.0;
    if (bars.size() > 8) bars.resize(8);
    for (const auto& b : bars) shown += b.value;
    const double other = std::max(0.0, 1.0 - shown);  // the stored other_share and the unshown
    if (other > 0.005) bars.push_back({"(other)", other, 0.0});
    return report::bar_chart(bars, o);
  }
  return "";
}

std::string data_section(const model::Model& m) {
  std::string s = "<h2>The data it saw</h2>\n";
  s += key_values({{"source", m.data.source},
                   {"rows", std::to_string(m.data.rows)},
                   {"bytes", std::to_string(m.data.bytes)},
                   {"fingerprint", "xxh3 " + to_hex64(m.data.hash)}});
  if (m.training_stats.columns.empty()) return s;
  s += "<div class=\"cards\" style=\"margin-top:10px\">\n";
  for (const auto& column : m.training_stats.columns) {
    const std::string& name = column.name;
    std::string info = fmt::format("<div class=\"muted\">{}, {} missing</div>",
                                   esc(table::to_string(column.type)), column.missing);
    if (column.distinct > 0) {
      info += fmt::format("<div class=\"muted\">{} distinct values</div>", column.distinct);
    }
    if (column.numeric) {
      info += fmt::format("<div class=\"muted\">mean {}, std {}, range {} to {}</div>",
                          num(column.numeric->mean), num(column.numeric->std),
                          num(column.numeric->min), num(column.numeric->max));
    }
    const std::string title = name == m.target ? name + " (target)" : name;
    s += card(title, training_column_chart(column) + info);
  }
  return s + "</div>\n";
}

// ---- how good it is -------------------------------------------------------------------------

struct Sample {
  std::vector<double> truth;
  std::vector<std::vector<double>> predictions;  // per row: value, or K probabilities
};

Sample read_sample(const model::Model& m) {
  Sample sample;
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

std::string classification_charts(const model::Model& m, const model::Metrics& metrics) {
  std::string s;
  if (!metrics.confusion_matrix.empty()) {
    std::vector<std::vector<double>> cells;
    for (const auto& row : metrics.confusion_matrix) cells.emplace_back(row.begin(), row.end());
    const auto& labels = metrics.classes;
    s += card("Confusion matrix (held-out rows)",
              report::heat_map(cells, labels, labels, {"", "predicted", "true", 300, 0}));
  }
  const Sample sample = read_sample(m);
  if (sample.truth.empty()) return s;
  // Binary: the positive class only; multi-class: one-vs-rest for the first few classes.
  std::vector<std::size_t> shown;
  if (m.classes.size() == 2) {
    shown.push_back(1);
  } else {
    for (std::size_t k = 0; k < m.classes.size() && k < kMaxCurves; ++k) shown.push_back(k);
  }
  std::vector<report::Series> roc;
  std::vector<report::Series> calibration;
  for (const std::size_t k : shown) {
    std::vector<bool> positive;
    std::vector<double> probability;
    for (std::size_t i = 0; i < sample.truth.size(); ++i) {
      positive.push_back(static_cast<std::size_t>(sample.truth[i]) == k);
      probability.push_back(k < sample.predictions[i].size() ? sample.predictions[i][k] : 0.0);
    }
    roc.push_back({m.classes[k], report::roc_curve(positive, probability)});
    calibration.push_back({m.classes[k], report::calibration_curve(positive, probability, 10)});
  }
  const std::string note = fmt::format(
      "<div class=\"muted\">{} held-out rows{}</div>", sample.truth.size(),
      m.classes.size() == 2 ? ", positive class " + esc(m.classes[1]) : ", one-vs-rest");
  s += card(
      "ROC curve",
      report::unit_curves(roc, {"", "false positive rate", "true positive rate", 340, 260}) + note);
  s += card("Calibration", report::unit_curves(calibration, {"", "mean predicted probability",
                                                             "observed frequency", 340, 260}) +
                               note);
  return s;
}

std::string regression_charts(const model::Model& m) {
  const Sample sample = read_sample(m);
  if (sample.truth.empty()) return "";
  std::vector<report::Point> points;
  std::vector<double> residuals;
  for (std::size_t i = 0; i < sample.truth.size(); ++i) {
    points.push_back({sample.truth[i], sample.predictions[i][0]});
    residuals.push_back(sample.predictions[i][0] - sample.truth[i]);
  }
  const auto bins = report::equal_width_bins(residuals, 24);
  const std::string note =
      fmt::format("<div class=\"muted\">{} held-out rows</div>", sample.truth.size());
  return card("Predicted vs actual",
              report::scatter(points, {"", "actual " + m.target, "predicted", 320, 300}) + note) +
         card(
             "Residuals (predicted - actual)",
             report::histogram(bins.edges, bins.counts, {"", "residual", "rows", 340, 220}) + note);
}

std::string evaluation_section(const model::Model& m) {
  std::string s = "<h2>How good it is</h2>\n";
  const model::Evaluation& e = m.evaluation;
  if (e.method == model::EvaluationMethod::none) {
    return s + "<p>Not evaluated: trained with <code>--holdout 0</code>.</p>\n";
  }
  std::string how = e.method == model::EvaluationMethod::cv
                        ? fmt::format("{}-fold cross-validation (seed {})", e.folds, e.seed)
                        : fmt::format("holdout of {} (seed {})", num(e.fraction), e.seed);
  s += fmt::format("<p>Measured on {} rows the model did not learn from: {}.</p>\n", e.rows,
                   esc(how));
  const model::Metrics& metrics = e.metrics;
  std::vector<std::pair<std::string, std::string>> rows = {{"n", fmt::format("{}", metrics.n)}};
  for (const auto& [metric, value] : metrics.values) {
    rows.emplace_back(std::string(model::name_of(metric)), num(value));
  }
  s += "<div class=\"cards\">\n" + card("Metrics", key_values(rows));
  s += m.is_classifier() ? classification_charts(m, metrics) : regression_charts(m);
  return s + "</div>\n";
}

// ---- what drives it -------------------------------------------------------------------------

// Coefficients per encoded feature on the standardised scale: with --scale standard they already
// are; otherwise a numeric feature's coefficient is multiplied by its standard deviation over
// its scale, so that it means "per standard deviation" too.
std::string coefficient_charts(const model::Model& m) {
  std::string s = "<h2>What drives it</h2>\n<div class=\"cards\">\n";
  const auto names = m.pipeline.encoded_names();
  std::vector<double> factor(names.size(), 1.0);
  const bool standard = m.pipeline.options().scale == pipeline::Scaling::standard;
  if (!standard) {
    std::size_t j = 0;
    for (const auto& f : m.pipeline.features()) {
      if (f.type == table::ColumnType::numeric) {
        const model::ColumnStats* c = m.training_stats.find(f.name);
        if (c != nullptr && c->numeric && f.scale != 0.0) factor[j] = c->numeric->std / f.scale;
        ++j;
      } else {
        j += f.categories.size() + (f.missing_category ? 1 : 0);
      }
    }
  }
  std::vector<std::string> outputs;
  if (!m.is_classifier()) {
    outputs.push_back(m.target);
  } else if (m.classes.size() == 2) {
    outputs.push_back("log-odds of " + m.classes[1]);
  } else {
    outputs = m.classes;
  }
  for (Eigen::Index k = 0; k < m.linear.coef.rows(); ++k) {
    std::vector<report::Bar> bars;
    for (std::size_t j = 0; j < names.size(); ++j) {
      bars.push_back({names[j], m.linear.coef(k, static_cast<Eigen::Index>(j)) * factor[j], 0.0});
    }
    std::stable_sort(bars.begin(), bars.end(), [](const report::Bar& a, const report::Bar& b) {
      return std::abs(a.value) > std::abs(b.value);
    });
    const std::size_t total = bars.size();
    if (bars.size() > kMaxBars) bars.resize(kMaxBars);
    const std::string title = fmt::format("Coefficients: {}", outputs[static_cast<std::size_t>(k)]);
    std::string note = fmt::format(
        "<div class=\"muted\">per standard deviation of each numeric "
        "input; intercept {}{}</div>",
        num(m.linear.intercept(k)),
        total > kMaxBars ? fmt::format("; largest {} of {}", kMaxBars, total) : "");
    s += card(title, report::bar_chart(bars, {"", "", "", 460, 0}) + note);
  }
  if (m.evaluation.permutation_importance) {
    const model::PermutationImportance& p = *m.evaluation.permutation_importance;
    std::vector<report::Bar> bars;
    for (const auto& f : p.features) bars.push_back({f.feature, f.mean, f.std});
    std::stable_sort(bars.begin(), bars.end(),
                     [](const report::Bar& a, const report::Bar& b) { return a.value > b.value; });
    if (bars.size() > kMaxBars) bars.resize(kMaxBars);
    const std::string metric(model::name_of(p.metric));
    const std::string note = fmt::format(
        "<div class=\"muted\">how much {} worsens when one column is shuffled across {} held-out "
        "rows (mean of {} shuffles, whisker = 1 std)</div>",
        metric == "r2" ? "R&#178;" : esc(metric), p.rows, p.repeats);
    s += card("Permutation importance", report::bar_chart(bars, {"", "", "", 460, 0}) + note);
  }
  return s + "</div>\n";
}

// ---- lineage --------------------------------------------------------------------------------

std::string lineage_section(const model::Model& m) {
  std::string s =
      "<h2>Lineage</h2>\n<table><tr><th>model</th><th>created</th><th>trained on</th>"
      "<th></th></tr>\n";
  const auto row = [](const std::string& id, const std::string& created,
                      const model::DataFingerprint& d, const std::string& note) {
    return fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td>{}: {} rows, xxh3 <code>{}</code></td>"
        "<td>{}</td></tr>\n",
        esc(id), esc(created), esc(d.source), d.rows, to_hex64(d.hash), esc(note));
  };
  for (const auto& a : m.provenance.lineage) {
    s += row(a.id, a.created, a.data, a.forced ? "promoted by --force" : "");
  }
  s += row(m.provenance.id, m.provenance.created, m.data,
           std::string("this model") + (m.provenance.forced ? ", promoted by --force" : ""));
  s += "</table>\n";
  if (m.provenance.lineage.empty()) s += "<p class=\"muted\">A fresh train: no ancestors.</p>\n";
  return s;
}

std::string purpose_section(const model::Model& m) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"target", m.target},
      {"algorithm", fmt::format("{} (alpha {})", model::to_string(m.algorithm), num(m.alpha))}};
  if (m.is_classifier())
    rows.emplace_back("classes", fmt::format("{}", fmt::join(m.classes, ", ")));
  rows.emplace_back("inputs", fmt::format("{} columns, {} encoded features",
                                          m.pipeline.features().size(), m.pipeline.width()));
  const json recipe = model::to_json(m.recipe);
  for (const auto& [key, value] : recipe.items()) {
    if (key == "target") continue;
    std::string text;
    if (value.is_array()) {
      std::vector<std::string> items;
      for (const auto& v : value) items.push_back(value_text(v));
      text = items.empty() ? "(none)" : fmt::format("{}", fmt::join(items, ", "));
    } else {
      text = value_text(value);
    }
    rows.emplace_back("recipe: " + key, text);
  }
  return "<h2>What it is for</h2>\n" + key_values(rows) + "\n";
}

// ---- datasets -------------------------------------------------------------------------------

std::string dataset_column_card(const stats::ColumnStats& c) {
  std::string chart;
  std::vector<std::pair<std::string, std::string>> rows = {
      {"type", std::string(stats::to_string(c.type))},
      {"values", std::to_string(c.count)},
      {"missing", fmt::format("{} ({:.1f}%)", c.missing, c.missing_percent())},
      {"distinct", std::to_string(c.distinct)}};
  if (c.numeric) {
    const auto& n = *c.numeric;
    std::vector<double> counts(n.histogram.counts.begin(), n.histogram.counts.end());
    chart = report::histogram(n.histogram.edges, counts, {"", "", "", 260, 120});
    rows.insert(rows.end(), {{"mean", num(n.mean)},
                             {"std", num(n.std)},
                             {"min", num(n.min)},
                             {"median", num(n.median)},
                             {"max", num(n.max)}});
  } else if (c.categorical) {
    std::vector<report::Bar> bars;
    for (const auto& v : c.categorical->top) {
      if (bars.size() == 8) break;
      bars.push_back({v.value, static_cast<double>(v.count), 0.0});
    }
    chart = report::bar_chart(bars, {"", "", "", 260, 0});
  }
  return card(c.name, chart + key_values(rows));
}

}  // namespace

std::string model_report_html(const model::Model& m, const std::string& path) {
  std::string body = purpose_section(m);
  body += data_section(m);
  body += evaluation_section(m);
  body += coefficient_charts(m);
  body += lineage_section(m);
  const std::string subtitle =
      fmt::format("{}, model id {}, created {}, mlctl {}", path, m.provenance.id,
                  m.provenance.created, m.provenance.mlctl_version);
  return page(fmt::format("Model card: predicts {}", m.target), subtitle, body);
}

std::string dataset_report_html(const stats::DatasetStats& stats) {
  std::string body = "<h2>Summary</h2>\n";
  body += key_values(
      {{"rows", std::to_string(stats.rows)},
       {"columns", std::to_string(stats.columns.size())},
       {"numeric columns", std::to_string(stats.columns_of_type(stats::ColumnType::numeric))},
       {"categorical columns",
        std::to_string(stats.columns_of_type(stats::ColumnType::categorical))},
       {"rows with a missing value", std::to_string(stats.rows_with_missing)}});
  body += "<h2>Columns</h2>\n<div class=\"cards\">\n";
  for (const auto& c : stats.columns) body += dataset_column_card(c);
  body += "</div>\n";
  return page(fmt::format("Dataset: {}", stats.source),
              fmt::format("{} rows, {} columns", stats.rows, stats.columns.size()), body);
}

}  // namespace mlctl::cli
