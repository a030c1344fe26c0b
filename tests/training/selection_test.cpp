// The trainer's choices before any fit (training/selection.hpp): the algorithm and why, the
// target as numbers per row, the feature columns and what was left out.

#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "common/spill_arena.hpp"
#include "csv/csv_test_support.hpp"
#include "table/table_test_support.hpp"
#include "training/selection.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::model::Algorithm;
using mlctl::table::testing::table_of;
using mlctl::training::choose_algorithm;
using mlctl::training::choose_features;
using mlctl::training::prepare_target;
using mlctl::training::Recipe;
using mlctl::training::TrainReport;
using mlctl::training::testing::recipe_for;

namespace {

// n rows of "id,x,y" where id is distinct per row (an identifier) and y a number.
std::string with_identifier(std::size_t n) {
  std::string csv = "id,x,e,y\n";
  for (std::size_t i = 0; i < n; ++i)
    csv += "p" + std::to_string(i) + "," + std::to_string(i) + ",," + std::to_string(i % 7) + "\n";
  return csv;
}

}  // namespace

TEST_CASE("selection: the algorithm follows the target, and the report says why") {
  const auto t = table_of("n,two,text\n1,0,a\n2,-0,b\n3,1,a\n");
  TrainReport report;
  CHECK(choose_algorithm(t.column("n"), recipe_for("n"), report) == Algorithm::ridge);
  CHECK(report.algorithm_reason == "target \"n\" is numeric");
  // -0 and 0 are one value: two distinct values make a classifier.
  CHECK(choose_algorithm(t.column("two"), recipe_for("two"), report) == Algorithm::logistic);
  CHECK(report.algorithm_reason == "target \"two\" holds 2 distinct values");
  CHECK(choose_algorithm(t.column("text"), recipe_for("text"), report) == Algorithm::logistic);
  CHECK(report.algorithm_reason == "target \"text\" holds 2 classes");
  Recipe chosen = recipe_for("n");
  chosen.algorithm = Algorithm::logistic;
  CHECK(choose_algorithm(t.column("n"), chosen, report) == Algorithm::logistic);
  CHECK(report.algorithm_reason == "chosen with --algorithm");
}

TEST_CASE("selection: --algorithm ridge on a text target is a usage error") {
  const auto t = table_of("text\na\nb\n");
  Recipe r = recipe_for("text");
  r.algorithm = Algorithm::ridge;
  TrainReport report;
  try {
    (void)choose_algorithm(t.column("text"), r, report);
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::usage);
    CHECK(e.message() ==
          "--algorithm ridge needs a numeric target; \"text\" holds text (e.g. \"a\")");
  }
}

TEST_CASE("selection: a numeric target's classes sort by number, a text target's by text") {
  const auto t = table_of("n,s\n10,b\n9,\n,a\n-0,b\n10,c\n");
  const auto numeric = prepare_target(t, t.column("n"), Algorithm::logistic);
  CHECK(numeric.classes == std::vector<std::string>{"0", "9", "10"});  // -0 is 0
  CHECK(numeric.rows == std::vector<std::size_t>{0, 1, 3, 4});
  CHECK(numeric.row_classes == std::vector<int>{2, 1, 0, 2});
  CHECK(std::isnan(numeric.y[2]));
  const auto text = prepare_target(t, t.column("s"), Algorithm::logistic);
  CHECK(text.classes == std::vector<std::string>{"a", "b", "c"});
  CHECK(text.rows == std::vector<std::size_t>{0, 2, 3, 4});
  CHECK(text.row_classes == std::vector<int>{1, 0, 1, 2});
  const auto values = prepare_target(t, t.column("n"), Algorithm::ridge);
  CHECK(values.classes.empty());
  CHECK(values.row_classes.empty());
  CHECK(values.rows == std::vector<std::size_t>{0, 1, 3, 4});
  CHECK(values.y[1] == 9.0);
}

TEST_CASE("selection: empty and identifier-like columns are left out, with a warning each") {
  const auto t = table_of(with_identifier(30));
  TrainReport report;
  CHECK(choose_features(t, recipe_for("y"), report) == std::vector<std::string>{"x"});
  CHECK(report.excluded == std::vector<std::string>{"id", "e"});
  REQUIRE(report.warnings.size() == 2);
  CHECK(report.warnings[0] ==
        "column \"id\" looks like an identifier (30 distinct values in 30 rows): left out; name "
        "it in --features to use it");
  CHECK(report.warnings[1] == "column \"e\" is empty (every value missing): left out");
}

TEST_CASE("selection: --features keeps its order and an identifier, --exclude drops a column") {
  const auto t = table_of(with_identifier(30));
  Recipe r = recipe_for("y");
  r.features = {"x", "id"};
  TrainReport report;
  CHECK(choose_features(t, r, report) == std::vector<std::string>{"x", "id"});
  CHECK(report.warnings.empty());
  Recipe excluded = recipe_for("y");
  excluded.exclude = {"x"};
  TrainReport none;
  try {
    (void)choose_features(t, excluded, none);
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::usage);
    CHECK(e.message() == "no feature columns left to train on");
  }
  Recipe target_as_feature = recipe_for("y");
  target_as_feature.features = {"y"};
  CHECK_THROWS_WITH_AS((void)choose_features(t, target_as_feature, none),
                       "the target \"y\" cannot be a feature", mlctl::Error);
}

TEST_CASE("prepare_target: the target's per-row vectors live where the table's rows do") {
  // A table read into an arena with no heap budget: its columns spill, and so do the target's
  // values, rows and classes (each at least the 1 MiB a spilled allocation starts at).
  std::string csv = "x,y\n";
  for (int i = 0; i < 200000; ++i) csv += std::to_string(i % 7) + (i % 3 ? ",a\n" : ",b\n");
  const mlctl::csv::testing::TempFile file(csv);
  mlctl::csv::Reader reader(file.path());
  mlctl::SpillArena arena(std::uint64_t{1} << 30, 0);
  const auto table = mlctl::table::read_table(reader, {}, {}, 1, {}, &arena);
  CHECK(table.arena() == &arena);
  const auto before = arena.stats().spilled_bytes;
  const auto target = prepare_target(table, table.column("y"), Algorithm::logistic);
  CHECK(target.y.get_allocator().arena() == &arena);
  CHECK(target.rows.get_allocator().arena() == &arena);
  CHECK(target.row_classes.get_allocator().arena() == &arena);
  CHECK(arena.stats().spilled_bytes > before);
  CHECK(target.rows.size() == 200000);
  CHECK(target.y[4] == 0.0);  // "a" is class 0
  CHECK(target.y[3] == 1.0);
}
