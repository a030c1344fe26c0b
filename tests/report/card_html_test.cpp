// The HTML card `describe --html MODEL` writes: its sections in order, the text parts exactly,
// every text escaped, and a body that is well-formed.

#include <doctest/doctest.h>

#include "report/card_html.hpp"
#include "report/card_test_support.hpp"
#include "report/xml_check.hpp"

using namespace mlctl;
using namespace mlctl::report;
using mlctl::report::testing::has;

namespace {

// The page's <main> element's content.
std::string body_of(const std::string& page) {
  const auto begin = page.find("<main>\n");
  const auto end = page.find("</main>");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  return page.substr(begin + 7, end - begin - 7);
}

}  // namespace

TEST_CASE("HTML card: the sections in order, in a page titled by the target") {
  const std::string page = model_card_html(testing::small_ridge(), "toy.mlm");
  CHECK(has(page, "<title>Model card: predicts y</title>"));
  CHECK(has(page,
            "<p>toy.mlm, model id 00000000000000aa, created 2026-12-06T00:00:00Z, mlctl "
            "0.1.0</p>"));
  std::size_t at = 0;
  for (const char* h :
       {"What it is for", "The data it saw", "How good it is", "What drives it", "Lineage"}) {
    const auto next = page.find(std::string("<h2>") + h + "</h2>\n", at);
    CHECK_MESSAGE(next != std::string::npos, h);
    at = next;
  }
  CHECK(testing::xml_error("<div>" + body_of(page) + "</div>") == "");
  CHECK_FALSE(has(page, "<script"));
}

TEST_CASE("HTML card: what it is for, the data it saw and how good it is, exactly") {
  const std::string page = model_card_html(testing::small_ridge(), "toy.mlm");
  CHECK(has(page,
            "<h2>What it is for</h2>\n<table><tr><th>target</th><td>y</td></tr>"
            "<tr><th>algorithm</th><td>ridge (alpha 1)</td></tr>"
            "<tr><th>inputs</th><td>2 columns, 4 encoded features</td></tr>"
            "<tr><th>recipe: algorithm</th><td>ridge</td></tr>"
            "<tr><th>recipe: alphas</th><td>1</td></tr>"
            "<tr><th>recipe: class_weight</th><td>none</td></tr>"
            "<tr><th>recipe: cv</th><td>0</td></tr>"
            "<tr><th>recipe: exclude</th><td>(none)</td></tr>"
            "<tr><th>recipe: features</th><td>(none)</td></tr>"
            "<tr><th>recipe: holdout</th><td>0.2</td></tr>"
            "<tr><th>recipe: impute</th><td>mean</td></tr>"
            "<tr><th>recipe: max_iter</th><td>200</td></tr>"
            "<tr><th>recipe: scale</th><td>standard</td></tr>"
            "<tr><th>recipe: seed</th><td>42</td></tr></table>\n"
            "<h3>Its inputs</h3>\n<table><tr><th>x</th><td>numeric: missing -&gt; mean 2.5; "
            "standard scaling (center 2.5, scale 1.25)</td></tr>"
            "<tr><th>c</th><td>one-hot, 2 categories + missing: a, b</td></tr></table>\n"));
  CHECK(
      has(page,
          "<h2>The data it saw</h2>\n<table><tr><th>source</th><td>toy.csv</td></tr>"
          "<tr><th>rows</th><td>8</td></tr><tr><th>bytes</th><td>64</td></tr>"
          "<tr><th>fingerprint</th><td>xxh3 0123456789abcdef</td></tr></table>"
          "<div class=\"cards\" style=\"margin-top:10px\">\n<div class=\"card\"><h3>x</h3><svg "));
  CHECK(has(page,
            "<div class=\"muted\">numeric, 0 missing</div><div class=\"muted\">5 distinct "
            "values</div><div class=\"muted\">mean 2.5, std 1.2, range 1 to 4</div></div>\n"));
  CHECK(has(page, "<div class=\"card\"><h3>y (target)</h3>"));
  CHECK(has(page,
            "<h2>How good it is</h2>\n"
            "<p>Measured on 2 rows the model did not learn from: holdout of 0.25 (seed 42).</p>\n"
            "<div class=\"cards\">\n<div class=\"card\"><h3>Metrics</h3><table>"
            "<tr><th>n</th><td>2</td></tr><tr><th>r2</th><td>0.5</td></tr>"
            "<tr><th>rmse</th><td>1.25</td></tr><tr><th>mae</th><td>1</td></tr></table></div>\n"
            "<div class=\"card\"><h3>Predicted vs actual</h3><svg "));
}

TEST_CASE("HTML card: a classifier's charts and its lineage, exactly") {
  const std::string page = model_card_html(testing::small_classifier(), "c.mlm");
  CHECK(has(page,
            "<tr><th>algorithm</th><td>logistic (alpha 0.5)</td></tr>"
            "<tr><th>classes</th><td>no, yes</td></tr>"));
  CHECK(has(page, "<h3>Confusion matrix (held-out rows)</h3>"));
  CHECK(has(page, "<h3>ROC curve</h3>"));
  CHECK(has(page, "<h3>Permutation importance</h3>"));
  CHECK(has(page,
            "<h2>Lineage</h2>\n<table><tr><th>model</th><th>created</th><th>trained on</th>"
            "<th></th></tr>\n"
            "<tr><td><code>00000000000000b1</code></td><td>2026-12-01T00:00:00Z</td>"
            "<td>old.csv: 2 rows, xxh3 <code>0000000000000001</code></td><td></td></tr>\n"
            "<tr><td><code>00000000000000b2</code></td><td>2026-12-06T00:00:00Z</td>"
            "<td>new.csv: 4 rows, xxh3 <code>fedcba9876543210</code></td>"
            "<td>this model, promoted by --force</td></tr>\n</table>\n</main>"));
  CHECK(testing::xml_error("<div>" + body_of(page) + "</div>") == "");
}

TEST_CASE("HTML card: not evaluated, a fresh train, and names that look like markup") {
  model::Model m = testing::small_ridge();
  m.evaluation = {};
  m.target = "<script>";
  m.data.source = "a&b.csv";
  const std::string page = model_card_html(m, "<x>.mlm");
  CHECK(has(page,
            "<h2>How good it is</h2>\n"
            "<p>Not evaluated: trained with <code>--holdout 0</code>.</p>\n"
            "<h2>What drives it</h2>\n"));
  CHECK(has(page, "<p class=\"muted\">A fresh train: no ancestors.</p>\n"));
  CHECK(has(page, "<title>Model card: predicts &lt;script&gt;</title>"));
  CHECK(has(page, "<p>&lt;x&gt;.mlm, model id"));
  CHECK(has(page, "<td>a&amp;b.csv: 8 rows"));
  CHECK_FALSE(has(page, "<script"));
  CHECK(testing::xml_error("<div>" + body_of(page) + "</div>") == "");
}

TEST_CASE("HTML card: a wide model charts its 20 largest coefficients of all") {
  const std::string page = model_card_html(testing::wide_ridge(1200), "wide.mlm");
  CHECK(page.find("; largest 20 of 1201</div>") != std::string::npos);
  CHECK(page.find(">c=L1199<") != std::string::npos);
  CHECK(page.find(">c=L1180<") != std::string::npos);
  CHECK(page.find(">c=L1179<") == std::string::npos);
}
