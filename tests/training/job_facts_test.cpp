#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "common/hash.hpp"
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

TEST_CASE("job rows by split: split by split, each over the ranks in rank order") {
  Eigen::MatrixXd alone(2, 1);
  alone << 1, 2;
  const std::vector<std::size_t> one_split{2};
  CHECK(job_rows_by_split(nullptr, alone, one_split) == alone);
  for (int n = 1; n <= 4; ++n) {
    std::mutex mutex;
    ThreadGroup::run(n, [&](Communicator& comm) {
      // Rank r holds r rows of split 0 (100 s + 10 r + i), none of split 1 on rank 2, and one
      // row of split 2: a rank with no rows at all (rank 0) too.
      const int r = comm.rank();
      std::vector<double> values;
      std::vector<std::size_t> ends;
      for (int s = 0; s < 3; ++s) {
        const int count = s == 0 ? r : (s == 1 ? (r == 2 ? 0 : r) : (r == 0 ? 0 : 1));
        for (int i = 0; i < count; ++i) values.push_back(100 * s + 10 * r + i);
        ends.push_back(values.size());
      }
      const Eigen::MatrixXd mine =
          Eigen::Map<Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
      const Eigen::MatrixXd all = job_rows_by_split(&comm, mine, ends);
      std::vector<double> want;
      for (int s = 0; s < 3; ++s) {
        for (int k = 0; k < n; ++k) {
          const int count = s == 0 ? k : (s == 1 ? (k == 2 ? 0 : k) : (k == 0 ? 0 : 1));
          for (int i = 0; i < count; ++i) want.push_back(100 * s + 10 * k + i);
        }
      }
      std::lock_guard lock(mutex);
      CHECK(std::vector<double>(all.data(), all.data() + all.size()) == want);
    });
  }
}

TEST_CASE("job fingerprint: rows and bytes summed, rows listed by rank, shares' hashes hashed") {
  mlctl::table::Table alone;
  alone.lines = {2, 3};
  alone.input_bytes = 10;
  alone.input_hash = 0xabc;
  const auto one = job_fingerprint(alone, "a.csv b.csv", nullptr);
  CHECK(one.source == "a.csv b.csv");
  CHECK(one.rows == 2);
  CHECK(one.hash == 0xabc);
  CHECK(one.process_rows.empty());
  std::mutex mutex;
  std::vector<mlctl::model::DataFingerprint> seen;
  ThreadGroup::run(2, [&](Communicator& comm) {
    mlctl::table::Table share;
    share.lines.assign(comm.rank() == 0 ? 3 : 1, 2);
    share.input_bytes = comm.rank() == 0 ? 30 : 7;
    share.input_hash = comm.rank() == 0 ? 1 : 2;
    const auto data = job_fingerprint(share, "part-*.csv", &comm);
    std::lock_guard lock(mutex);
    seen.push_back(data);
  });
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].rows == 4);
  CHECK(seen[0].bytes == 37);
  CHECK(seen[0].process_rows == std::vector<std::uint64_t>{3, 1});
  // The xxh3-64 of (30, 1, 7, 2) as little-endian 64-bit words.
  const std::uint64_t words[] = {30, 1, 7, 2};
  CHECK(seen[0].hash == mlctl::xxh3_64(std::span<const std::byte>(
                            reinterpret_cast<const std::byte*>(words), sizeof words)));
  CHECK(seen[1].hash == seen[0].hash);
}
