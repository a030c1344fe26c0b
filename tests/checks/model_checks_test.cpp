// lint-data against a model: a hand-made model whose training statistics are known exactly.

#include <doctest/doctest.h>

#include "checks/lint_test_support.hpp"

using namespace mlctl;
using namespace mlctl::checks;
using namespace mlctl::checks::testing;

namespace {

// Trained on x (numeric, range [0, 10], one inner decile edge at 5 with half the rows on each
// side, no missing values) and c (categories a and b, half each); target y (ridge).
model::Model hand_made_model() {
  model::Model m;
  m.target = "y";
  pipeline::Feature x;
  x.name = "x";
  x.type = table::ColumnType::numeric;
  pipeline::Feature c;
  c.name = "c";
  c.type = table::ColumnType::categorical;
  c.categories = {"a", "b"};
  m.pipeline = pipeline::FeaturePipeline({}, {x, c});
  const auto numeric = [](const char* name, double max, double edge) {
    model::ColumnStats s{name, table::ColumnType::numeric, 4, 0, 0, {}, {}};
    s.numeric = model::NumericSummary{};
    s.numeric->max = max;
    s.numeric->bin_edges = {edge};
    s.numeric->bin_shares = {0.5, 0.5};
    return s;
  };
  model::ColumnStats categories{"c", table::ColumnType::categorical, 4, 0, 2, {}, {}};
  categories.categorical = model::CategoryShares{{{"a", 0.5}, {"b", 0.5}}, 0.0};
  m.training_stats = {4, {numeric("x", 10, 5), categories, numeric("y", 1, 0.5)}};
  return m;
}

}  // namespace

TEST_CASE("against a model: PSI, JS, unseen categories and out-of-range values, exactly") {
  const model::Model m = hand_made_model();
  // x: 1, 2, 3 in the first bin and 20 in the second: shares 0.75/0.25; 20 is out of range.
  // c: a, a, b, z: shares over {a, b, other} 0.5/0.25/0.25; z is unseen.
  const auto report = lint_csv("x,c\n1,a\n2,a\n3,b\n20,z\n", {}, &m);
  CHECK(report.rows == 4);
  const Finding* psi = find(report, "psi-drift", "x");
  REQUIRE(psi != nullptr);
  // scipy-free by hand: (0.75-0.5) ln(1.5) + (0.25-0.5) ln(0.5)
  CHECK(psi->figure == doctest::Approx(0.2746530721670274).epsilon(1e-12));
  CHECK(psi->severity == Severity::error);
  CHECK(psi->message == "PSI 0.275 against the training deciles (warning at 0.1, error at 0.25)");
  const Finding* js = find(report, "js-drift", "c");
  REQUIRE(js != nullptr);
  // scipy.spatial.distance.jensenshannon([.5, .5, 0], [.5, .25, .25], base=2) ** 2
  CHECK(js->figure == doctest::Approx(0.15563906222956644).epsilon(1e-12));
  CHECK(js->severity == Severity::warning);
  const Finding* unseen = find(report, "unseen-category", "c");
  REQUIRE(unseen != nullptr);
  CHECK(unseen->figure == 0.25);
  CHECK(unseen->line == 5);
  CHECK(unseen->severity == Severity::warning);
  CHECK(unseen->message == "1 of 4 values (25.0%) are categories the model never saw: \"z\"");
  const Finding* range = find(report, "out-of-range", "x");
  REQUIRE(range != nullptr);
  CHECK(range->figure == 0.25);
  CHECK(range->line == 5);
  CHECK(range->message == "1 of 4 values (25.0%) lie outside the training range [0, 10]: \"20\"");
  // The target is not required of data to predict on.
  CHECK(find(report, "missing-column", "y") == nullptr);
}

TEST_CASE("against a model: the training range prints with 6 significant digits") {
  model::Model m = hand_made_model();
  // data/titanic.csv holds the float32 artefact 0.666700006 as its smallest age.
  m.training_stats.columns[0].numeric->min = 0.666700006;
  m.training_stats.columns[0].numeric->max = 80.0000001;
  const auto report = lint_csv("x,c\n1,a\n2,a\n3,b\n90,z\n", {}, &m);
  const Finding* range = find(report, "out-of-range", "x");
  REQUIRE(range != nullptr);
  CHECK(range->message ==
        "1 of 4 values (25.0%) lie outside the training range [0.6667, 80]: \"90\"");
}

TEST_CASE("against a model: the same distribution has no drift, thresholds move severities") {
  const model::Model m = hand_made_model();
  const auto same = lint_csv("x,c,y\n1,a,0\n9,b,1\n2,b,0\n8,a,1\n", {}, &m);
  CHECK(same.findings.empty());
  LintOptions options;
  options.psi_error = 0.3;
  options.unseen_warning = 0.5;
  const auto report = lint_csv("x,c\n1,a\n2,a\n3,b\n20,z\n", options, &m);
  CHECK(find(report, "psi-drift", "x")->severity == Severity::warning);
  CHECK(find(report, "unseen-category", "c")->severity == Severity::info);
  options.psi_warning = 0.28;
  CHECK(find(lint_csv("x,c\n1,a\n2,a\n3,b\n20,z\n", options, &m), "psi-drift", "x") == nullptr);
}

TEST_CASE("against a model: missing columns, type mismatches, missing-rate increase") {
  const model::Model m = hand_made_model();
  const auto report = lint_csv("x,other\n1,q\nabc,q\n,q\n,q\n", {}, &m);
  const Finding* missing = find(report, "missing-column", "c");
  REQUIRE(missing != nullptr);
  CHECK(missing->severity == Severity::error);
  CHECK(missing->line == 1);
  CHECK(missing->message == "the model needs column \"c\", which the data does not have");
  const Finding* type = find(report, "type-mismatch", "x");
  REQUIRE(type != nullptr);
  CHECK(type->severity == Severity::error);
  CHECK(type->figure == 1.0);
  CHECK(type->line == 3);
  CHECK(type->message == "numeric in training, but 1 values are not numbers: \"abc\"");
  const Finding* rise = find(report, "missing-increase", "x");
  REQUIRE(rise != nullptr);
  CHECK(rise->figure == 0.5);
  CHECK(rise->message == "missing values rose from 0.0% in training to 50.0%");
  CHECK(report.findings.front().severity == Severity::error);
}
