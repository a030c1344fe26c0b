// TRON's block preconditioner (solvers/tron_preconditioner.hpp) and the multinomial loss's
// Hessian blocks it is built from.
#include <doctest/doctest.h>

#include "one_hot_source.hpp"
#include "solvers/logistic_loss.hpp"
#include "solvers/tron.hpp"
#include "solvers/tron_preconditioner.hpp"

namespace {

using mlctl::solvers::HessianBlocks;
using mlctl::solvers::MultinomialLogisticLoss;
using mlctl::solvers::TronPreconditioner;

// The blocks match the dense Hessian's: entry (k, l) of block j is H(j + k s, j + l s).
void check_blocks(const MultinomialLogisticLoss& loss, int K) {
  const Eigen::Index n = loss.dimension(), stride = n / K;
  const Eigen::VectorXd x = 0.3 * Eigen::VectorXd::Random(n);
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
  loss.value_gradient_hessian(x, gradient, hessian);
  HessianBlocks blocks;
  for (int pass = 0; pass < 2; ++pass) {  // computed, then read from the kept curvatures
    CAPTURE(pass);
    REQUIRE(loss.hessian_blocks(x, blocks));
    REQUIRE(blocks.size == K);
    REQUIRE(blocks.entries.rows() == stride);
    REQUIRE(blocks.entries.cols() == K * K);
    double worst = 0;
    for (Eigen::Index j = 0; j < stride; ++j) {
      for (Eigen::Index k = 0; k < K; ++k) {
        for (Eigen::Index l = 0; l < K; ++l) {
          const double expected = hessian(j + k * stride, j + l * stride);
          worst = std::max(worst, std::abs(blocks.entries(j, k * K + l) - expected));
        }
      }
    }
    CHECK(worst < 1e-10 * (1 + hessian.cwiseAbs().maxCoeff()));
  }
}

}  // namespace

TEST_CASE("multinomial Hessian blocks equal the dense Hessian's diagonal blocks") {
  for (const bool one_hot : {true, false}) {
    CAPTURE(one_hot);
    for (const int K : {3, 4}) {
      CAPTURE(K);
      test_data::OneHotSource data(300, 20, 3, K, 64, 1, true);
      if (!one_hot) data.dense_only();
      check_blocks(MultinomialLogisticLoss(data, 0.7, K), K);
    }
  }
}

TEST_CASE("multinomial Hessian blocks are bit-identical for 1 and 3 threads") {
  const test_data::OneHotSource one(5000, 300, 3, 4, 256, 1, true);
  const test_data::OneHotSource three(5000, 300, 3, 4, 256, 3, true);
  const Eigen::VectorXd x = 0.2 * Eigen::VectorXd::Random(4 * 303);
  HessianBlocks a, b;
  REQUIRE(MultinomialLogisticLoss(one, 1.0, 4).hessian_blocks(x, a));
  REQUIRE(MultinomialLogisticLoss(three, 1.0, 4).hessian_blocks(x, b));
  CHECK(a.entries == b.entries);
}

TEST_CASE("the block preconditioner inverts each block: C C' = M^-1") {
  const test_data::OneHotSource data(400, 30, 2, 3, 64, 1, true);
  const MultinomialLogisticLoss loss(data, 0.5, 3);
  const Eigen::Index n = loss.dimension(), stride = n / 3;
  const Eigen::VectorXd x = 0.3 * Eigen::VectorXd::Random(n);
  const TronPreconditioner C(loss, x);
  REQUIRE(C.blockwise());
  HessianBlocks blocks;
  loss.hessian_blocks(x, blocks);
  // M (C C' v) = v for v within one feature's block (not the intercepts': their block is made
  // invertible along the null direction, checked below).
  for (const Eigen::Index j : {Eigen::Index{0}, Eigen::Index{5}, stride - 2}) {
    CAPTURE(j);
    Eigen::VectorXd v = Eigen::VectorXd::Zero(n);
    for (Eigen::Index k = 0; k < 3; ++k) v(j + k * stride) = 1.0 + static_cast<double>(k);
    const Eigen::VectorXd u = C.apply(C.apply_transposed(v));
    const Eigen::MatrixXd M = blocks.entries.row(j).reshaped(3, 3);
    Eigen::Vector3d part, expected;
    for (Eigen::Index k = 0; k < 3; ++k) {
      part(k) = u(j + k * stride);
      expected(k) = v(j + k * stride);
    }
    CHECK((M * part - expected).cwiseAbs().maxCoeff() < 1e-10);
    CHECK((u - C.apply(C.apply_transposed(v))).norm() == 0);
  }
}

TEST_CASE("a singular block is factored along its null direction, then ridged") {
  // The intercepts' block sum_i w_i (diag(p_i) - p_i p_i') is singular along (1, ..., 1).
  const Eigen::Vector3d p(0.2, 0.3, 0.5);
  const Eigen::Matrix3d block = Eigen::Matrix3d(p.asDiagonal()) - p * p.transpose();
  const Eigen::MatrixXd L = mlctl::solvers::factor_block(block, Eigen::Vector3d::Ones());
  const Eigen::MatrixXd M = L * L.transpose();
  const double mean = block.trace() / 3;
  CHECK((M - block - (mean / 3) * Eigen::Matrix3d::Ones()).cwiseAbs().maxCoeff() < 1e-14);
  // No null direction given: a ridge makes it positive definite; a zero block: the identity.
  const Eigen::MatrixXd ridged = mlctl::solvers::factor_block(block, Eigen::MatrixXd(3, 0));
  CHECK(ridged.allFinite());
  CHECK(ridged.diagonal().minCoeff() > 0);
  CHECK(mlctl::solvers::factor_block(Eigen::Matrix3d::Zero(), Eigen::MatrixXd(3, 0)) ==
        Eigen::MatrixXd(Eigen::Matrix3d::Identity()));
}

TEST_CASE("the block preconditioner cuts TRON's products on a wide 4-class problem") {
  // 20k rows, a 1000-level category: 422 (alpha 1) and 1537 (alpha 0.1) products with the
  // diagonal alone (solver_choice.cpp's calibration).
  const test_data::OneHotSource data(20000, 1000, 2, 4, 4096, 1);
  for (const double alpha : {1.0, 0.1}) {
    CAPTURE(alpha);
    const MultinomialLogisticLoss loss(data, alpha, 4);
    Eigen::VectorXd x = Eigen::VectorXd::Zero(loss.dimension());
    const auto report = mlctl::solvers::minimize_tron(loss, x, {1e-10, 20000, 200});
    CHECK(report.converged);
    MESSAGE("alpha " << alpha << ": " << report.hessian_products << " products, "
                     << report.iterations << " steps");
    CHECK(report.hessian_products < 150);
  }
}
