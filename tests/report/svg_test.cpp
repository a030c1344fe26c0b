// Every chart is one well-formed XML element, and text from the data shows as text.

#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <vector>

#include "report/curves.hpp"
#include "report/svg.hpp"
#include "report/xml_check.hpp"

namespace {

using namespace mlctl::report;
using mlctl::report::testing::xml_error;

const std::string kNasty = "<script>&\"'";
const std::string kNastyShown = "&lt;script&gt;&amp;&quot;&#39;";

void check_chart(const std::string& svg) {
  CHECK(xml_error(svg) == "");
  CHECK(svg.rfind("<svg ", 0) == 0);
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("http") == std::string::npos);
}

}  // namespace

TEST_CASE("the XML checker itself refuses what is not well-formed") {
  CHECK(xml_error("<a><b/></a>") == "");
  CHECK(xml_error("<a x=\"1\">t &amp; &#39; &#xFF;</a>") == "");
  CHECK(xml_error("<a><b></a>") == "mismatched </a>");
  CHECK(xml_error("<a>") == "unclosed <a>");
  CHECK(xml_error("<a x=1/>") == "unquoted attribute x");
  CHECK(xml_error("<a x=\"1\" x=\"2\"/>") == "duplicate attribute x");
  CHECK(xml_error("<a>&</a>") == "bad entity at 3");
  CHECK(xml_error("<a>&foo;</a>") == "bad entity at 3");
  CHECK(xml_error("<a/><b/>") == "second root element b");
  CHECK(xml_error("<a x=\"<\"/>") == "< in attribute x");
  CHECK(xml_error("<a>1 > 0</a>") == "stray > at 5");
  CHECK(xml_error("") == "no element");
}

TEST_CASE("escape_xml escapes markup characters and control bytes") {
  CHECK(escape_xml(kNasty) == kNastyShown);
  CHECK(escape_xml("a\x01z") == "a&#xFFFD;z");
  CHECK(escape_xml("Gentoo é") == "Gentoo é");
}

TEST_CASE("histogram: one bar per bin, title and labels escaped") {
  const std::vector<double> edges = {0, 1, 2, 4};
  const std::vector<double> heights = {3, 5, 1};
  const std::string svg = histogram(edges, heights, {kNasty, "x " + kNasty, "y", 300, 200});
  check_chart(svg);
  std::size_t bars = 0;
  for (auto at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1)) ++bars;
  CHECK(bars == 3);
  CHECK(svg.find(kNastyShown) != std::string::npos);
  CHECK(svg.find(kNasty) == std::string::npos);
  check_chart(histogram({}, {}, {}));
  CHECK(histogram({}, {}, {}).find("no data") != std::string::npos);
}

TEST_CASE("bar chart: signed bars and escaped category labels") {
  const std::vector<Bar> bars = {{"sex=" + kNasty, 1.5, 0.0}, {"age", -0.75, 0.1}};
  const std::string svg = bar_chart(bars, {"coefficients", "", "", 400, 0});
  check_chart(svg);
  CHECK(svg.find("sex=" + kNastyShown) != std::string::npos);
  CHECK(svg.find("#c8553d") != std::string::npos);  // the negative bar's colour
  CHECK(svg.find(">1.5<") != std::string::npos);
  CHECK(svg.find(">-0.75<") != std::string::npos);
  check_chart(bar_chart({}, {}));
  // A label longer than 40% of the width is cut, never inside a UTF-8 character.
  const std::vector<Bar> long_labels = {
      {"Neighborhood=Northridge_Heights", 1.0, 0.0},
      {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 0.5, 0.0}};
  const std::string cut = bar_chart(long_labels, {"", "", "", 120, 0});
  check_chart(cut);
  CHECK(cut.find(">Nei...<") != std::string::npos);
  CHECK(cut.find(">\xC3\xA9...<") != std::string::npos);  // 3 bytes would split the second
}

TEST_CASE("heat map: a cell per count, the largest darkest") {
  const std::vector<std::vector<double>> cells = {{133, 29}, {32, 68}};
  const std::vector<std::string> labels = {"no", kNasty};
  const std::string svg = heat_map(cells, labels, labels, {"confusion", "predicted", "true"});
  check_chart(svg);
  CHECK(svg.find("fill=\"#1f5f8c\"") != std::string::npos);  // 133: the full colour
  CHECK(svg.find(">133<") != std::string::npos);
  CHECK(svg.find(">68<") != std::string::npos);
  CHECK(svg.find(kNastyShown) != std::string::npos);
}

TEST_CASE("ROC and calibration curves") {
  const std::vector<bool> positive = {false, false, true, true};
  const std::vector<double> score = {0.1, 0.4, 0.35, 0.8};
  const auto roc = roc_curve(positive, score);
  REQUIRE(roc.size() == 5);
  CHECK(roc[1].x == 0.0);
  CHECK(roc[1].y == 0.5);
  CHECK(roc[2].x == 0.5);
  CHECK(roc[2].y == 0.5);
  CHECK(roc[4].x == 1.0);
  CHECK(roc[4].y == 1.0);
  CHECK(roc_curve(std::vector<bool>{true, true}, std::vector<double>{0.1, 0.2}).empty());
  const auto calibration = calibration_curve(positive, score, 2);
  REQUIRE(calibration.size() == 2);
  CHECK(calibration[0].x == doctest::Approx((0.1 + 0.4 + 0.35) / 3));
  CHECK(calibration[0].y == doctest::Approx(1.0 / 3));
  CHECK(calibration[1].x == 0.8);
  CHECK(calibration[1].y == 1.0);
  const std::vector<Series> series = {{"ROC " + kNasty, roc}, {"", calibration}};
  const std::string svg =
      unit_curves(series, {"curves", "false positive rate", "true positive rate"});
  check_chart(svg);
  CHECK(svg.find("<polyline") != std::string::npos);
  CHECK(svg.find("ROC " + kNastyShown) != std::string::npos);
}

TEST_CASE("scatter and equal-width bins") {
  const std::vector<Point> points = {{1, 2}, {2, 1.5}, {3, 3.5}};
  const std::string svg = scatter(points, {"predicted vs actual", "actual", "predicted"});
  check_chart(svg);
  std::size_t dots = 0;
  for (auto at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1))
    ++dots;
  CHECK(dots == 3);
  const std::vector<double> values = {0, 1, 2, 3, 4, 4};
  const auto bins = equal_width_bins(values, 4);
  CHECK(bins.edges == std::vector<double>{0, 1, 2, 3, 4});
  CHECK(bins.counts == std::vector<double>{1, 1, 1, 3});
  const auto flat = equal_width_bins(std::vector<double>{2, 2}, 4);
  CHECK(flat.counts == std::vector<double>{2});
  check_chart(histogram(bins.edges, bins.counts, {}));
}
