// stats::job_distinct_counts over 1 to 4 ranks (threads) against count_distinct on all the
// values in one process, with rounds of every size down to one value per rank and column.

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include <doctest/doctest.h>

#include "stats/frequency.hpp"
#include "stats/job_distinct.hpp"
#include "support/table_shares.hpp"
#include "support/thread_group.hpp"

using mlctl::distributed::Communicator;
using mlctl::stats::count_distinct;
using mlctl::stats::job_distinct_counts;
using mlctl::testing::ThreadGroup;
using mlctl::testing::uneven_cuts;

namespace {

// Ties within and across slices, both zeros, and an empty column.
std::vector<std::vector<double>> columns_of(std::size_t n) {
  std::mt19937 random(static_cast<std::uint32_t>(n));
  std::vector<std::vector<double>> columns(3);
  for (std::size_t i = 0; i < n; ++i) {
    columns[0].push_back(static_cast<double>(random() % 13) - 6.0);
    columns[1].push_back(random() % 4 == 0 ? (random() % 2 == 0 ? 0.0 : -0.0)
                                           : static_cast<double>(random() % 1000) / 7.0);
  }
  return columns;
}

}  // namespace

TEST_CASE("job_distinct_counts: as one process, whatever the ranks and the round size") {
  for (const std::size_t n : {std::size_t{0}, std::size_t{5}, std::size_t{300}}) {
    const auto columns = columns_of(n);
    std::vector<std::uint64_t> one;
    for (auto column : columns) {
      std::sort(column.begin(), column.end());
      one.push_back(count_distinct(column));
    }
    const auto all_cuts =
        n == 0 ? std::vector<std::vector<std::size_t>>{{0, 0}, {0, 0, 0}} : uneven_cuts(n);
    for (const auto& cuts : all_cuts) {
      const int ranks = static_cast<int>(cuts.size() - 1);
      for (const std::size_t per_round : {std::size_t{1}, std::size_t{20}, std::size_t{1} << 21}) {
        CAPTURE(n);
        CAPTURE(ranks);
        CAPTURE(per_round);
        std::vector<std::vector<std::uint64_t>> got(static_cast<std::size_t>(ranks));
        ThreadGroup::run(ranks, [&](Communicator& comm) {
          const auto r = static_cast<std::size_t>(comm.rank());
          std::vector<std::vector<double>> mine;
          for (const auto& column : columns) {
            const std::size_t end = std::min(cuts[r + 1], column.size());
            const std::size_t begin = std::min(cuts[r], end);
            mine.emplace_back(column.begin() + static_cast<std::ptrdiff_t>(begin),
                              column.begin() + static_cast<std::ptrdiff_t>(end));
            std::sort(mine.back().begin(), mine.back().end());
          }
          const std::vector<std::span<const double>> spans(mine.begin(), mine.end());
          got[r] = job_distinct_counts(spans, comm, per_round);
        });
        for (const auto& counts : got) CHECK(counts == one);
      }
    }
  }
}
