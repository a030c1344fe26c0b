#pragma once
// SVG charts for the HTML reports (the model card, report/card_html.hpp, and the dataset report):
// pure functions from numbers to one self-contained <svg> element (no scripts, no external
// references). Every text passed in is escaped, so a category named `<script>` shows as text.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mlctl::report {

// Escapes & < > " ' for XML text and attribute values.
std::string escape_xml(std::string_view text);

struct ChartOptions {
  std::string title;  // drawn above the plot; empty = none
  std::string x_label;
  std::string y_label;
  int width = 360;
  int height = 220;
};

struct Bar {
  std::string label;
  double value = 0.0;  // may be negative: bars grow left or right of zero
  double error = 0.0;  // half-width of an error whisker; 0 = none
};

struct Point {
  double x = 0.0;
  double y = 0.0;
};

struct Series {
  std::string name;  // shown in the legend
  std::vector<Point> points;
};

// Bars over [edges[i], edges[i+1]) with the given heights; edges.size() == heights.size() + 1.
std::string histogram(std::span<const double> edges, std::span<const double> heights,
                      const ChartOptions& options);

// Horizontal labelled bars, one per entry, in the order given.
std::string bar_chart(std::span<const Bar> bars, const ChartOptions& options);

// A grid of counts, row i and column j shaded by cells[i][j] / the largest cell: a confusion
// matrix with true classes as rows and predicted classes as columns.
std::string heat_map(const std::vector<std::vector<double>>& cells,
                     std::span<const std::string> row_labels,
                     std::span<const std::string> column_labels, const ChartOptions& options);

// Polylines on a [0,1] x [0,1] square with the diagonal dashed: ROC and calibration curves.
std::string unit_curves(std::span<const Series> series, const ChartOptions& options);

// Points with the line y = x dashed: predicted against actual.
std::string scatter(std::span<const Point> points, const ChartOptions& options);

}  // namespace mlctl::report
