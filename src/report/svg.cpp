#include "report/svg.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace mlctl::report {
namespace {

constexpr const char* kInk = "#1f2933";
constexpr const char* kMuted = "#7b8794";
constexpr const char* kGrid = "#e4e7eb";
constexpr const char* kBar = "#3d7ea6";
constexpr const char* kNegative = "#c8553d";
constexpr const char* kSeries[] = {"#3d7ea6", "#c8553d", "#5a9e6f", "#8e6c8a", "#d6a23d"};

// Axis ticks: short enough for the left margin.
std::string tick(double v) {
  // Whole numbers up to millions read better in full (2007, 6300) than as 2.01e+03.
  if (std::abs(v) >= 10 && std::abs(v) < 1e7) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

// Short numbers for bar and cell labels.
std::string num(double v) {
  return fmt::format("{:.3g}", v);
}

// Where the data goes: a plot rectangle and the data ranges mapped onto it.
struct Frame {
  double left, top, right, bottom;
  double x0 = 0.0, x1 = 1.0, y0 = 0.0, y1 = 1.0;
  double x(double v) const { return left + (v - x0) / (x1 - x0) * (right - left); }
  double y(double v) const { return bottom - (v - y0) / (y1 - y0) * (bottom - top); }
};

std::string open_svg(const ChartOptions& o) {
  std::string s = fmt::format(
      "<svg width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">",
      o.width, o.height);
  if (!o.title.empty()) {
    s += fmt::format(
        "<title>{}</title><text x=\"4\" y=\"14\" font-weight=\"bold\" fill=\"{}\">{}</text>",
        escape_xml(o.title), kInk, escape_xml(o.title));
  }
  return s;
}

std::string text(double x, double y, std::string_view content, const char* anchor = "middle",
                 const char* color = kMuted) {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" fill=\"{}\">{}</text>", x,
                     y, anchor, color, escape_xml(content));
}

std::string line(double x1, double y1, double x2, double y2, const char* color,
                 const char* extra = "") {
  return fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"{}/>", x1, y1, x2,
      y2, color, extra);
}

std::string rect(double x, double y, double w, double h, std::string_view fill) {
  return fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>", x, y,
      std::max(w, 0.0), std::max(h, 0.0), fill);
}

// Axes with min/max tick labels and the axis titles.
std::string axes(const Frame& f, const ChartOptions& o) {
  std::string s = line(f.left, f.bottom, f.right, f.bottom, kMuted);
  s += line(f.left, f.top, f.left, f.bottom, kMuted);
  s += text(f.left, f.bottom + 12, tick(f.x0), "start");
  s += text(f.right, f.bottom + 12, tick(f.x1), "end");
  s += text(f.left - 3, f.bottom, tick(f.y0), "end");
  s += text(f.left - 3, f.top + 8, tick(f.y1), "end");
  if (!o.x_label.empty()) s += text((f.left + f.right) / 2, f.bottom + 26, o.x_label);
  if (!o.y_label.empty()) {
    s += fmt::format(
        "<text transform=\"translate(11 {:.1f}) rotate(-90)\" text-anchor=\"middle\" "
        "fill=\"{}\">{}</text>",
        (f.top + f.bottom) / 2, kMuted, escape_xml(o.y_label));
  }
  return s;
}

Frame plot_frame(const ChartOptions& o, double left = 50.0) {
  return {left, o.title.empty() ? 8.0 : 24.0, static_cast<double>(o.width) - 12.0,
          static_cast<double>(o.height) - (o.x_label.empty() ? 20.0 : 34.0)};
}

bool finite(double v) {
  return std::isfinite(v);
}

}  // namespace

std::string escape_xml(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (const char c : in) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters are not allowed in XML 1.0: shown as a replacement mark.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += "&#xFFFD;";
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string histogram(std::span<const double> edges, std::span<const double> heights,
                      const ChartOptions& o) {
  std::string s = open_svg(o);
  Frame f = plot_frame(o);
  if (heights.empty() || edges.size() != heights.size() + 1 || !(edges.back() > edges.front())) {
    return s + text(o.width / 2.0, o.height / 2.0, "no data") + "</svg>";
  }
  f.x0 = edges.front();
  f.x1 = edges.back();
  f.y1 = *std::max_element(heights.begin(), heights.end());
  if (!(f.y1 > 0.0) || !finite(f.y1)) f.y1 = 1.0;
  for (std::size_t i = 0; i < heights.size(); ++i) {
    const double x = f.x(edges[i]);
    const double w = f.x(edges[i + 1]) - x;
    s += rect(x + 0.5, f.y(heights[i]), w - 1.0, f.bottom - f.y(heights[i]), kBar);
  }
  return s + axes(f, o) + "</svg>";
}

std::string bar_chart(std::span<const Bar> bars, const ChartOptions& given) {
  ChartOptions o = given;
  constexpr double kRow = 18.0;
  const double header = o.title.empty() ? 8.0 : 24.0;
  o.height = static_cast<int>(header + kRow * static_cast<double>(bars.size()) + 24.0);
  std::string s = open_svg(o);
  if (bars.empty()) return s + text(o.width / 2.0, header + 12, "no data") + "</svg>";
  std::size_t longest = 0;
  for (const auto& b : bars) longest = std::max(longest, b.label.size());
  // Labels get at most 40% of the width; longer ones are cut (on a UTF-8 boundary) with "...".
  constexpr double kCharWidth = 6.2;
  const double label_width =
      std::min(0.4 * o.width, 8.0 + kCharWidth * static_cast<double>(longest));
  const auto max_chars = static_cast<std::size_t>((label_width - 8.0) / kCharWidth);
  const auto shorten = [max_chars](const std::string& label) {
    if (label.size() <= max_chars || max_chars < 4) return label;
    std::size_t cut = max_chars - 3;
    while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
    return label.substr(0, cut) + "...";
  };
  Frame f{label_width, header, static_cast<double>(o.width) - 48.0,
          header + kRow * static_cast<double>(bars.size())};
  f.x0 = 0.0;
  f.x1 = 0.0;
  for (const auto& b : bars) {
    if (!finite(b.value)) continue;
    f.x0 = std::min(f.x0, b.value - b.error);
    f.x1 = std::max(f.x1, b.value + b.error);
  }
  if (f.x1 == f.x0) f.x1 = f.x0 + 1.0;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double top = header + kRow * static_cast<double>(i);
    const double v = finite(bars[i].value) ? bars[i].value : 0.0;
    const double a = f.x(std::min(0.0, v));
    const double b = f.x(std::max(0.0, v));
    s += text(label_width - 4, top + 12.5, shorten(bars[i].label), "end", kInk);
    s += rect(a, top + 3, b - a, kRow - 6, v < 0 ? kNegative : kBar);
    if (bars[i].error > 0.0) {
      s += line(f.x(v - bars[i].error), top + kRow / 2, f.x(v + bars[i].error), top + kRow / 2,
                kInk);
    }
    s += text(std::max(a, b) + 3 + (bars[i].error > 0 ? f.x(v + bars[i].error) - b : 0.0),
              top + 12.5, num(v), "start");
  }
  s += line(f.x(0.0), f.top, f.x(0.0), f.bottom, kMuted);
  s += text(f.x(f.x0), f.bottom + 12, num(f.x0));
  s += text(f.x(f.x1), f.bottom + 12, num(f.x1));
  if (!o.x_label.empty()) s += text((f.left + f.right) / 2, f.bottom + 12, o.x_label);
  return s + "</svg>";
}

std::string heat_map(const std::vector<std::vector<double>>& cells,
                     std::span<const std::string> row_labels,
                     std::span<const std::string> column_labels, const ChartOptions& given) {
  ChartOptions o = given;
  const std::size_t rows = cells.size();
  std::size_t cols = 0;
  for (const auto& row : cells) cols = std::max(cols, row.size());
  std::size_t longest = 0;
  for (const auto& l : row_labels) longest = std::max(longest, l.size());
  const double left = std::min(160.0, 24.0 + 6.2 * static_cast<double>(longest));
  const double top = (o.title.empty() ? 8.0 : 24.0) + 16.0;
  const double cell =
      std::clamp(200.0 / static_cast<double>(std::max<std::size_t>(cols, 1)), 24.0, 60.0);
  o.width = std::max(o.width, static_cast<int>(left + cell * static_cast<double>(cols) + 12));
  o.height = static_cast<int>(top + cell * static_cast<double>(rows) + 34);
  std::string s = open_svg(o);
  double peak = 0.0;
  for (const auto& row : cells)
    for (const double v : row) peak = std::max(peak, finite(v) ? v : 0.0);
  for (std::size_t j = 0; j < cols; ++j) {
    const std::string label = j < column_labels.size() ? column_labels[j] : "";
    s += text(left + cell * (static_cast<double>(j) + 0.5), top - 4, label, "middle", kInk);
  }
  for (std::size_t i = 0; i < rows; ++i) {
    const double y = top + cell * static_cast<double>(i);
    const std::string label = i < row_labels.size() ? row_labels[i] : "";
    s += text(left - 4, y + cell / 2 + 4, label, "end", kInk);
    for (std::size_t j = 0; j < cells[i].size(); ++j) {
      const double v = finite(cells[i][j]) ? cells[i][j] : 0.0;
      const double share = peak > 0.0 ? v / peak : 0.0;
      // From near-white to the bar colour; dark cells get light text.
      const auto channel = [&](int from, int to) {
        return static_cast<int>(std::lround(from + (to - from) * share));
      };
      const std::string fill = fmt::format("#{:02x}{:02x}{:02x}", channel(0xf5, 0x1f),
                                           channel(0xf7, 0x5f), channel(0xfa, 0x8c));
      const double x = left + cell * static_cast<double>(j);
      s += rect(x, y, cell - 1, cell - 1, fill);
      s += text(x + cell / 2, y + cell / 2 + 4, num(v), "middle", share > 0.5 ? "#ffffff" : kInk);
    }
  }
  if (!o.x_label.empty()) {
    s += text(left + cell * static_cast<double>(cols) / 2,
              top + cell * static_cast<double>(rows) + 16, o.x_label);
  }
  if (!o.y_label.empty()) {
    s += fmt::format(
        "<text transform=\"translate(11 {:.1f}) rotate(-90)\" text-anchor=\"middle\" "
        "fill=\"{}\">{}</text>",
        top + cell * static_cast<double>(rows) / 2, kMuted, escape_xml(o.y_label));
  }
  return s + "</svg>";
}

std::string unit_curves(std::span<const Series> series, const ChartOptions& o) {
  std::string s = open_svg(o);
  Frame f = plot_frame(o);
  // Square plot area so the diagonal is at 45 degrees.
  const double side = std::min(f.right - f.left, f.bottom - f.top);
  f.right = f.left + side;
  f.top = f.bottom - side;
  s += rect(f.left, f.top, side, side, "#fbfcfd");
  s += line(f.x(0), f.y(0), f.x(1), f.y(1), kGrid, " stroke-dasharray=\"4 3\"");
  for (std::size_t k = 0; k < series.size(); ++k) {
    const char* color = kSeries[k % std::size(kSeries)];
    std::string points;
    for (const auto& p : series[k].points) {
      if (!finite(p.x) || !finite(p.y)) continue;
      points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", f.x(p.x), f.y(p.y));
    }
    s += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                     points, color);
    if (series[k].points.size() <= 20) {
      for (const auto& p : series[k].points) {
        if (!finite(p.x) || !finite(p.y)) continue;
        s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"{}\"/>", f.x(p.x),
                         f.y(p.y), color);
      }
    }
    if (!series[k].name.empty()) {
      const double y = f.top + 12 + 13 * static_cast<double>(k);
      s += rect(f.right + 6, y - 8, 8, 8, color);
      s += text(f.right + 18, y, series[k].name, "start", kInk);
    }
  }
  return s + axes(f, o) + "</svg>";
}

std::string scatter(std::span<const Point> points, const ChartOptions& o) {
  std::string s = open_svg(o);
  Frame f = plot_frame(o);
  bool any = false;
  double lo = 0.0;
  double hi = 0.0;
  for (const auto& p : points) {
    if (!finite(p.x) || !finite(p.y)) continue;
    lo = any ? std::min({lo, p.x, p.y}) : std::min(p.x, p.y);
    hi = any ? std::max({hi, p.x, p.y}) : std::max(p.x, p.y);
    any = true;
  }
  if (!any) return s + text(o.width / 2.0, o.height / 2.0, "no data") + "</svg>";
  if (!(hi > lo)) hi = lo + 1.0;
  f.x0 = f.y0 = lo;
  f.x1 = f.y1 = hi;
  const double side = std::min(f.right - f.left, f.bottom - f.top);
  f.right = f.left + side;
  f.top = f.bottom - side;
  s += line(f.x(lo), f.y(lo), f.x(hi), f.y(hi), kNegative, " stroke-dasharray=\"4 3\"");
  for (const auto& p : points) {
    if (!finite(p.x) || !finite(p.y)) continue;
    s += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"{}\" fill-opacity=\"0.5\"/>", f.x(p.x),
        f.y(p.y), kBar);
  }
  return s + axes(f, o) + "</svg>";
}

}  // namespace mlctl::report
