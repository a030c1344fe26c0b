#include "html_report.hpp"

#include <fmt/format.h>

#include "report/html_page.hpp"
#include "report/svg.hpp"

namespace mlctl::cli {
namespace {

using report::html_card;
using report::key_values;
using report::short_number;

// One card per column: its histogram or most frequent values, and its counts and summary.
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
    rows.insert(rows.end(), {{"mean", short_number(n.mean)},
                             {"std", short_number(n.std)},
                             {"min", short_number(n.min)},
                             {"median", short_number(n.median)},
                             {"max", short_number(n.max)}});
  } else if (c.categorical) {
    std::vector<report::Bar> bars;
    for (const auto& v : c.categorical->top) {
      if (bars.size() == 8) break;
      bars.push_back({v.value, static_cast<double>(v.count), 0.0});
    }
    chart = report::bar_chart(bars, {"", "", "", 260, 0});
  }
  return html_card(c.name, chart + key_values(rows));
}

}  // namespace

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
  return report::html_page(fmt::format("Dataset: {}", stats.source),
                           fmt::format("{} rows, {} columns", stats.rows, stats.columns.size()),
                           body);
}

}  // namespace mlctl::cli
