// stats::agree_column_types and stats::job_dataset_stats over 1 to 4 ranks (threads,
// support/thread_group.hpp), each rank accumulating an uneven contiguous slice of the rows (one
// often empty), against one DatasetAccumulator on all the rows: equal but for the last bits of
// means and standard deviations (and equal in those too on one rank).

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "csv/reader.hpp"
#include "stats/dataset_accumulator.hpp"
#include "stats/job_dataset_stats.hpp"
#include "stats/same_dataset_stats.hpp"
#include "support/table_shares.hpp"
#include "support/thread_group.hpp"

using mlctl::distributed::Communicator;
using mlctl::stats::agree_column_types;
using mlctl::stats::ColumnStats;
using mlctl::stats::DatasetAccumulator;
using mlctl::stats::DatasetStats;
using mlctl::stats::job_dataset_stats;
using mlctl::stats::SummaryOptions;
using mlctl::testing::check_same;
using mlctl::testing::ThreadGroup;
using mlctl::testing::uneven_cuts;

namespace {

using Rows = std::vector<std::vector<std::string>>;  // "" is a missing value
const std::vector<std::string> kNames = {"num", "mixed", "late", "cat", "empty", "constant"};

// Rows with ties, decimals, missing values; "mixed" is text from row 3 on, "late" only in its
// last row (so on the last rank alone), and its numbers are written two ways ("2" and "2.0").
Rows make_rows(std::size_t n, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<double> normal(10.0, 3.0);
  const std::vector<std::string> labels = {"a", "b", "c", "d", "e", "f", "g"};
  Rows rows;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> row;
    row.push_back(random() % 9 == 0   ? ""
                  : random() % 3 == 0 ? std::to_string(random() % 7)
                                      : fmt::format("{:.3f}", normal(random)));
    row.push_back(i == 3 ? "three" : std::to_string(random() % 5));
    const unsigned v = random() % 4;
    row.push_back(i + 1 == n          ? "the end"
                  : random() % 2 == 0 ? std::to_string(v)
                                      : std::to_string(v) + ".0");
    row.push_back(random() % 6 == 0 ? "" : labels[random() % labels.size()]);
    row.push_back("");
    row.push_back(i % 5 == 0 ? "" : "-0.5");
    rows.push_back(std::move(row));
  }
  return rows;
}

void add_rows(DatasetAccumulator& accumulator, const Rows& rows, std::size_t begin,
              std::size_t end) {
  for (std::size_t r = begin; r < end; ++r) {
    bool any_missing = false;
    for (std::size_t c = 0; c < kNames.size(); ++c) {
      auto& column = accumulator.column(c);
      const std::string& field = rows[r][c];
      if (field.empty()) {
        column.add_missing();
        any_missing = true;
      } else {
        column.add(field, column.numeric() ? mlctl::csv::parse_number(field) : std::nullopt, r + 2);
      }
    }
    accumulator.end_row(any_missing);
  }
}

// The values read as numbers before their column turned text, again as written (as
// csv_stats.cpp reads the input again), the accumulator's rows starting at row `begin`.
void give_pending(DatasetAccumulator& accumulator, const Rows& rows, std::size_t begin) {
  for (std::size_t c = 0; c < kNames.size(); ++c) {
    auto& column = accumulator.column(c);
    for (std::size_t r = begin; r < begin + column.pending_end(); ++r) {
      if (!rows[r][c].empty()) column.add_pending(rows[r][c]);
    }
  }
}

DatasetStats one_process(const Rows& rows) {
  DatasetAccumulator all(kNames);
  add_rows(all, rows, 0, rows.size());
  give_pending(all, rows, 0);
  return std::move(all).summarize("job");
}

// What a rank does: its rows, the job's types, its pending values again, the job's statistics.
DatasetStats rank_stats(const Rows& rows, std::size_t begin, std::size_t end, Communicator& comm,
                        std::size_t batch_bytes) {
  DatasetAccumulator mine(kNames);
  add_rows(mine, rows, begin, end);
  agree_column_types(mine, comm);
  give_pending(mine, rows, begin);
  return job_dataset_stats(mine, "job", comm, SummaryOptions{}, batch_bytes);
}

}  // namespace

TEST_CASE("job_dataset_stats: 1 to 4 ranks, uneven slices, as one process on all the rows") {
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{203}}) {
    const Rows rows = make_rows(n, static_cast<std::uint32_t>(n));
    const DatasetStats one = one_process(rows);
    const auto all_cuts = n == 0 ? std::vector<std::vector<std::size_t>>{{0, 0}, {0, 0, 0, 0}}
                                 : uneven_cuts(rows.size());
    for (const auto& cuts : all_cuts) {
      const int ranks = static_cast<int>(cuts.size() - 1);
      // A small batch: the categories go one column per allgather.
      for (const std::size_t batch : {std::size_t{1}, std::size_t{1} << 20}) {
        CAPTURE(n);
        CAPTURE(ranks);
        std::vector<DatasetStats> got(cuts.size() - 1);
        ThreadGroup::run(ranks, [&](Communicator& comm) {
          const auto r = static_cast<std::size_t>(comm.rank());
          got[r] = rank_stats(rows, cuts[r], cuts[r + 1], comm, batch);
        });
        for (const auto& job : got) check_same(job, one, ranks == 1);
      }
    }
  }
}

TEST_CASE("job_dataset_stats: a column text on a later rank is text, its numbers as written") {
  const Rows rows = make_rows(40, 3);
  const DatasetStats one = one_process(rows);
  REQUIRE(one.columns[2].type == mlctl::stats::ColumnType::categorical);
  CHECK(one.columns[2].categorical->because.value == "the end");
  CHECK(one.columns[2].categorical->because.line == 41);
  CHECK(one.columns[2].distinct == 9);  // 0 to 3, each as "v" and "v.0", and "the end"
  std::vector<DatasetStats> got(3);
  ThreadGroup::run(3, [&](Communicator& comm) {
    const std::size_t cuts[] = {0, 15, 39, 40};
    const auto r = static_cast<std::size_t>(comm.rank());
    got[r] = rank_stats(rows, cuts[r], cuts[r + 1], comm, std::size_t{1} << 20);
  });
  for (const auto& job : got) check_same(job, one, false);
}
