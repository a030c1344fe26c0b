// SpillArena and SpillAllocator: the heap until the budget, then unlinked temporary files; the
// contents survive the governor's trims; a directory where no file can be made is an io error.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "common/spill_allocator.hpp"
#include "common/spill_arena.hpp"

using mlctl::SpillAllocator;
using mlctl::SpillArena;

namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
using Doubles = std::vector<double, SpillAllocator<double>>;

}  // namespace

TEST_CASE("spill arena: the heap up to the budget, then files, and stats that follow") {
  SpillArena arena(64 * kMiB, 4 * kMiB);
  Doubles small{SpillAllocator<double>(&arena)};
  small.resize(kMiB / 8 * 3);  // 3 MiB: within the budget
  CHECK(arena.stats().heap_bytes == 3 * kMiB);
  CHECK(arena.stats().spilled_bytes == 0);
  {
    Doubles big{SpillAllocator<double>(&arena)};
    big.resize(kMiB / 8 * 2);  // 2 MiB more would pass 4 MiB: a file
    CHECK(arena.stats().heap_bytes == 3 * kMiB);
    CHECK(arena.stats().spilled_bytes == 2 * kMiB);
    std::iota(big.begin(), big.end(), 0.0);
    CHECK(big.back() == static_cast<double>(big.size() - 1));
  }
  CHECK(arena.stats().spilled_bytes == 0);
  CHECK(arena.stats().peak_spilled_bytes == 2 * kMiB);
  // Small allocations stay on the heap whatever the budget.
  std::vector<int, SpillAllocator<int>> tiny(100, 7, SpillAllocator<int>(&arena));
  CHECK(arena.stats().spilled_bytes == 0);
  CHECK(tiny[99] == 7);
}

TEST_CASE("spill arena: spilled values survive trims, and leave the resident set") {
  SpillArena arena(1024 * kMiB, 0);
  Doubles values{SpillAllocator<double>(&arena)};
  values.resize(8 * kMiB / 8);  // 8 MiB, spilled
  std::iota(values.begin(), values.end(), 1.0);
  const std::uint64_t before = mlctl::resident_bytes();
  arena.trim();
  const std::uint64_t after = mlctl::resident_bytes();
  CHECK(before > 0);
  CHECK(after + 6 * kMiB <= before);  // the 8 MiB left, less whatever else moved
  double sum = 0;
  for (const double v : values) sum += v;
  const double n = static_cast<double>(values.size());
  CHECK(sum == n * (n + 1) / 2);
  CHECK(arena.stats().trims == 1);
}

TEST_CASE("spill arena: the governor trims on its own once the resident set passes the limit") {
  // 64 MiB written into spilled memory under a limit 16 MiB above today's resident set.
  const std::uint64_t limit = mlctl::resident_bytes() + 16 * kMiB;
  SpillArena arena(limit, 0);
  Doubles values{SpillAllocator<double>(&arena)};
  values.resize(64 * kMiB / 8);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i % 1000);
  // It looks every few milliseconds; allow a loaded machine 5 s.
  for (int i = 0; i < 500 && arena.stats().trims == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(arena.stats().trims > 0);
  CHECK(mlctl::resident_bytes() < limit + 48 * kMiB);  // well under all 64 MiB resident
  CHECK(values[12345] == 345.0);
}

TEST_CASE("spill arena: check() does nothing before a spill or under the limit") {
  // Its trims above the limit race the governor's, so they are not counted here; the bound they
  // keep under load is tests/cli/memory_test.sh's.
  SpillArena heap_only(16 * kMiB, 1024 * kMiB);
  Doubles small{SpillAllocator<double>(&heap_only)};
  small.resize(4 * kMiB / 8);
  heap_only.check();
  CHECK(heap_only.stats().trims == 0);
  SpillArena arena(mlctl::resident_bytes() + 256 * kMiB, 0);
  Doubles values{SpillAllocator<double>(&arena)};
  values.resize(4 * kMiB / 8);
  std::iota(values.begin(), values.end(), 0.0);
  arena.check();
  CHECK(arena.stats().trims == 0);
  CHECK(values.back() == static_cast<double>(values.size() - 1));
}

TEST_CASE("spill arena: trims early by the largest step seen, up to half the limit") {
  using mlctl::trim_threshold;
  CHECK(trim_threshold(256 * kMiB, 0, 0) == 256 * kMiB);
  CHECK(trim_threshold(256 * kMiB, 0, 100 * kMiB) == 156 * kMiB);
  CHECK(trim_threshold(256 * kMiB, 0, 300 * kMiB) == 128 * kMiB);
  // What stays after a trim, plus an eighth of the limit, comes first.
  CHECK(trim_threshold(256 * kMiB, 200 * kMiB, 100 * kMiB) == 200 * kMiB);
  CHECK(trim_threshold(8 * kMiB, 50 * kMiB, 0) == 50 * kMiB);
}

TEST_CASE("spill arena: after a burst between two looks, trims come that much early") {
  const std::uint64_t limit = mlctl::resident_bytes() + 64 * kMiB;
  SpillArena arena(limit, 0);
  Doubles values{SpillAllocator<double>(&arena)};
  values.resize(96 * kMiB / 8);
  arena.check();
  std::fill(values.begin(), values.begin() + 16 * kMiB / 8, 1.0);
  arena.check();
  const std::uint64_t step = arena.stats().largest_step;
  REQUIRE(step > 0);
  REQUIRE(step <= 24 * kMiB);  // the burst, and what else the process did meanwhile
  arena.trim();
  const std::uint64_t trims = arena.stats().trims;
  // A page at a time, up to half a step under the limit: a threshold at the limit never trims.
  constexpr std::size_t kPage = 4096 / sizeof(double);
  for (std::size_t i = 16 * kMiB / 8; i < values.size(); i += kPage) {
    values[i] = 2.0;
    if (mlctl::resident_bytes() > limit - step / 2) break;
  }
  arena.check();
  CHECK(arena.stats().trims > trims);
  CHECK(mlctl::resident_bytes() < limit);
  CHECK(values[0] == 1.0);
  CHECK(values[16 * kMiB / 8] == 2.0);
}

TEST_CASE("spill arena: no temporary file: an io error naming the directory") {
  SpillArena arena(kMiB, 0, "/nonexistent/mlctl-spill");
  try {
    Doubles values{SpillAllocator<double>(&arena)};
    values.resize(2 * kMiB / 8);
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::io);
    CHECK(e.where().file == "/nonexistent/mlctl-spill");
    CHECK(e.message() == "cannot make a temporary file: No such file or directory");
  }
  CHECK(arena.stats().spilled_bytes == 0);
  CHECK(arena.stats().heap_bytes == 0);
}

TEST_CASE("spill allocator: the heap without an arena, and vectors move with their arena") {
  Doubles plain;
  plain.resize(10);
  CHECK(plain.get_allocator().arena() == nullptr);
  SpillArena arena(64 * kMiB, 0);
  Doubles spilled{SpillAllocator<double>(&arena)};
  spilled.resize(2 * kMiB / 8);
  Doubles moved;
  moved = std::move(spilled);
  CHECK(moved.get_allocator().arena() == &arena);
  CHECK(arena.stats().spilled_bytes == 2 * kMiB);
}
