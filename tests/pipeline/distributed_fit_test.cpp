// FeaturePipeline::fit over 1 to 4 ranks (threads, support/thread_group.hpp), each holding an
// uneven contiguous slice of the rows with its own category codes (one slice empty): every
// rank's pipeline must be the same and equal to one process's fit on all the rows.

#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "pipeline/distributed_fit_support.hpp"
#include "pipeline/pipeline_options.hpp"
#include "table/table_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::Imputation;
using mlctl::pipeline::PipelineOptions;
using mlctl::pipeline::Scaling;
using mlctl::pipeline::testing::check_over_ranks;
using mlctl::pipeline::testing::fit_over_ranks;
using mlctl::pipeline::testing::options_of;
using mlctl::table::Table;
using mlctl::table::testing::all_rows;
using mlctl::table::testing::dataset;
using mlctl::table::testing::table_of;

namespace {

std::vector<std::string> all_columns(const Table& t) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  return names;
}

// Rows as a held-out split leaves them: four in five.
std::vector<std::size_t> training_rows(std::size_t n) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 5 != 2) rows.push_back(i);
  }
  return rows;
}

// The pipeline options the tests go through: both imputations with every scaling, rare levels
// by a fraction, by a count and by --max-categories, and hashing.
std::vector<PipelineOptions> option_sets() {
  std::vector<PipelineOptions> sets;
  for (const auto impute : {Imputation::mean, Imputation::median}) {
    for (const auto scale : {Scaling::standard, Scaling::minmax, Scaling::none}) {
      PipelineOptions o;
      o.impute = impute;
      o.scale = scale;
      sets.push_back(o);
    }
  }
  PipelineOptions fraction;
  fraction.min_frequency = 0.05;
  sets.push_back(fraction);
  PipelineOptions count;
  count.min_frequency = 3.0;
  count.max_categories = 4;
  count.impute = Imputation::median;
  sets.push_back(count);
  PipelineOptions hashed;
  hashed.hashing.all_buckets = 8;
  hashed.hashing.seed = 7;
  sets.push_back(hashed);
  return sets;
}

// Every option set, on all rows and on training rows, over 1 to 4 ranks.
void check_table(const Table& t, const std::vector<std::string>& features, unsigned threads = 1) {
  for (const auto& options : option_sets()) {
    for (const auto& rows : {all_rows(t.rows()), training_rows(t.rows())}) {
      const FeaturePipeline want = FeaturePipeline::fit(t, features, rows, options);
      for (int ranks = 1; ranks <= 4; ++ranks) {
        CAPTURE(ranks);
        CAPTURE(rows.size());
        check_over_ranks(fit_over_ranks(t, features, rows, options, ranks, threads), want);
      }
    }
  }
}

}  // namespace

TEST_CASE("distributed fit: the datasets in data/ over 1 to 4 ranks equal one process's fit") {
  for (const char* file : {"titanic.csv", "penguins.csv", "ames.csv", "credit.csv", "diabetes.csv",
                           "breast_cancer.csv", "wide.csv"}) {
    CAPTURE(file);
    const Table t = dataset(file);
    check_table(t, all_columns(t));
  }
}

TEST_CASE("distributed fit: the columns on several threads per rank change nothing") {
  const Table t = dataset("titanic.csv");
  check_table(t, {"age", "sex", "passengerClass", "survived"}, 3);
}

TEST_CASE("distributed fit: exact medians of even and odd counts with ties") {
  // Even (8 present), odd (7 present), ties across the slices, negative values.
  const Table t = table_of(
      "even,odd,ties\n3,5,2\n1,NA,2\n2,1,2\nNA,4,1\n-7,4,2\n2.5,9,3\n10,-1,2\n4,0.5,2\n0.1,NA,2\n");
  for (const auto scale : {Scaling::standard, Scaling::minmax}) {
    const auto options = options_of(Imputation::median, scale);
    const auto want = FeaturePipeline::fit(t, all_columns(t), all_rows(t.rows()), options);
    CHECK(want.features()[0].fill == 2.25);  // (2 + 2.5) / 2
    CHECK(want.features()[1].fill == 4.0);
    CHECK(want.features()[2].fill == 2.0);
    for (int ranks = 1; ranks <= 4; ++ranks) {
      CAPTURE(ranks);
      check_over_ranks(fit_over_ranks(t, all_columns(t), all_rows(t.rows()), options, ranks), want);
    }
  }
}

TEST_CASE("distributed fit: a column missing on a whole rank, or everywhere") {
  // The slices of 4 ranks are rows [0, 1), [1, 6), [6, 6), [6, 9) (cuts()): x has no value in
  // the second; y has none at all.
  const Table t = table_of(
      "x,y,c\n1,NA,a\nNA,NA,NA\nNA,NA,NA\nNA,NA,NA\nNA,NA,NA\nNA,NA,NA\n5,NA,b\n2,NA,a\n8,NA,NA\n");
  for (const auto& options : option_sets()) {
    const auto want = FeaturePipeline::fit(t, all_columns(t), all_rows(t.rows()), options);
    CHECK(want.features()[1].fill == 0.0);
    CHECK(want.features()[1].scale == 1.0);
    for (int ranks = 1; ranks <= 4; ++ranks) {
      CAPTURE(ranks);
      check_over_ranks(fit_over_ranks(t, all_columns(t), all_rows(t.rows()), options, ranks), want);
    }
  }
}

TEST_CASE("distributed fit: a level seen by one rank only, rare levels by job-wide counts") {
  // 21 rows: "z" only in the last slices; "q" once in the first; "m" and "z" 4 times each.
  std::string csv = "c\n";
  for (const char* v : {"q", "a",  "m", "a", "b", "m", "a", "b", "a", "m", "b",
                        "a", "NA", "b", "a", "m", "b", "z", "z", "z", "z"}) {
    csv += std::string(v) + "\n";
  }
  const Table t = table_of(csv);
  PipelineOptions fraction;
  fraction.min_frequency = 0.19;  // 3.99 of the 21 rows; of one rank's rows it would differ
  PipelineOptions top;
  top.max_categories = 4;  // a (6), b (5), then m or z (4 each): m, first in order, goes
  PipelineOptions hashed;
  hashed.hashing.all_buckets = 2;
  for (const auto& options : {fraction, top, hashed}) {
    const auto want = FeaturePipeline::fit(t, {"c"}, all_rows(t.rows()), options);
    for (int ranks = 1; ranks <= 4; ++ranks) {
      CAPTURE(ranks);
      check_over_ranks(fit_over_ranks(t, {"c"}, all_rows(t.rows()), options, ranks), want);
    }
  }
  const auto f = FeaturePipeline::fit(t, {"c"}, all_rows(t.rows()), fraction).features()[0];
  CHECK(f.categories == std::vector<std::string>{"a", "b", "m", "z"});
  CHECK(f.infrequent == std::vector<std::string>{"q"});
  CHECK(f.missing_infrequent);
  const auto g = FeaturePipeline::fit(t, {"c"}, all_rows(t.rows()), top).features()[0];
  CHECK(g.categories == std::vector<std::string>{"a", "b", "z"});
  CHECK(g.infrequent == std::vector<std::string>{"m", "q"});
}

TEST_CASE("distributed fit: the zero minmax keeps, -0 or 0, is the one of the first rows") {
  for (const char* csv : {"x\n0\n3\n-0\n-0\n2\n", "x\n-0\n3\n0\n0\n2\n", "x\n1\n-0\n3\n0\n"}) {
    const Table t = table_of(csv);
    // Mean imputation: a median of zero may be -0.0 in one process and +0.0 over ranks
    // (stats/distributed_quantile.hpp), below.
    const auto options = options_of(Imputation::mean, Scaling::minmax);
    const auto want = FeaturePipeline::fit(t, {"x"}, all_rows(t.rows()), options);
    for (int ranks = 1; ranks <= 4; ++ranks) {
      CAPTURE(ranks);
      check_over_ranks(fit_over_ranks(t, {"x"}, all_rows(t.rows()), options, ranks), want);
    }
  }
  const auto options = options_of(Imputation::mean, Scaling::minmax);
  const Table plus = table_of("x\n0\n3\n-0\n");
  const Table minus = table_of("x\n-0\n3\n0\n");
  CHECK(
      !std::signbit(FeaturePipeline::fit(plus, {"x"}, all_rows(3), options).features()[0].center));
  CHECK(
      std::signbit(FeaturePipeline::fit(minus, {"x"}, all_rows(3), options).features()[0].center));
}

TEST_CASE("distributed fit: a median of signed zeros is a zero, the same on every rank") {
  // The one difference from one process allowed: nth_element may return either zero.
  const Table t = table_of("x\n0\n3\n-0\n-0\n-2\n");
  const auto options = options_of(Imputation::median, Scaling::none);
  for (int ranks = 2; ranks <= 4; ++ranks) {
    const auto fitted = fit_over_ranks(t, {"x"}, all_rows(t.rows()), options, ranks);
    for (const auto& p : fitted) {
      CHECK(p.features()[0].fill == 0.0);
      CHECK(
          mlctl::pipeline::testing::same_bits(p.features()[0].fill, fitted[0].features()[0].fill));
    }
  }
}

TEST_CASE("distributed fit: one rank's missing column is every rank's error") {
  const Table t = table_of("x,y\n1,2\n3,4\n");
  const Table other = table_of("x\n1\n");
  std::vector<std::string> messages(3);
  CHECK_THROWS_WITH(
      mlctl::testing::ThreadGroup::run(
          3,
          [&](mlctl::distributed::Communicator& comm) {
            const Table& mine = comm.rank() == 1 ? other : t;
            try {
              FeaturePipeline::fit(mine, {"x", "y"}, all_rows(mine.rows()), {}, 1, &comm);
            } catch (const Error& e) {
              messages[static_cast<std::size_t>(comm.rank())] = e.what();
              throw;
            }
          }),
      doctest::Contains("\"y\""));
  CHECK(messages[0].find("\"y\"") != std::string::npos);
  CHECK(messages[0] == messages[1]);
  CHECK(messages[0] == messages[2]);
}

TEST_CASE("distributed fit: a column numeric on one rank and categorical on another") {
  const Table numbers = table_of("x\n1\n2\n");
  const Table words = table_of("x\na\nb\n");
  CHECK_THROWS_WITH(mlctl::testing::ThreadGroup::run(
                        2,
                        [&](mlctl::distributed::Communicator& comm) {
                          const Table& mine = comm.rank() == 0 ? numbers : words;
                          FeaturePipeline::fit(mine, {"x"}, all_rows(2), {}, 1, &comm);
                        }),
                    "column \"x\" is numeric in some ranks' rows and categorical in others'");
}
