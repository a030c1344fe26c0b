#include "checks/sketches.hpp"

#include <cmath>
#include <cstdint>
#include <iterator>
#include <set>

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

namespace {

// The k-minimum-values sketch as first written, on a std::set: the reference.
struct SetSketch {
  std::size_t k;
  std::set<std::uint64_t> smallest;
  bool evicted = false;
  void add(std::uint64_t hash) {
    if (smallest.size() < k) {
      smallest.insert(hash);
      return;
    }
    const auto largest = std::prev(smallest.end());
    if (hash >= *largest) {
      if (hash > *largest) evicted = true;
      return;
    }
    if (smallest.insert(hash).second) {
      smallest.erase(std::prev(smallest.end()));
      evicted = true;
    }
  }
  double estimate() const {
    if (!evicted) return static_cast<double>(smallest.size());
    const double kth = (static_cast<double>(*smallest.rbegin()) + 1.0) / 18446744073709551616.0;
    return static_cast<double>(k - 1) / kth;
  }
};

}  // namespace

TEST_CASE("DistinctSketch: the same estimate as a std::set of the k smallest, bit for bit") {
  // Streams of few and of many distinct values, repeats early and late, 0 among them, and
  // small k so that evictions (and the starts again of the seen hashes) happen often.
  std::uint64_t state = 5;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state;
  };
  for (const std::size_t k : {1, 2, 7, 64, 1024}) {
    for (const std::uint64_t distinct : {3ULL, 50ULL, 1000ULL, 30000ULL}) {
      CAPTURE(k);
      CAPTURE(distinct);
      DistinctSketch sketch(k);
      SetSketch reference{k, {}, false};
      for (int i = 0; i < 60000; ++i) {
        const std::uint64_t value = next() % distinct;
        const std::uint64_t hash = value == 0 ? 0 : mlctl::xxh3_64(std::to_string(value));
        sketch.add(hash);
        reference.add(hash);
        if (i % 997 == 0) {
          REQUIRE(sketch.exact() == !reference.evicted);
          REQUIRE(sketch.estimate() == reference.estimate());
        }
      }
      CHECK(sketch.exact() == !reference.evicted);
      CHECK(sketch.estimate() == reference.estimate());
    }
  }
}

TEST_CASE("SeenHashes: finds repeats, once full it compares without keeping more") {
  SeenHashes set(3);
  CHECK_FALSE(set.seen_before(10));
  CHECK(set.seen_before(10));
  CHECK_FALSE(set.seen_before(0));  // kept beside the table (0 marks an empty slot)
  CHECK(set.seen_before(0));
  CHECK_FALSE(set.seen_before(1));  // not taken for 0
  CHECK(set.size() == 3);
  CHECK(set.full());
  CHECK_FALSE(set.seen_before(12));  // not kept: the cap was reached
  CHECK_FALSE(set.seen_before(12));
  CHECK(set.seen_before(1));  // kept ones are still found
  set.clear();
  CHECK(set.size() == 0);
  CHECK_FALSE(set.seen_before(10));
  CHECK_FALSE(set.seen_before(0));
}

TEST_CASE("SeenHashes: grows past its first table without losing hashes") {
  SeenHashes set(100000);
  for (std::uint64_t i = 1; i <= 5000; ++i) CHECK_FALSE(set.seen_before(i * 0x9e3779b97f4a7c15ULL));
  std::size_t found = 0;
  for (std::uint64_t i = 1; i <= 5000; ++i) found += set.seen_before(i * 0x9e3779b97f4a7c15ULL);
  CHECK(found == 5000);
}

TEST_CASE("SeenHashes: reserve makes room once, keeps what it holds, stays within the cap") {
  SeenHashes set(100000);
  for (std::uint64_t i = 1; i <= 20; ++i) CHECK_FALSE(set.seen_before(i * 0x9e3779b97f4a7c15ULL));
  CHECK(set.slots() == 64);
  set.reserve(1000);
  CHECK(set.slots() == 2048);  // 1000 hashes leave it at most half full
  for (std::uint64_t i = 1; i <= 1000; ++i) {
    CHECK(set.seen_before(i * 0x9e3779b97f4a7c15ULL) == (i <= 20));
  }
  CHECK(set.slots() == 2048);  // no growth on the way
  CHECK(set.size() == 1000);
  set.reserve(10);
  CHECK(set.slots() == 2048);  // never smaller
  SeenHashes capped(100);
  capped.reserve(std::uint64_t{1} << 40);
  CHECK(capped.slots() == 256);  // room for the cap only
  CHECK_FALSE(capped.seen_before(7));
  CHECK(capped.seen_before(7));
}
