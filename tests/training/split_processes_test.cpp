// holdout_split and kfold_splits over processes: each rank splits its contiguous share of the
// rows and gets exactly the rows that one process's split of all the rows gives that share.

#include <cstdint>
#include <mutex>
#include <vector>

#include <doctest/doctest.h>

#include "csv/csv_test_support.hpp"  // vectors print in failure reports
#include "support/table_shares.hpp"
#include "support/thread_group.hpp"
#include "training/split.hpp"

using mlctl::distributed::Communicator;
using mlctl::testing::ThreadGroup;
using mlctl::training::holdout_split;
using mlctl::training::kfold_splits;
using mlctl::training::kSplitBlock;
using mlctl::training::Split;

namespace {

// 3 classes in a skewed, irregular pattern; every third row has no target (not in `rows`).
struct Job {
  std::vector<std::size_t> rows;
  std::vector<int> classes;
};

Job job_of(std::size_t table_rows) {
  Job job;
  for (std::size_t r = 0; r < table_rows; ++r) {
    if (r % 3 == 2) continue;
    job.rows.push_back(r);
    job.classes.push_back(static_cast<int>((r * r + r / 7) % 5 < 3 ? 0 : (r % 11 == 0 ? 2 : 1)));
  }
  return job;
}

// Table rows [cuts[k], cuts[k+1]) on rank k, renumbered from 0 as that rank's table would;
// rank 1 has no rows from 3 ranks on.
std::vector<std::size_t> slice_cuts(std::size_t table_rows, int ranks) {
  static const std::vector<std::vector<double>> shares = {
      {1.0}, {0.25, 0.75}, {1.0 / 9, 0.0, 8.0 / 9}, {1.0 / 16, 0.0, 8.0 / 16, 7.0 / 16}};
  return mlctl::testing::cuts_of(table_rows, shares[static_cast<std::size_t>(ranks - 1)]);
}

Job share(const Job& job, std::size_t begin, std::size_t end) {
  Job out;
  for (std::size_t i = 0; i < job.rows.size(); ++i) {
    if (job.rows[i] < begin || job.rows[i] >= end) continue;
    out.rows.push_back(job.rows[i] - begin);
    out.classes.push_back(job.classes[i]);
  }
  return out;
}

std::vector<std::size_t> in_share(const mlctl::table::RowVector<std::size_t>& rows,
                                  std::size_t begin, std::size_t end) {
  std::vector<std::size_t> out;
  for (const auto r : rows)
    if (r >= begin && r < end) out.push_back(r - begin);
  return out;
}

std::vector<std::size_t> plain(const mlctl::table::RowVector<std::size_t>& rows) {
  return {rows.begin(), rows.end()};
}

}  // namespace

TEST_CASE("split over processes: each rank gets its share of one process's split") {
  // Blocks of kSplitBlock ordinals straddle the cuts.
  const std::size_t table_rows = 5 * kSplitBlock + 321;
  const Job job = job_of(table_rows);
  const Split whole = holdout_split(job.rows, job.classes, 0.2, 42);
  const Split unstratified = holdout_split(job.rows, {}, 0.35, 7);
  const auto folds = kfold_splits(job.rows, job.classes, 4, 9);
  for (int ranks = 1; ranks <= 4; ++ranks) {
    const auto cuts = slice_cuts(table_rows, ranks);
    std::mutex mutex;
    ThreadGroup::run(ranks, [&](Communicator& comm) {
      const auto k = static_cast<std::size_t>(comm.rank());
      const Job mine = share(job, cuts[k], cuts[k + 1]);
      const Split s = holdout_split(mine.rows, mine.classes, 0.2, 42, nullptr, &comm);
      const Split u = holdout_split(mine.rows, {}, 0.35, 7, nullptr, &comm);
      const auto f = kfold_splits(mine.rows, mine.classes, 4, 9, nullptr, &comm);
      std::lock_guard lock(mutex);
      CAPTURE(ranks);
      CAPTURE(k);
      CHECK(plain(s.held_out) == in_share(whole.held_out, cuts[k], cuts[k + 1]));
      CHECK(plain(s.train) == in_share(whole.train, cuts[k], cuts[k + 1]));
      CHECK(plain(u.held_out) == in_share(unstratified.held_out, cuts[k], cuts[k + 1]));
      REQUIRE(f.size() == folds.size());
      for (std::size_t fold = 0; fold < f.size(); ++fold)
        CHECK(plain(f[fold].held_out) == in_share(folds[fold].held_out, cuts[k], cuts[k + 1]));
    });
  }
}

TEST_CASE("split over processes: folds are checked against the job's rows") {
  // 3 rows in all, one per rank: 3 folds are fine, 4 are not, on every rank alike.
  ThreadGroup::run(3, [](Communicator& comm) {
    const std::vector<std::size_t> rows{0};
    const std::vector<int> classes{0};
    CHECK(kfold_splits(rows, {}, 3, 1, nullptr, &comm).size() == 3);
    CHECK_THROWS_WITH(kfold_splits(rows, classes, 4, 1, nullptr, &comm),
                      "--cv needs between 2 and 3 folds, got 4");
  });
}
