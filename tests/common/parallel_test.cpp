// parallel_for: every task runs once, and the error is the one a sequential run meets.

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/parallel.hpp"

TEST_CASE("parallel_for: every task once, and the exception of the lowest failing index") {
  for (const unsigned threads : {0u, 1u, 3u}) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> runs(50);
    mlctl::parallel_for(runs.size(), threads, [&](std::size_t i) { ++runs[i]; });
    for (const auto& r : runs) CHECK(r.load() == 1);
    CHECK_THROWS_WITH(mlctl::parallel_for(50, threads,
                                          [](std::size_t i) {
                                            if (i == 17 || i == 40) {
                                              throw std::runtime_error(std::to_string(i));
                                            }
                                          }),
                      "17");
  }
  int calls = 0;
  mlctl::parallel_for(0, 4, [&](std::size_t) { ++calls; });
  CHECK(calls == 0);
}
