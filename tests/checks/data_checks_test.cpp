// lint-data's checks of data on its own: each on a small hand-made CSV with exact figures.

#include <algorithm>
#include <initializer_list>
#include <string>

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
        "1 row repeats an earlier row exactly (rows are compared with the first 2 rows only)");
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
  CHECK(name->message == "all 30 values are distinct: an identifier, not a feature");
  CHECK(find(report, "identifier-column", "id") != nullptr);
  CHECK(find(report, "identifier-column", "measure") == nullptr);
  CHECK(find(report, "identifier-column", "group") == nullptr);
  CHECK(find(report, "identifier-column", "y") == nullptr);
}

TEST_CASE("identifier-column: an estimated count never reads \"about 100.0%\"") {
  // More distinct values than the sketch keeps: the count is an estimate.
  std::string csv = "name\n";
  for (int i = 0; i < 1309; ++i) csv += "person" + std::to_string(i) + "\n";
  const auto report = lint_csv(csv);
  const Finding* name = find(report, "identifier-column", "name");
  REQUIRE(name != nullptr);
  CHECK(name->message == "nearly all of 1309 values are distinct: an identifier, not a feature");
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

namespace {

// "id,x,y": id = 0..n-1, x = numbers with "?" at the rows in `strays`, y = x mod 7.
std::string numbers_with_strays(std::size_t n, std::initializer_list<std::size_t> strays) {
  std::string csv = "id,x,y\n";
  for (std::size_t i = 0; i < n; ++i) {
    const bool stray = std::find(strays.begin(), strays.end(), i) != strays.end();
    csv += std::to_string(i) + "," + (stray ? std::string("?") : std::to_string(i * 3 % 101)) +
           "," + (stray ? std::string("?") : std::to_string(i * 3 % 101 % 7)) + "\n";
  }
  return csv;
}

}  // namespace

TEST_CASE("mixed-types: a few non-numbers get the --na advice, more do not") {
  const auto few = lint_csv(numbers_with_strays(200, {4, 9}));
  const Finding* f = find(few, "mixed-types", "x");
  REQUIRE(f != nullptr);
  CHECK(f->message ==
        "2 of 200 values in a mostly numeric column are not numbers: \"?\" (2 in all); if it "
        "marks a missing value, add --na '?'");
  CHECK(f->line == 6);
  const auto more = lint_csv(numbers_with_strays(200, {4, 9, 14}));
  f = find(more, "mixed-types", "x");
  REQUIRE(f != nullptr);
  CHECK(f->message ==
        "3 of 200 values in a mostly numeric column are not numbers: \"?\" (3 in all)");
}

TEST_CASE("target-non-numbers: a target of numbers with a few texts is an error, not classes") {
  LintOptions options;
  options.target = "y";
  const auto report = lint_csv(numbers_with_strays(200, {4}), options);
  const Finding* f = find(report, "target-non-numbers", "y");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::error);
  CHECK(f->figure == 1.0);
  CHECK(f->line == 6);
  CHECK(f->message ==
        "the target holds 199 numbers and 1 value that is not: \"?\"; train refuses it: if it "
        "marks a missing value, add --na '?'");
  // Reported once: not also as mixed types, nor as imbalanced classes.
  CHECK(find(report, "mixed-types", "y") == nullptr);
  CHECK(find(report, "class-imbalance", "y") == nullptr);
  CHECK(find(report, "mixed-types", "x") != nullptr);
}

TEST_CASE("too-many-classes: more than 100, or more than one per 5 labelled rows") {
  LintOptions options;
  options.target = "y";
  std::string csv = "x,y\n";
  for (int i = 0; i < 100; ++i) csv += std::to_string(i % 9) + ",c" + std::to_string(i % 21) + "\n";
  const auto report = lint_csv(csv, options);
  const Finding* f = find(report, "too-many-classes", "y");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);
  CHECK(f->figure == 21.0);
  CHECK(f->message ==
        "21 classes in 100 labelled rows: without --max-classes, train refuses more than 100, "
        "and beyond 10 more than one per 5 rows");
  std::string fewer = "x,y\n";
  for (int i = 0; i < 100; ++i)
    fewer += std::to_string(i % 9) + ",c" + std::to_string(i % 20) + "\n";
  CHECK(find(lint_csv(fewer, options), "too-many-classes", "y") == nullptr);
  // Past the 1000 class counts kept, a text target is still too many classes.
  std::string names = "x,y\n";
  for (int i = 0; i < 1200; ++i) names += std::to_string(i % 9) + ",n" + std::to_string(i) + "\n";
  const auto many = lint_csv(names, options);
  f = find(many, "too-many-classes", "y");
  REQUIRE(f != nullptr);
  CHECK(f->figure == 1001.0);
  CHECK(f->message ==
        "more than 1000 classes in 1200 labelled rows: without --max-classes, train refuses more "
        "than 100, and beyond 10 more than one per 5 rows");
}

TEST_CASE("integer-target: a few integers are fitted as numbers, an info") {
  LintOptions options;
  options.target = "y";
  std::string csv = "x,y\n";
  for (int i = 0; i < 30; ++i) csv += std::to_string(i % 4) + "," + std::to_string(i % 3) + "\n";
  const auto report = lint_csv(csv, options);
  const Finding* f = find(report, "integer-target", "y");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::info);
  CHECK(f->figure == 3.0);
  CHECK(f->message ==
        "the target holds only 3 distinct integers (0 to 2): train fits them as numbers (ridge) "
        "unless --algorithm logistic");
  // Two values are classes already; 3 values in 29 rows are not "far fewer" than the rows.
  std::string two = "x,y\n";
  for (int i = 0; i < 30; ++i) two += std::to_string(i % 4) + "," + std::to_string(i % 2) + "\n";
  CHECK(find(lint_csv(two, options), "integer-target", "y") == nullptr);
  std::string short_csv = "x,y\n";
  for (int i = 0; i < 29; ++i)
    short_csv += std::to_string(i % 4) + "," + std::to_string(i % 3) + "\n";
  CHECK(find(lint_csv(short_csv, options), "integer-target", "y") == nullptr);
}

TEST_CASE("identifier-column: a row number, in order or shuffled, from 0 or 1") {
  const auto in_order = lint_csv(numbers_with_strays(30, {}));
  const Finding* f = find(in_order, "identifier-column", "id");
  REQUIRE(f != nullptr);
  CHECK(f->figure == 1.0);
  CHECK(f->message ==
        "the values are the integers 0 to 29, each once, in order: a row number, not a feature");
  // 2000 values: beyond the exact distinct count, the share alone could miss it.
  std::string shuffled = "n,v\n";
  for (int i = 0; i < 2000; ++i) {
    shuffled += std::to_string((i * 7919) % 2000 + 1) + "," + std::to_string(i % 5) + "\n";
  }
  const auto shuffled_report = lint_csv(shuffled);
  f = find(shuffled_report, "identifier-column", "n");
  REQUIRE(f != nullptr);
  CHECK(f->message ==
        "the values are the integers 1 to 2000, each once: a row number, not a feature");
  // One value twice (and one left out) is not a row number.
  std::string repeated = "n,v\n";
  for (int i = 0; i < 30; ++i)
    repeated += std::to_string(i == 5 ? 6 : i) + "," + std::to_string(i % 5) + "\n";
  const auto repeated_report = lint_csv(repeated);
  f = find(repeated_report, "identifier-column", "n");
  CHECK((f == nullptr || f->message.find("row number") == std::string::npos));
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
