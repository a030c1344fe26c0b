#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "support/thread_group.hpp"
#include "training/job_facts.hpp"

using mlctl::distributed::Communicator;
using mlctl::testing::ThreadGroup;
using namespace mlctl::training;

TEST_CASE("job facts: alone, each is the local value") {
  CHECK(job_sum(nullptr, 7) == 7);
  CHECK(rows_before(nullptr, 7) == 0);
  CHECK(job_all(nullptr, false) == false);
  CHECK(job_union(nullptr, std::vector<std::string>{"b", "a"}) ==
        std::vector<std::string>{"b", "a"});  // as given: the caller sorted it
  CHECK(job_union(nullptr, std::vector<double>{2.0}) == std::vector<double>{2.0});
}

TEST_CASE("job facts: sums, prefixes, agreement and unions over 1 to 4 processes") {
  for (int n = 1; n <= 4; ++n) {
    std::mutex mutex;
    ThreadGroup::run(n, [&](Communicator& comm) {
      const auto r = static_cast<std::uint64_t>(comm.rank());
      const auto sum = job_sum(&comm, 10 * r + 1);
      const auto before = rows_before(&comm, 10 * r + 1);
      const bool all = job_all(&comm, r != 2);
      // Rank r holds the texts "k<r" .. and the number r / 2 (ranks share some), rank 1 none.
      std::vector<std::string> texts;
      for (std::uint64_t k = 0; k < r; ++k) texts.push_back("k" + std::to_string(k));
      if (r == 1) texts.clear();
      std::vector<double> numbers;
      if (r != 1) numbers.push_back(static_cast<double>(r / 2) - 0.5);
      const auto text_union = job_union(&comm, texts);
      const auto number_union = job_union(&comm, numbers);
      std::lock_guard lock(mutex);
      const auto un = static_cast<std::uint64_t>(n);
      CHECK(sum == 5 * un * (un - 1) + un);
      CHECK(before == 5 * r * (r - 1) + r);
      CHECK(all == (n <= 2));
      std::vector<std::string> want_texts;
      for (int k = 0; k + 1 < n; ++k) want_texts.push_back("k" + std::to_string(k));
      if (n == 2) want_texts.clear();  // only rank 1 would hold "k0", and it holds none
      CHECK(text_union == want_texts);
      std::vector<double> want_numbers{-0.5};
      if (n >= 3) want_numbers.push_back(0.5);
      CHECK(number_union == want_numbers);
    });
  }
}

TEST_CASE("job check: the lowest failing rank's error on every rank, or none") {
  CHECK_THROWS_WITH(job_check(nullptr, [] { throw mlctl::Error(mlctl::ErrorKind::data, "x"); }),
                    "x");
  std::mutex mutex;
  int passed = 0;
  CHECK_THROWS_WITH(ThreadGroup::run(3,
                                     [&](Communicator& comm) {
                                       job_check(&comm, [] {});
                                       {
                                         std::lock_guard lock(mutex);
                                         ++passed;
                                       }
                                       job_check(&comm, [&] {
                                         if (comm.rank() > 0)
                                           throw mlctl::Error(
                                               mlctl::ErrorKind::data,
                                               "bad on " + std::to_string(comm.rank()));
                                       });
                                     }),
                    "bad on 1");
  CHECK(passed == 3);
}

TEST_CASE("job rows: every rank's rows stacked in rank order") {
  Eigen::MatrixXd alone(2, 2);
  alone << 1, 2, 3, 4;
  CHECK(job_rows(nullptr, alone) == alone);
  std::mutex mutex;
  ThreadGroup::run(3, [&](Communicator& comm) {
    // Rank r holds r rows (r, 10 r + i).
    const int r = comm.rank();
    Eigen::MatrixXd mine(r, 2);
    for (int i = 0; i < r; ++i) mine.row(i) << r, 10 * r + i;
    const Eigen::MatrixXd all = job_rows(&comm, mine);
    Eigen::MatrixXd want(3, 2);
    want << 1, 10, 2, 20, 2, 21;
    std::lock_guard lock(mutex);
    CHECK(all == want);
  });
}
