#include <doctest/doctest.h>

#include <array>
#include <mutex>
#include <string>
#include <vector>

#include "support/thread_group.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::distributed::Communicator;
using mlctl::distributed::Reduction;
using mlctl::testing::ThreadGroup;

TEST_CASE("thread group: collectives combine the ranks in rank order") {
  for (int n = 1; n <= 4; ++n) {
    std::mutex mutex;
    int checked = 0;
    ThreadGroup::run(n, [&](Communicator& comm) {
      const int r = comm.rank();
      std::array<double, 2> d{1.0, r + 0.5};
      comm.allreduce(d, Reduction::sum);
      std::array<std::int64_t, 2> lo{r, -r}, hi{r, -r}, below{1, r};
      comm.allreduce(lo, Reduction::min);
      comm.allreduce(hi, Reduction::max);
      comm.exclusive_prefix_sum(below);
      std::vector<std::byte> mine(static_cast<std::size_t>(r), std::byte{0x41});
      const auto all = comm.allgather(mine);
      std::lock_guard lock(mutex);
      CHECK(d[0] == n);
      CHECK(d[1] == n * (n - 1) / 2.0 + 0.5 * n);
      CHECK(lo == std::array<std::int64_t, 2>{0, -(n - 1)});
      CHECK(hi == std::array<std::int64_t, 2>{n - 1, 0});
      CHECK(below == std::array<std::int64_t, 2>{r, std::int64_t{r} * (r - 1) / 2});
      REQUIRE(all.size() == static_cast<std::size_t>(n));
      for (int k = 0; k < n; ++k) CHECK(all[static_cast<std::size_t>(k)].size() == std::size_t(k));
      ++checked;
    });
    CHECK(checked == n);
  }
}

TEST_CASE("thread group: an error agreed on reaches every rank, a lone throw breaks the group") {
  std::mutex mutex;
  std::vector<std::string> seen;
  CHECK_THROWS_WITH(
      ThreadGroup::run(3,
                       [&](Communicator& comm) {
                         const Error local(ErrorKind::data, "bad row", {"b.csv", 7, 2});
                         try {
                           comm.raise_if_any(comm.rank() >= 1 ? &local : nullptr);
                         } catch (const Error& e) {
                           std::lock_guard lock(mutex);
                           seen.push_back(e.what());
                           throw;
                         }
                       }),
      "b.csv:7:2: bad row");
  CHECK(seen == std::vector<std::string>(3, "b.csv:7:2: bad row"));
  CHECK_THROWS_WITH(ThreadGroup::run(2,
                                     [](Communicator& comm) {
                                       if (comm.rank() == 1) throw Error(ErrorKind::io, "gone");
                                       std::array<double, 1> d{1};
                                       comm.allreduce(d, Reduction::sum);
                                     }),
                    "another rank of the thread group failed");
}
