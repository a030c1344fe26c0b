#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "csv/csv_test_support.hpp"
#include "csv/share.hpp"
#include "stats/csv_stats.hpp"
#include "stats/same_dataset_stats.hpp"
#include "support/thread_group.hpp"

using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::testing::TempFile;
using mlctl::stats::collect_csv_stats;
using mlctl::stats::ColumnType;

TEST_CASE("CSV statistics follow the reader's missing values, numbers and line numbers") {
  // Record 1 spans lines 2-3, so the values after it are on lines 4 and 5.
  const TempFile file("id,text,v\n1,\"two\nlines\",5\n\"2\",plain,oops\n3,NA,null\n");
  Reader reader(file.path());
  const auto stats = collect_csv_stats(reader);
  CHECK(stats.source == file.path());
  CHECK(stats.rows == 3);
  CHECK(stats.rows_with_missing == 1);
  REQUIRE(stats.columns.size() == 3);

  const auto& id = stats.columns[0];
  CHECK(id.type == ColumnType::numeric);  // a quoted "2" is still the number 2
  CHECK(id.numeric->mean == 2.0);

  const auto& text = stats.columns[1];
  CHECK(text.type == ColumnType::categorical);
  CHECK(text.missing == 1);
  CHECK(text.categorical->because.value == "two\nlines");
  CHECK(text.categorical->because.line == 2);

  const auto& v = stats.columns[2];
  CHECK(v.type == ColumnType::categorical);
  CHECK(v.count == 2);
  CHECK(v.missing == 1);
  CHECK(v.categorical->because.value == "oops");
  CHECK(v.categorical->because.line == 4);
}

TEST_CASE("CSV statistics treat the extra missing-value tokens as missing") {
  const TempFile file("x\n1\n-\n3\n");
  ReaderOptions options;
  options.extra_na = {"-"};
  Reader reader(file.path(), options);
  const auto stats = collect_csv_stats(reader);
  CHECK(stats.columns[0].type == ColumnType::numeric);
  CHECK(stats.columns[0].missing == 1);
  CHECK(stats.columns[0].numeric->mean == 2.0);
  CHECK(stats.rows_with_missing == 1);
}

TEST_CASE("CSV statistics of a header-only file: no rows, every column empty") {
  const TempFile file("a,b\n");
  Reader reader(file.path());
  const auto stats = collect_csv_stats(reader);
  CHECK(stats.rows == 0);
  CHECK(stats.columns_of_type(ColumnType::empty) == 2);
}

TEST_CASE("CSV statistics of penguins.csv: NA is missing, sex is categorical") {
  Reader reader(MLCTL_DATA_DIR "/penguins.csv");
  const auto stats = collect_csv_stats(reader);
  CHECK(stats.rows == 344);
  CHECK(stats.rows_with_missing == 11);
  CHECK(stats.columns_of_type(ColumnType::numeric) == 5);
  const auto& bill = stats.columns[2];
  CHECK(bill.name == "bill_length_mm");
  CHECK(bill.count == 342);
  CHECK(bill.missing == 2);
  CHECK(bill.numeric->min == 32.1);
  CHECK(bill.numeric->max == 59.6);
  const auto& sex = stats.columns[6];
  CHECK(sex.missing == 11);
  CHECK(sex.categorical->top[0].value == "male");
  CHECK(sex.categorical->top[0].count == 168);
}

TEST_CASE("CSV statistics report progress every 16384 rows, with the reader's counts") {
  std::string csv = "x,y\n";
  for (int i = 0; i < 40000; ++i) csv += std::to_string(i) + ",a\n";
  const TempFile file(csv);
  Reader reader(file.path());
  std::vector<mlctl::csv::ReadProgress> calls;
  const auto stats = collect_csv_stats(
      reader, {}, [&](const mlctl::csv::ReadProgress& read) { calls.push_back(read); });
  CHECK(stats.rows == 40000);
  mlctl::csv::testing::check_progress_of_40000_rows(calls, csv.size());
}

TEST_CASE("CSV statistics of a job's shares: as one process on the files' rows in order") {
  // Column b is text only in the first file's last row, after numbers written two ways; a
  // quoted field spans two lines; the second file repeats the header.
  std::string first = "a,b,c\n";
  std::string second = "a,b,c\n";
  for (int i = 0; i < 30; ++i) {
    first += fmt::format("{},{},{}\n", i, i % 2 == 0 ? "1" : "1.0", i % 3 == 0 ? "\"x\ny\"" : "z");
    second += fmt::format("{},{},{}\n", i * 0.5, i % 4, i % 5 == 0 ? "NA" : "w");
  }
  first += "7,text,z\n";
  const TempFile one(first, "one.csv");
  const TempFile two(second, "two.csv");
  const TempFile whole(first + second.substr(6), "whole.csv");
  Reader reader(whole.path());
  const auto expected = collect_csv_stats(reader);
  REQUIRE(expected.columns[1].type == ColumnType::categorical);
  for (int ranks = 1; ranks <= 4; ++ranks) {
    CAPTURE(ranks);
    std::vector<mlctl::stats::DatasetStats> got(static_cast<std::size_t>(ranks));
    mlctl::testing::ThreadGroup::run(ranks, [&](mlctl::distributed::Communicator& comm) {
      const auto share = mlctl::csv::share_of({one.path(), two.path()}, {}, &comm);
      got[static_cast<std::size_t>(comm.rank())] =
          mlctl::stats::collect_share_stats(share, {}, "job", comm);
    });
    for (const auto& stats : got) mlctl::testing::check_same(stats, expected, false);
  }
}
