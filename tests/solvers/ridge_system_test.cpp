#include <doctest/doctest.h>

#include "solvers/ridge_system.hpp"
#include "wide_ridge_source.hpp"

namespace {

using mlctl::solvers::CentredOneHotSystem;
using test_data::WideRidgeSource;

// The centred system from the expanded rows: A = Xc' W Xc + alpha I, b = Xc' W yc.
struct DenseSystem {
  Eigen::MatrixXd A;
  Eigen::VectorXd b;
  Eigen::RowVectorXd xbar;
  double ybar;
};

DenseSystem dense_system(const WideRidgeSource& data, double alpha) {
  const test_data::Expanded all = test_data::expand(data);
  const double weight = all.w.sum();
  DenseSystem out;
  out.xbar = all.w.transpose() * all.X / weight;
  out.ybar = all.w.dot(all.y) / weight;
  const Eigen::MatrixXd Xc = all.X.rowwise() - out.xbar;
  out.A = Xc.transpose() * all.w.asDiagonal() * Xc;
  out.A.diagonal().array() += alpha;
  out.b = Xc.transpose() * all.w.cwiseProduct((all.y.array() - out.ybar).matrix());
  return out;
}

}  // namespace

TEST_CASE("the centred one-hot system's products equal the dense centred system's") {
  const WideRidgeSource data(1500, 100, 2);
  for (const double alpha : {0.0, 2.0}) {
    CAPTURE(alpha);
    const CentredOneHotSystem system(data, alpha);
    const DenseSystem dense = dense_system(data, alpha);
    REQUIRE(system.size() == dense.A.rows());
    CHECK((system.rhs() - dense.b).norm() <= 1e-12 * dense.b.norm());
    const Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(system.size(), -1.0, 2.0);
    Eigen::VectorXd Av;
    system.multiply(v, Av);
    const Eigen::VectorXd expected = dense.A * v;
    CHECK((Av - expected).norm() <= 1e-12 * expected.norm());
    CHECK(system.intercept(v) == doctest::Approx(dense.ybar - dense.xbar.dot(v)).epsilon(1e-12));
  }
}

TEST_CASE("the ridge preconditioner inverts the dense block and each category's block") {
  const WideRidgeSource data(1500, 100, 1);
  const double alpha = 0.5;
  const CentredOneHotSystem system(data, alpha);
  const DenseSystem dense = dense_system(data, alpha);
  // M: A with the couplings between blocks (numerics, category A, category B, unseen) removed.
  const Eigen::Index p = WideRidgeSource::kNumeric, la = WideRidgeSource::kLevelsA,
                     lb = WideRidgeSource::kLevelsB;
  Eigen::MatrixXd M = Eigen::MatrixXd::Zero(dense.A.rows(), dense.A.cols());
  for (const auto& [first, size] :
       {std::pair{Eigen::Index{0}, p}, std::pair{p, la}, std::pair{p + la, lb},
        std::pair{p + la + lb, Eigen::Index{3}}}) {
    M.block(first, first, size, size) = dense.A.block(first, first, size, size);
  }
  M.bottomRightCorner(3, 3) = alpha * Eigen::MatrixXd::Identity(3, 3);
  const Eigen::VectorXd r = Eigen::VectorXd::LinSpaced(system.size(), 1.0, -3.0);
  Eigen::VectorXd z;
  system.precondition(r, z);
  CHECK((M * z - r).norm() <= 1e-10 * r.norm());
}

TEST_CASE("removing one-hot null directions: a full category's levels sum to 0, empty ones 0") {
  const WideRidgeSource data(800, 100, 1);
  const CentredOneHotSystem system(data, 0.0);
  Eigen::VectorXd beta = Eigen::VectorXd::Ones(system.size());
  system.remove_one_hot_null_directions(beta);
  const Eigen::Index p = WideRidgeSource::kNumeric, la = WideRidgeSource::kLevelsA,
                     lb = WideRidgeSource::kLevelsB;
  CHECK(beta.head(p) == Eigen::VectorXd::Ones(p));               // numerics untouched
  CHECK(beta.segment(p, la).cwiseAbs().maxCoeff() < 1e-15);      // every row has a level of A
  CHECK(beta.segment(p + la, lb) == Eigen::VectorXd::Ones(lb));  // B misses rows: no null direction
  CHECK(beta.tail(3) == Eigen::VectorXd::Zero(3));               // levels no row has
}
