// The held-out targets and predictions of every process, pooled (training/evaluation.hpp
// pool_held_out): split by split, each in rank order, in pieces of a few rows.

#include <doctest/doctest.h>

#include <mutex>
#include <vector>

#include "support/thread_group.hpp"
#include "training/evaluation.hpp"

using mlctl::distributed::Communicator;
using mlctl::testing::ThreadGroup;
using mlctl::training::Evaluated;
using mlctl::training::Target;

namespace {

// Rank r's share of `rows` job rows in uneven contiguous slices (rank 1 of 3 or more: none).
std::pair<std::size_t, std::size_t> slice(int rank, int ranks, std::size_t rows) {
  std::vector<std::size_t> ends;
  std::size_t end = 0;
  for (int r = 0; r < ranks; ++r) {
    if (!(r == 1 && ranks >= 3)) end += rows * static_cast<std::size_t>(r + 1) / 6 + 3;
    ends.push_back(std::min(end, rows));
  }
  ends.back() = rows;
  const std::size_t begin = rank == 0 ? 0 : ends[static_cast<std::size_t>(rank - 1)];
  return {begin, ends[static_cast<std::size_t>(rank)]};
}

// A process's evaluation of rows [begin, end): job row g has target 1.5 g and predictions
// 10 g, 10 g + 1; the first split holds the even rows, the second the odd ones.
void local_evaluation(std::size_t begin, std::size_t end, Evaluated& e, Target& target) {
  for (std::size_t g = begin; g < end; ++g) {
    target.y.push_back(1.5 * static_cast<double>(g));
    target.rows.push_back(g - begin);
  }
  for (std::size_t parity = 0; parity < 2; ++parity) {
    for (std::size_t g = begin; g < end; ++g) {
      if (g % 2 == parity) e.rows.push_back(g - begin);
    }
    e.split_ends.push_back(e.rows.size());
  }
  e.predictions = mlctl::SpillMatrix(static_cast<Eigen::Index>(e.rows.size()), 2, nullptr);
  for (std::size_t i = 0; i < e.rows.size(); ++i) {
    const auto g = static_cast<double>(e.rows[i] + begin);
    e.predictions.view()(static_cast<Eigen::Index>(i), 0) = 10 * g;
    e.predictions.view()(static_cast<Eigen::Index>(i), 1) = 10 * g + 1;
  }
}

}  // namespace

TEST_CASE("pool_held_out: every process's rows, split by split in rank order, in pieces") {
  constexpr std::size_t kRows = 101;
  std::vector<double> expected;  // the even rows, then the odd ones
  for (std::size_t parity = 0; parity < 2; ++parity) {
    for (std::size_t g = parity; g < kRows; g += 2) expected.push_back(static_cast<double>(g));
  }
  for (int n = 1; n <= 4; ++n) {
    for (const std::size_t piece : {std::size_t{24 * 5}, mlctl::training::kPoolBytes}) {
      CAPTURE(n);
      CAPTURE(piece);
      std::mutex mutex;
      ThreadGroup::run(n, [&](Communicator& comm) {
        const auto [begin, end] = slice(comm.rank(), n, kRows);
        Evaluated e;
        Target target;
        local_evaluation(begin, end, e, target);
        mlctl::training::pool_held_out(e, target, &comm, piece);
        std::lock_guard lock(mutex);
        REQUIRE(e.job_truth.size() == kRows);
        const auto predictions = e.pooled_predictions();
        REQUIRE(predictions.rows() == static_cast<Eigen::Index>(kRows));
        CHECK(e.job_predictions.has_value() == (n > 1));
        for (std::size_t i = 0; i < kRows; ++i) {
          const auto at = static_cast<Eigen::Index>(i);
          CHECK(e.job_truth[i] == 1.5 * expected[i]);
          CHECK(predictions(at, 0) == 10 * expected[i]);
          CHECK(predictions(at, 1) == 10 * expected[i] + 1);
        }
      });
    }
  }
}
