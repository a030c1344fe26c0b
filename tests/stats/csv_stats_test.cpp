#include <doctest/doctest.h>
#include <fmt/format.h>

#include <optional>
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

namespace {

// Rows that make every case of joining blocks: a column with text in a late block (its
// numbers before read again), one with text early and numbers after, one that turns to text
// within a block, quoted fields (blocks the plain reader gives up on) and missing values.
std::string blocks_content() {
  std::string content = "id,late,early,inner,quoted,x\n";
  for (int i = 0; i < 3000; ++i) {
    content += fmt::format("{},{},{},{},{},{}\n", i, i == 2800 ? "late" : std::to_string(i % 9),
                           i == 3 ? "early" : std::to_string(i % 5 * 0.5),
                           i == 1510 ? "x" : (i % 11 == 0 ? "NA" : std::to_string(i % 13)),
                           i >= 2000 && i % 17 == 0 ? "\"a, b\"" : "7",
                           i % 7 == 0 ? "" : fmt::format("{:.3f}", i * 0.37 - 200.0));
  }
  return content;
}

}  // namespace

TEST_CASE("CSV statistics read in blocks on threads: as one pass reads them") {
  const std::string content = blocks_content();
  const TempFile file(content);
  Reader one(file.path());
  const auto expected = collect_csv_stats(one);
  REQUIRE(expected.columns[1].type == ColumnType::categorical);
  CHECK(expected.columns[1].categorical->because.line == 2802);
  for (const unsigned threads : {2u, 3u}) {
    for (const std::size_t block : {700u, 4096u}) {
      CAPTURE(threads);
      CAPTURE(block);
      ReaderOptions options;
      options.block_size = 512;  // reads smaller than the input, or it is all one block
      options.parallel_block_size = block;
      Reader reader(file.path(), options);
      mlctl::testing::check_same(collect_csv_stats(reader, {}, {}, threads), expected, true);
    }
  }
}

TEST_CASE("CSV statistics read in blocks from a pipe: the numbers' text is kept") {
  const std::string content = blocks_content();
  const TempFile file(content);
  Reader one(file.path());
  auto expected = collect_csv_stats(one);
  expected.source = "<stdin>";
  std::optional<mlctl::stats::DatasetStats> got;
  {
    const mlctl::csv::testing::StdinPipe stdin_pipe(content);
    ReaderOptions options;
    options.block_size = 512;
    options.parallel_block_size = 1000;
    try {
      Reader reader("-", options);
      got = collect_csv_stats(reader, {}, {}, 2);
    } catch (...) {
    }
  }
  REQUIRE(got.has_value());
  mlctl::testing::check_same(*got, expected, true);
}
