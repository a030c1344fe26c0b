// lint-data's checks of data on its own: each on a small hand-made CSV with exact figures.

#include <doctest/doctest.h>

#include "checks/lint_test_support.hpp"
#include "common/error.hpp"

using namespace mlctl;
using namespace mlctl::checks;
using namespace mlctl::checks::testing;

TEST_CASE("no-rows: a header without rows is an error, a zero-byte file has its own report") {
  const auto report = lint_csv("a,b\n");
  CHECK(report.rows == 0);
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].rule == "no-rows");
  CHECK(report.findings[0].severity == Severity::error);
  CHECK(report.findings[0].message == "the file has a header but no data rows");

  const auto empty = empty_file_report("empty.csv");
  REQUIRE(empty.findings.size() == 1);
  CHECK(empty.findings[0].rule == "empty-file");
  CHECK(empty.count(Severity::error) == 1);
  CHECK(empty.fails(Severity::error));
}

TEST_CASE("duplicate-rows: counts exact repeats and points at the first") {
  const auto report = lint_csv("a,b\n1,x\n2,y\n1,x\n3,z\n1,x\n2,y\n");
  const Finding* f = find(report, "duplicate-rows");
  REQUIRE(f != nullptr);
  CHECK(f->figure == 3.0);
  CHECK(f->line == 4);
  CHECK(f->severity == Severity::warning);
  CHECK(f->message == "3 rows repeat an earlier row exactly");
  // Fields are hashed with their lengths: quoting that moves a comma makes a different row.
  CHECK(find(lint_csv("a,b\n\"1,\",2\n1,\",2\"\n"), "duplicate-rows") == nullptr);
}

TEST_CASE("duplicate-rows: bounded, past the cap rows are compared with the kept ones") {
  LintOptions options;
  options.duplicate_rows_cap = 2;
  const auto report = lint_csv("a\n1\n2\n3\n3\n1\n", options);
  const Finding* f = find(report, "duplicate-rows");
  REQUIRE(f != nullptr);
  CHECK(f->figure == 1.0);  // 3 is past the cap and never kept; 1 is found
  CHECK(f->line == 6);
  CHECK(f->message ==
        "1 rows repeat an earlier row exactly (rows are compared with the first 2 rows only)");
}

TEST_CASE("constant-column: one value, ignoring missing ones, 1 and 1.0 are the same number") {
  const auto report = lint_csv("a,b,c\n1,x,\n1.0,y,k\n1,x,k\n");
  const Finding* a = find(report, "constant-column", "a");
  REQUIRE(a != nullptr);
  CHECK(a->message == "every non-missing value is \"1\"");
  CHECK(find(report, "constant-column", "c") != nullptr);
  CHECK(find(report, "constant-column", "b") == nullptr);
}

TEST_CASE("mostly-missing: flags at the --max-missing share") {
  LintOptions options;
  options.missing_threshold = 0.5;
  const auto report = lint_csv("a,b,c\n1,,\n2,NA,\n3,x,\n4,y,\n", options);
  const Finding* b = find(report, "mostly-missing", "b");
  REQUIRE(b != nullptr);
  CHECK(b->figure == 0.5);
  CHECK(b->line == 2);
  CHECK(b->message == "2 of 4 values (50.0%) are missing (--max-missing 0.5)");
  const Finding* c = find(report, "mostly-missing", "c");
  REQUIRE(c != nullptr);
  CHECK(c->message == "all 4 values are missing");
  options.missing_threshold = 0.6;
  CHECK(find(lint_csv("a,b\n1,\n2,NA\n3,x\n4,y\n", options), "mostly-missing", "b") == nullptr);
}

TEST_CASE("mixed-types: a mostly numeric column shows its strings, the later ones with lines") {
  std::string csv = "v\n";
  for (int i = 0; i < 30; ++i) csv += std::to_string(i) + "\n";
  csv += "abc\n5\nn/a?\nabc\n";
  const auto report = lint_csv(csv);
  const Finding* f = find(report, "mixed-types", "v");
  REQUIRE(f != nullptr);
  CHECK(f->figure == 3.0);
  CHECK(f->line == 32);
  CHECK(f->message ==
        "3 of 34 values in a mostly numeric column are not numbers: \"abc\", "
        "\"n/a?\" (line 34) (3 in all)");
  // Mostly text: a categorical column, not a mixed one.
  CHECK(find(lint_csv("v\n1\nx\ny\nz\n"), "mixed-types", "v") == nullptr);
}

TEST_CASE("identifier-column: distinct text or distinct integers, not decimals, not the target") {
  std::string csv = "name,id,measure,group,y\n";
  for (int i = 0; i < 30; ++i) {
    csv += "person" + std::to_string(i) + "," + std::to_string(1000 + i) + "," + std::to_string(i) +
           ".5," + (i % 2 ? "a" : "b") + ",t" + std::to_string(i) + "\n";
  }
  LintOptions options;
  options.target = "y";
  const auto report = lint_csv(csv, options);
  const Finding* name = find(report, "identifier-column", "name");
  REQUIRE(name != nullptr);
  CHECK(name->figure == 1.0);
  CHECK(name->message == "100.0% of 30 values are distinct: an identifier, not a feature");
  CHECK(find(report, "identifier-column", "id") != nullptr);
  CHECK(find(report, "identifier-column", "measure") == nullptr);
  CHECK(find(report, "identifier-column", "group") == nullptr);
  CHECK(find(report, "identifier-column", "y") == nullptr);
}

TEST_CASE("target-missing and class-imbalance") {
  std::string csv = "x,y\n";
  for (int i = 0; i < 19; ++i) csv += std::to_string(i % 7) + ",no\n";
  csv += "3,yes\n4,\n";
  LintOptions options;
  options.target = "y";
  const auto report = lint_csv(csv, options);
  const Finding* missing = find(report, "target-missing", "y");
  REQUIRE(missing != nullptr);
  CHECK(missing->figure == 1.0);
  CHECK(missing->line == 22);
  const Finding* imbalance = find(report, "class-imbalance", "y");
  REQUIRE(imbalance != nullptr);
  CHECK(imbalance->figure == doctest::Approx(0.05));
  CHECK(imbalance->message ==
        "the rarest class \"yes\" is 5.0% of labelled rows (1 of 20; --min-class-share 0.1)");
  options.minority_share = 0.05;
  CHECK(find(lint_csv(csv, options), "class-imbalance", "y") == nullptr);
}

TEST_CASE("findings are sorted errors, warnings, info, counts and --fail-on levels") {
  LintOptions options;
  options.target = "y";
  std::string csv = "copy,k,y\n";
  for (int i = 0; i < 40; ++i)
    csv += std::string(i % 3 ? "p" : "q") + ",1," + (i % 3 ? "a" : "b") + "\n";
  const auto report = lint_csv(csv, options);
  REQUIRE(report.findings.size() >= 3);
  CHECK(report.findings.front().severity == Severity::error);
  CHECK(report.findings.front().rule == "target-leakage");
  for (std::size_t i = 1; i < report.findings.size(); ++i) {
    CHECK(static_cast<int>(report.findings[i - 1].severity) >=
          static_cast<int>(report.findings[i].severity));
  }
  CHECK(report.count(Severity::error) == 1);
  CHECK(report.fails(Severity::error));
  const auto clean = lint_csv("a,b\n1,x\n2,y\n");
  CHECK(clean.findings.empty());
  CHECK_FALSE(clean.fails(Severity::warning));
  CHECK(clean.rows == 2);
}

TEST_CASE("usage errors: unknown target, thresholds out of range") {
  LintOptions options;
  options.target = "nope";
  try {
    lint_csv("a,b\n1,2\n", options);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == "--target: no column named \"nope\"");
  }
  LintOptions bad;
  bad.psi_warning = 0.3;
  bad.psi_error = 0.2;
  CHECK_THROWS_WITH_AS(lint_csv("a\n1\n", bad), "--psi-fail must be >= --psi-warn (0.3), got 0.2",
                       Error);
  LintOptions share;
  share.missing_threshold = 1.5;
  CHECK_THROWS_WITH_AS(lint_csv("a\n1\n", share), "--max-missing must be in [0, 1], got 1.5",
                       Error);
  CHECK(parse_severity("warning") == Severity::warning);
  CHECK_THROWS_AS(parse_severity("fatal"), Error);
  CHECK(std::string(to_string(Severity::info)) == "info");
}

TEST_CASE("ragged-row: one error per row of another field count, 20 listed, the rest counted") {
  std::string text = "a,b\n1,2\n3\n4,5,6\n7,8\n";
  const LintReport few = lint_csv(text);
  CHECK(few.rows == 2);
  REQUIRE(count_rule(few, "ragged-row") == 2);
  CHECK(few.findings[0].rule == "ragged-row");
  CHECK(few.findings[0].severity == Severity::error);
  CHECK(few.findings[0].line == 3);
  CHECK(few.findings[0].figure == 1);
  CHECK(few.findings[0].message == "expected 2 fields (as in the header), found 1");
  CHECK(few.findings[1].line == 4);
  CHECK(few.findings[1].message == "expected 2 fields (as in the header), found 3");
  CHECK(few.fails(Severity::error));

  for (int i = 0; i < 23; ++i) text += "9\n";  // lines 6 to 28
  const LintReport many = lint_csv(text);
  CHECK(many.rows == 2);
  REQUIRE(count_rule(many, "ragged-row") == 21);
  CHECK(many.findings[19].line == 23);
  const Finding& rest = many.findings[20];
  CHECK(rest.line == 24);
  CHECK(rest.figure == 5);
  CHECK(rest.message ==
        "5 more rows have another field count than the header (25 in all, the first 20 listed)");
}
