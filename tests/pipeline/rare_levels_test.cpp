// Rare levels sharing one column, against scikit-learn 1.2's
// OneHotEncoder(min_frequency, max_categories, handle_unknown="infrequent_if_exist"): the
// expected levels were worked out from _encoders.py's _identify_infrequent (and checked with it
// for the tie cases). tests/cli/rare_levels_test.sh compares whole predictions.

#include "pipeline/rare_levels.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "table/table_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::pipeline::Feature;
using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::PipelineOptions;
using mlctl::pipeline::TableEncoder;
using mlctl::table::ColumnType;
using mlctl::table::Table;
using mlctl::table::testing::all_rows;
using mlctl::table::testing::check_matrix;
using mlctl::table::testing::table_of;
using Levels = std::vector<std::string>;

namespace {

// The usage error `parse` throws for `text`.
template <typename Parse>
std::string refusal(Parse parse, std::string_view text) {
  try {
    parse(text);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.message();
  }
  FAIL("no error for " << text);
  return {};
}

PipelineOptions rare(std::optional<double> min_frequency,
                     std::optional<std::size_t> max_categories = {}) {
  PipelineOptions options;
  options.min_frequency = min_frequency;
  options.max_categories = max_categories;
  return options;
}

// Feature "c" with `levels` (sorted) counted `counts` among `rows` rows, `missing` missing, after
// group_rare_levels.
Feature grouped(const Levels& levels, const std::vector<std::uint64_t>& counts,
                std::uint64_t missing, std::size_t rows, const PipelineOptions& options) {
  Feature f;
  f.name = "c";
  f.type = ColumnType::categorical;
  f.categories = levels;
  f.missing_category = missing > 0;
  mlctl::pipeline::group_rare_levels(f, counts, missing, rows, options);
  return f;
}

}  // namespace

TEST_CASE("rare levels: --min-frequency is a whole count >= 1 or a fraction in (0, 1)") {
  using mlctl::pipeline::parse_min_frequency;
  CHECK(parse_min_frequency("5") == 5.0);
  CHECK(parse_min_frequency("1") == 1.0);
  CHECK(parse_min_frequency("1e3") == 1000.0);
  CHECK(parse_min_frequency("0.25") == 0.25);
  CHECK(refusal(parse_min_frequency, "") ==
        "--min-frequency must be a whole count >= 1 or a fraction in (0, 1), got \"\"");
  for (const char* bad : {"0", "-2", "1.5", "0.0", "abc", "nan", "inf", "5x", " 5"}) {
    CHECK(refusal(parse_min_frequency, bad) ==
          std::string("--min-frequency must be a whole count >= 1 or a fraction in (0, 1), got ") +
              bad);
  }
}

TEST_CASE("rare levels: --max-categories is a whole number >= 2") {
  using mlctl::pipeline::parse_max_categories;
  CHECK(parse_max_categories("2") == 2);
  CHECK(parse_max_categories("1000") == 1000);
  CHECK(refusal(parse_max_categories, "") ==
        "--max-categories must be a whole number >= 2, got \"\"");
  for (const char* bad : {"1", "0", "-3", "2.5", "x"}) {
    CHECK(refusal(parse_max_categories, bad) ==
          std::string("--max-categories must be a whole number >= 2, got ") + bad);
  }
}

TEST_CASE("rare levels: off unless asked for, and nothing moves") {
  const Feature f = grouped({"a", "b"}, {1, 100}, 1, 102, {});
  CHECK(f.categories == Levels{"a", "b"});
  CHECK(f.missing_category);
  CHECK_FALSE(f.has_infrequent());
  CHECK(f.width() == 3);
}

TEST_CASE("rare levels: a count below min_frequency is rare, one equal to it is not") {
  const Feature f = grouped({"a", "b", "c", "d"}, {4, 5, 6, 1}, 0, 16, rare(5.0));
  CHECK(f.categories == Levels{"b", "c"});
  CHECK(f.infrequent == Levels{"a", "d"});
  CHECK_FALSE(f.missing_infrequent);
  CHECK(f.width() == 3);
  // min_frequency 1 makes nothing rare: no infrequent column.
  CHECK_FALSE(grouped({"a", "b"}, {1, 2}, 0, 3, rare(1.0)).has_infrequent());
}

TEST_CASE("rare levels: a fraction is of the rows the pipeline is fitted on") {
  // 0.25 of 20 rows is 5: a level of 4 is rare, one of 5 is not.
  const Feature f = grouped({"a", "b", "c"}, {4, 5, 8}, 3, 20, rare(0.25));
  CHECK(f.categories == Levels{"b", "c"});
  CHECK(f.infrequent == Levels{"a"});
  // The 3 missing values are a rare level too: they share the infrequent column.
  CHECK_FALSE(f.missing_category);
  CHECK(f.missing_infrequent);
  CHECK(f.width() == 3);
}

TEST_CASE("rare levels: max_categories counts the infrequent column, ties go in sorted order") {
  // K = 3 keeps the 2 most frequent; b, c and d tie at 5: scikit-learn's stable argsort of the
  // counts in category order makes b, then c infrequent before d.
  const Feature f = grouped({"a", "b", "c", "d", "e"}, {9, 5, 5, 5, 1}, 0, 25, rare({}, 3));
  CHECK(f.categories == Levels{"a", "d"});
  CHECK(f.infrequent == Levels{"b", "c", "e"});
  CHECK(f.width() == 3);
  // K = n + 1 columns would fit every level and the (empty) infrequent one: nothing moves; K = n
  // moves the least frequent level.
  CHECK_FALSE(grouped({"a", "b", "c"}, {3, 2, 1}, 0, 6, rare({}, 4)).has_infrequent());
  CHECK(grouped({"a", "b", "c"}, {3, 2, 1}, 0, 6, rare({}, 3)).infrequent == Levels{"c"});
}

TEST_CASE("rare levels: missing values are the last level, in counts and in ties") {
  // a, b and missing tie at 2. K = 4 keeps three: in the stable order e(1), a, b, missing, c(4)
  // the first two join.
  Feature f = grouped({"a", "b", "c", "e"}, {2, 2, 4, 1}, 2, 11, rare({}, 4));
  CHECK(f.categories == Levels{"b", "c"});
  CHECK(f.missing_category);  // frequent: its own column, before the infrequent one
  CHECK(f.infrequent == Levels{"a", "e"});
  CHECK(f.width() == 4);
  // K = 3: missing, the last of the tied, stays; a and b join.
  f = grouped({"a", "b", "c", "e"}, {2, 2, 4, 1}, 2, 11, rare({}, 3));
  CHECK(f.categories == Levels{"c"});
  CHECK(f.missing_category);
  CHECK(f.infrequent == Levels{"a", "b", "e"});
  // Both: min_frequency first, then max_categories on what is left.
  f = grouped({"a", "b", "c", "e"}, {2, 2, 4, 1}, 2, 11, rare(3.0, 3));
  CHECK(f.categories == Levels{"c"});
  CHECK_FALSE(f.missing_category);
  CHECK(f.missing_infrequent);
  CHECK(f.infrequent == Levels{"a", "b", "e"});
}

TEST_CASE("rare levels: fitted on a table, the infrequent column comes last and takes unseen") {
  // Fitted on the first 7 rows: a x3, b x1, c x1, missing x2; d only in row 7.
  const Table t = table_of("c\na\nb\na\nNA\nc\na\nNA\nd\n");
  const FeaturePipeline p = FeaturePipeline::fit(t, {"c"}, all_rows(7), rare(2.0));
  const Feature& f = p.features()[0];
  CHECK(f.categories == Levels{"a"});
  CHECK(f.missing_category);
  CHECK(f.infrequent == Levels{"b", "c"});
  CHECK(p.encoded_names() == Levels{"c=a", "c=<missing>", "c=<infrequent>"});
  const TableEncoder encoder(p, t);
  Eigen::MatrixXd X;
  encoder.encode(all_rows(8), X);
  check_matrix(X, {{1, 0, 0},
                   {0, 0, 1},
                   {1, 0, 0},
                   {0, 1, 0},
                   {0, 0, 1},
                   {1, 0, 0},
                   {0, 1, 0},
                   {0, 0, 1}});  // d: never seen, infrequent
  TableEncoder::ActiveColumns active;
  Eigen::MatrixXd dense;
  encoder.encode_one_hot(all_rows(8), dense, active);
  CHECK(active.col(0).transpose() == Eigen::RowVectorXi{{0, 2, 0, 1, 2, 0, 1, 2}});
}
