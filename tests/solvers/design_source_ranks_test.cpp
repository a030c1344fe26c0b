// DesignSource over the ranks of a job (issue #15): attach() and the job-wide row count,
// sum_over_ranks() and run_agreed(), alone and on a ThreadGroup.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/error.hpp"
#include "distributed/agreed.hpp"
#include "rank_slices.hpp"
#include "solvers/design_source.hpp"

namespace {

using mlctl::distributed::Communicator;
using mlctl::solvers::MatrixSource;

MatrixSource rows(Eigen::Index n) {
  return {Eigen::MatrixXd::Ones(n, 2), Eigen::VectorXd::Zero(n)};
}

}  // namespace

TEST_CASE("a source alone: no communicator, total_rows is rows, sums and errors untouched") {
  MatrixSource source = rows(5);
  CHECK(source.communicator() == nullptr);
  CHECK(source.total_rows() == 5);
  std::vector<double> sums = {1.5, -2.0};
  mlctl::solvers::sum_over_ranks(source, sums);
  CHECK(sums == std::vector<double>{1.5, -2.0});
  CHECK_THROWS_WITH_AS(
      mlctl::distributed::run_agreed(source.communicator(),
                                     [] { throw mlctl::Error(mlctl::ErrorKind::data, "bad"); }),
      "bad", mlctl::Error);
  source.attach(nullptr);
  CHECK(source.total_rows() == 5);
}

TEST_CASE("attached sources: the job's rows, sums over the ranks, an error on every rank") {
  const auto results = test_data::run_ranks<std::string>(3, [](int rank, Communicator& comm) {
    MatrixSource source = rows(rank == 1 ? 0 : 4 + rank);  // 4, 0 and 6 rows
    source.attach(&comm);
    CHECK(source.communicator() == &comm);
    CHECK(source.total_rows() == 10);
    CHECK(source.rows() == static_cast<std::size_t>(rank == 1 ? 0 : 4 + rank));
    std::vector<double> sums = {1.0, static_cast<double>(rank)};
    mlctl::solvers::sum_over_ranks(source, sums);
    CHECK(sums == std::vector<double>{3.0, 3.0});
    mlctl::distributed::run_agreed(source.communicator(),
                                   [] {});  // no error: returns on every rank
    try {
      mlctl::distributed::run_agreed(source.communicator(), [rank] {
        if (rank >= 1)
          throw mlctl::Error(mlctl::ErrorKind::data, "rank " + std::to_string(rank) + " failed");
      });
    } catch (const mlctl::Error& e) {
      CHECK(e.kind() == mlctl::ErrorKind::data);
      return std::string(e.message());
    }
    return std::string("no error");
  });
  // The lowest failing rank's error, on every rank (rank 0 too, which did not fail).
  CHECK(results == std::vector<std::string>(3, "rank 1 failed"));
}
