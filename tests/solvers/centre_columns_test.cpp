// centre_columns: a block's columns moved to their centres, bit for bit as Eigen's rowwise form.

#include <cstring>

#include <doctest/doctest.h>
#include <Eigen/Dense>

#include "common/error.hpp"
#include "solvers/centre_columns.hpp"

using mlctl::solvers::centre_columns;

TEST_CASE("centre_columns: the cells of X.rowwise() - centre', bit for bit") {
  // Odd sizes (a tail after the vector packets), a view at an odd offset (unaligned columns),
  // and values whose differences round.
  Eigen::MatrixXd storage = Eigen::MatrixXd::Random(1001, 8) * 1e3;
  storage(3, 2) = 1e300;
  const Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>> X(
      storage.data() + 1, 999, 7, Eigen::OuterStride<>(storage.rows()));
  const Eigen::VectorXd centre = Eigen::VectorXd::Random(7) / 3.0;
  const Eigen::MatrixXd expected = X.rowwise() - centre.transpose();
  Eigen::MatrixXd out(2, 2);
  centre_columns(X, centre, out);
  REQUIRE(out.rows() == 999);
  REQUIRE(out.cols() == 7);
  CHECK(std::memcmp(out.data(), expected.data(), sizeof(double) * 999 * 7) == 0);
  CHECK(out(2, 2) == storage(3, 2) - centre(2));
  // Reused at the same size, and again at another.
  centre_columns(X.topRows(5), centre, out);
  CHECK(out.rows() == 5);
  CHECK(out(4, 6) == X(4, 6) - centre(6));
}

TEST_CASE("centre_columns: one centre per column") {
  Eigen::MatrixXd out;
  CHECK_THROWS_AS(centre_columns(Eigen::MatrixXd::Zero(3, 2), Eigen::VectorXd::Zero(3), out),
                  mlctl::Error);
}
