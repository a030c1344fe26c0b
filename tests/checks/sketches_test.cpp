#include "checks/sketches.hpp"

#include <cmath>

#include <doctest/doctest.h>

#include "common/hash.hpp"

using namespace mlctl::checks;

TEST_CASE("DistinctSketch: exact up to k distinct values, then within a few percent") {
  DistinctSketch small(64);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 50; ++i) small.add(mlctl::xxh3_64(std::to_string(i)));
  }
  CHECK(small.exact());
  CHECK(small.estimate() == 50.0);

  DistinctSketch large(1024);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 100000; ++i) large.add(mlctl::xxh3_64(std::to_string(i)));
  }
  CHECK_FALSE(large.exact());
  CHECK(std::abs(large.estimate() / 100000.0 - 1.0) < 0.1);
}

TEST_CASE("RowHashSet: finds repeats, once full it compares without keeping more") {
  RowHashSet set(3);
  CHECK_FALSE(set.seen_before(10));
  CHECK(set.seen_before(10));
  CHECK_FALSE(set.seen_before(0));  // 0 is stored as 1 (0 marks an empty slot)
  CHECK(set.seen_before(0));
  CHECK_FALSE(set.seen_before(11));
  CHECK(set.full());
  CHECK_FALSE(set.seen_before(12));  // not kept: the cap was reached
  CHECK_FALSE(set.seen_before(12));
  CHECK(set.seen_before(11));  // kept ones are still found
}

TEST_CASE("RowHashSet: grows past its first table without losing hashes") {
  RowHashSet set(100000);
  for (std::uint64_t i = 1; i <= 5000; ++i) CHECK_FALSE(set.seen_before(i * 0x9e3779b97f4a7c15ULL));
  std::size_t found = 0;
  for (std::uint64_t i = 1; i <= 5000; ++i) found += set.seen_before(i * 0x9e3779b97f4a7c15ULL);
  CHECK(found == 5000);
}
