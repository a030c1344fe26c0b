// training_stats over the ranks of a job (issue #15): every rank gets the statistics one process
// computes on the whole table, whatever the cut of the rows and the category codes of each share.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include "stats/reference_stats.hpp"
#include "support/numbers.hpp"
#include "support/table_shares.hpp"
#include "support/thread_group.hpp"
#include "table/table_test_support.hpp"
#include "training/training_stats.hpp"

using mlctl::model::ColumnStats;
using mlctl::model::TrainingStats;
using mlctl::table::Column;
using mlctl::table::ColumnType;
using mlctl::table::Table;
using mlctl::training::training_stats;

using mlctl::testing::kNaN;

namespace {

bool near(double got, double want) {
  return got == want || std::abs(got - want) <= 1e-12 * std::max(std::abs(got), std::abs(want));
}

// `got` equals `want` field by field: mean and std within 1e-12 relative (bit for bit when
// `exact`), everything else exactly.
void check_same(const TrainingStats& got, const TrainingStats& want, bool exact) {
  CHECK(got.rows == want.rows);
  REQUIRE(got.columns.size() == want.columns.size());
  for (std::size_t j = 0; j < want.columns.size(); ++j) {
    ColumnStats expected = want.columns[j];
    const ColumnStats& c = got.columns[j];
    CAPTURE(expected.name);
    CHECK(c.count == expected.count);
    CHECK(c.missing == expected.missing);
    CHECK(c.distinct == expected.distinct);
    REQUIRE(c.numeric.has_value() == expected.numeric.has_value());
    if (c.numeric) {
      auto& e = *expected.numeric;
      CHECK(c.numeric->min == e.min);
      CHECK(c.numeric->max == e.max);
      CHECK(c.numeric->sampled == e.sampled);
      CHECK(c.numeric->quantiles == e.quantiles);
      CHECK(c.numeric->bin_edges == e.bin_edges);
      CHECK(c.numeric->bin_shares == e.bin_shares);
      CHECK(near(c.numeric->mean, e.mean));
      CHECK(near(c.numeric->std, e.std));
      if (!exact) {
        e.mean = c.numeric->mean;
        e.std = c.numeric->std;
      }
    }
    if (c.categorical && expected.categorical) {
      CHECK(c.categorical->shares == expected.categorical->shares);
      CHECK(c.categorical->other_share == expected.categorical->other_share);
    }
    CHECK(c == expected);  // and every other field
  }
}

// The table cut by `cuts` among its ranks: every rank's result is the one-process result (bit
// for bit on one rank), and the ranks' results are equal bit for bit.
void check_job(const Table& table, const std::vector<std::size_t>& cuts, unsigned threads = 1) {
  CAPTURE(cuts);
  const TrainingStats one = training_stats(table);
  const int size = static_cast<int>(cuts.size()) - 1;
  std::vector<TrainingStats> got(cuts.size() - 1);
  mlctl::testing::ThreadGroup::run(size, [&](mlctl::distributed::Communicator& comm) {
    const auto r = static_cast<std::size_t>(comm.rank());
    const Table share = mlctl::testing::share_of(table, cuts[r], cuts[r + 1]);
    got[r] = training_stats(share, threads, &comm);
  });
  for (const TrainingStats& stats : got) {
    check_same(stats, one, size == 1);
    CHECK(stats == got[0]);
  }
}

// Columns beyond kReferenceSample present values (a stride sample), with missing values (so the
// sample's index is not the row's), -0.0, ties and a large mean; one all missing; one missing on
// the first rows (every value of a rank's share, for some cuts); categories with more than
// kMaxCategories labels and many equal counts, compared bytewise ("L10" < "L9").
Column named(const char* name, ColumnType type = ColumnType::numeric) {
  Column c;
  c.name = name;
  c.type = type;
  return c;
}

Table long_table(std::size_t rows) {
  Table t;
  Column x = named("x");
  Column late = named("late");
  Column none = named("none");
  Column levels = named("levels", ColumnType::categorical);
  Column late_levels = named("late_levels", ColumnType::categorical);
  const std::size_t labels = mlctl::stats::kMaxCategories + 57;
  for (std::size_t i = 0; i < labels; ++i) levels.labels.push_back("L" + std::to_string(i));
  late_levels.labels = {"p", "q", "r"};
  for (std::size_t i = 0; i < rows; ++i) {
    const auto wobble = static_cast<double>((i * 7919) % 10007);
    x.numbers.push_back(i % 11 == 3 ? kNaN : i % 13 == 0 ? -0.0 : 1e6 + wobble / 8.0);
    late.numbers.push_back(i < rows * 2 / 5 ? kNaN : static_cast<double>(i % 97) - 48.5);
    none.numbers.push_back(kNaN);
    levels.codes.push_back(i % 17 == 5 ? -1 : static_cast<std::int32_t>((i * 31) % labels));
    late_levels.codes.push_back(i < rows / 5 + 7 ? -1 : static_cast<std::int32_t>(i % 3));
    t.lines.push_back(i + 2);
  }
  t.columns = {std::move(x), std::move(levels), std::move(late), std::move(none),
               std::move(late_levels)};
  return t;
}

}  // namespace

TEST_CASE("training stats over ranks: a stride-sampled column, many levels, missing shares") {
  const Table table = long_table(200003);
  const TrainingStats one = training_stats(table);
  // The sample and the top categories are what the test means to cover.
  REQUIRE(one.columns[0].numeric->sampled);
  REQUIRE(one.columns[0].count > 2 * mlctl::stats::kReferenceSample);
  REQUIRE(one.columns[1].distinct > mlctl::stats::kMaxCategories);
  REQUIRE(one.columns[1].categorical->other_share > 0.0);
  for (const auto& cuts : mlctl::testing::uneven_cuts(table.rows())) check_job(table, cuts);
  check_job(table, {0, 66001, 66001, 200003}, 2);
}

TEST_CASE("training stats over ranks: the datasets, cut unevenly") {
  for (const char* file : {"ames.csv", "breast_cancer.csv", "credit.csv", "diabetes.csv",
                           "penguins.csv", "titanic.csv", "wide.csv"}) {
    CAPTURE(file);
    const Table table = mlctl::table::testing::dataset(file);
    for (const auto& cuts : mlctl::testing::uneven_cuts(table.rows())) check_job(table, cuts);
  }
}

TEST_CASE("training stats over ranks: a job with no rows at all") {
  Table table = long_table(0);
  check_job(table, {0, 0, 0});
  const TrainingStats one = training_stats(table);
  CHECK(one.rows == 0);
  CHECK(one.columns[0].missing == 0);
}
