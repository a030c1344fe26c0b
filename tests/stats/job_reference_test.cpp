// job_references: the reference statistics of columns spread over the ranks of a job equal one
// process's, in a handful of collectives whatever the rows; ranks that disagree all fail.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "stats/job_reference.hpp"
#include "support/numbers.hpp"
#include "support/thread_group.hpp"

using mlctl::distributed::Communicator;
using mlctl::distributed::Reduction;
using mlctl::stats::category_reference;
using mlctl::stats::CategoryPart;
using mlctl::stats::job_references;
using mlctl::stats::JobReferences;
using mlctl::stats::numeric_reference;

using mlctl::testing::kNaN;

namespace {

// A rank of a ThreadGroup that counts the broadcasts it takes part in (allgather is one per
// rank).
class Counting final : public Communicator {
 public:
  explicit Counting(Communicator& inner) : inner_(inner) {}
  int rank() const noexcept override { return inner_.rank(); }
  int size() const noexcept override { return inner_.size(); }
  void allreduce(std::span<double> values, Reduction op) override { inner_.allreduce(values, op); }
  void allreduce(std::span<std::int64_t> values, Reduction op) override {
    inner_.allreduce(values, op);
  }
  void exclusive_prefix_sum(std::span<std::int64_t> values) override {
    inner_.exclusive_prefix_sum(values);
  }
  void broadcast(std::vector<std::byte>& bytes, int root) override {
    ++broadcasts;
    inner_.broadcast(bytes, root);
  }
  int broadcasts = 0;

 private:
  Communicator& inner_;
};

// `columns` numeric columns of `rows` rows (column k: every (k + 2)-th value missing) and 3
// categorical ones of `rows` codes into `labels`.
struct Data {
  std::vector<std::vector<double>> numbers;
  std::vector<std::vector<std::int32_t>> codes;
  std::vector<std::string> labels;
};

Data make_data(std::size_t columns, std::size_t rows) {
  Data d;
  for (std::size_t k = 0; k < columns; ++k) {
    auto& column = d.numbers.emplace_back();
    for (std::size_t i = 0; i < rows; ++i) {
      column.push_back(i % (k + 2) == 1 ? kNaN : static_cast<double>((i * (k + 3)) % 1009) / 7);
    }
  }
  for (int l = 0; l < 300; ++l) d.labels.push_back("label " + std::to_string(l));
  for (std::size_t k = 0; k < 3; ++k) {
    auto& column = d.codes.emplace_back();
    for (std::size_t i = 0; i < rows; ++i) {
      column.push_back(i % 9 == k ? -1 : static_cast<std::int32_t>((i * (k + 1)) % 300));
    }
  }
  return d;
}

// Rank `rank`'s rows [cuts[rank], cuts[rank + 1]) of every column (codes into the same labels:
// training_stats' tests cover per-rank codes).
JobReferences run_rank(const Data& d, const std::vector<std::size_t>& cuts, Communicator& comm,
                       std::size_t batch_bytes) {
  const auto r = static_cast<std::size_t>(comm.rank());
  const std::size_t begin = cuts[r];
  const std::size_t rows = cuts[r + 1] - begin;
  std::vector<std::span<const double>> numeric;
  for (const auto& column : d.numbers) numeric.push_back(std::span(column).subspan(begin, rows));
  std::vector<CategoryPart> categorical;
  for (const auto& column : d.codes)
    categorical.push_back({std::span(column).subspan(begin, rows), d.labels});
  return job_references(rows, numeric, categorical, comm, 1, batch_bytes);
}

}  // namespace

TEST_CASE("job references: small batches give the same result in more collectives") {
  const std::size_t rows = 150001;  // past kReferenceSample present values: stride samples
  const Data d = make_data(6, rows);
  const std::vector<std::size_t> cuts{0, 12345, 12345, 100001, rows};
  for (const std::size_t batch_bytes : {mlctl::stats::kJobBatchBytes, std::size_t{200000}}) {
    CAPTURE(batch_bytes);
    std::vector<JobReferences> got(4);
    std::vector<int> broadcasts(4);
    mlctl::testing::ThreadGroup::run(4, [&](Communicator& comm) {
      Counting counting(comm);
      const auto r = static_cast<std::size_t>(comm.rank());
      got[r] = run_rank(d, cuts, counting, batch_bytes);
      broadcasts[r] = counting.broadcasts;
    });
    // One allgather of the headers, then one per batch of samples and one per batch of counts:
    // each column's sample (37501 to 64286 values, 300 kB or more) is a batch of its own under
    // 200000 bytes, the category counts (under 100 kB) one batch.
    const int allgathers = batch_bytes == 200000 ? 1 + 6 + 1 : 1 + 1 + 1;
    for (std::size_t r = 0; r < 4; ++r) {
      CHECK(broadcasts[r] == 4 * allgathers);
      CHECK(got[r].rows == rows);
      REQUIRE(got[r].numeric.size() == 6);
      REQUIRE(got[r].categorical.size() == 3);
      for (std::size_t k = 0; k < 6; ++k) {
        const auto one = numeric_reference(d.numbers[k]);
        const auto& n = got[r].numeric[k];
        CHECK(n.count == one.count);
        CHECK(n.missing == one.missing);
        CHECK(one.sampled);
        CHECK(n.sampled == one.sampled);
        CHECK(n.distinct == one.distinct);
        CHECK(n.min == one.min);
        CHECK(n.max == one.max);
        CHECK(n.bin_edges == one.bin_edges);
        CHECK(n.bin_shares == one.bin_shares);
        CHECK(std::abs(n.mean - one.mean) <= 1e-12 * std::abs(one.mean));
        CHECK(std::abs(n.std - one.std) <= 1e-12 * std::abs(one.std));
        for (std::size_t q = 0; q < one.quantiles.size(); ++q)
          CHECK(n.quantiles.at(q).value == one.quantiles[q].value);
      }
      for (std::size_t k = 0; k < 3; ++k) {
        const auto one = category_reference(d.codes[k], d.labels);
        const auto& c = got[r].categorical[k];
        CHECK(c.count == one.count);
        CHECK(c.missing == one.missing);
        CHECK(c.distinct == one.distinct);
        CHECK(c.shares == one.shares);
        CHECK(c.other_share == one.other_share);
      }
    }
  }
}

TEST_CASE("job references: one rank is the one-process result bit for bit") {
  const Data d = make_data(3, 150001);
  mlctl::testing::ThreadGroup::run(1, [&](Communicator& comm) {
    const auto got = run_rank(d, {0, 150001}, comm, mlctl::stats::kJobBatchBytes);
    for (std::size_t k = 0; k < 3; ++k) {
      const auto one = numeric_reference(d.numbers[k]);
      CHECK(got.numeric[k].mean == one.mean);
      CHECK(got.numeric[k].std == one.std);
      CHECK(got.numeric[k].quantiles.at(2).value == one.quantiles.at(2).value);
    }
  });
}

TEST_CASE("job references: ranks with different numbers of columns all fail, none waits") {
  const Data d = make_data(2, 10);
  std::vector<std::string> errors(3);
  mlctl::testing::ThreadGroup::run(3, [&](Communicator& comm) {
    const auto r = static_cast<std::size_t>(comm.rank());
    std::vector<std::span<const double>> numeric{d.numbers[0]};
    if (r == 1) numeric.emplace_back(d.numbers[1]);
    try {
      (void)job_references(10, numeric, {}, comm);
    } catch (const mlctl::Error& e) {
      CHECK(e.kind() == mlctl::ErrorKind::internal);
      errors[r] = e.what();
    }
  });
  for (const auto& error : errors)
    CHECK(error == "the ranks of the job disagree on the number of columns");
}
