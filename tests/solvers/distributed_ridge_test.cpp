// Ridge fitted over ranks (issue #15): each rank holds a contiguous, uneven slice of the rows
// (one empty from 3 ranks on); the Gram matrix and X'y (dense) or each CG product are summed
// over the ranks. Every rank gets the same model, that of one process on all the rows.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "dataset_loader.hpp"
#include "rank_slices.hpp"
#include "solvers/design_source.hpp"
#include "solvers/ridge.hpp"
#include "solvers/ridge_cg.hpp"
#include "wide_ridge_source.hpp"

namespace {

using mlctl::distributed::Communicator;
using mlctl::solvers::LinearModel;
using mlctl::solvers::MatrixSource;
using mlctl::solvers::RidgeCgReport;
using mlctl::solvers::RidgeMethod;
using mlctl::solvers::RidgeOptions;
using test_data::BlockSlice;

struct Problem {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  Eigen::VectorXd w;
};

// diabetes, its columns shifted far from 0 (centring must cost no digits), weights 0.5..2.5
// and 0 on every 11th row.
Problem diabetes(bool weighted) {
  const auto table = test_data::load(MLCTL_DATA_DIR "/diabetes.csv");
  const std::vector<std::string> features = {"age", "sex", "bmi", "bp", "s1",
                                             "s2",  "s3",  "s4",  "s5", "s6"};
  Problem p{test_data::numeric(table, features), test_data::numeric(table, {"target"}).col(0),
            Eigen::VectorXd()};
  p.X.array() += 1000.0;
  if (weighted) {
    p.w.resize(p.y.size());
    for (Eigen::Index i = 0; i < p.w.size(); ++i)
      p.w(i) = i % 11 == 0 ? 0.0 : 0.5 + static_cast<double>(i % 3);
  }
  return p;
}

}  // namespace

TEST_CASE("distributed ridge: the dense solve over 1 to 4 ranks is the single process's") {
  for (const bool weighted : {false, true}) {
    for (const double alpha : {0.0, 1.0}) {
      CAPTURE(weighted);
      CAPTURE(alpha);
      const Problem p = diabetes(weighted);
      const RidgeOptions options{alpha, RidgeMethod::dense};
      const LinearModel single =
          mlctl::solvers::fit_ridge(MatrixSource(p.X, p.y, p.w, 32), options);
      for (int size = 1; size <= 4; ++size) {
        CAPTURE(size);
        const auto slices = test_data::rank_slices(p.X.rows(), size);
        const auto models =
            test_data::run_ranks<LinearModel>(size, [&](int rank, Communicator& communicator) {
              MatrixSource source = test_data::matrix_slice(
                  p.X, p.y, p.w, slices[static_cast<std::size_t>(rank)], 32);
              source.attach(&communicator);
              CHECK(source.total_rows() == static_cast<std::size_t>(p.X.rows()));
              return mlctl::solvers::fit_ridge(source, options);
            });
        test_data::check_matches(single, models);
      }
    }
  }
}

TEST_CASE("distributed ridge: conjugate gradient over ranks takes the same products") {
  // Wide one-hot data (ridge_cg.hpp), cut by blocks: each CG product is one allreduce.
  const test_data::WideRidgeSource whole(3000, 128, 1);
  for (const double alpha : {0.0, 0.1, 10.0}) {
    CAPTURE(alpha);
    RidgeCgReport single_report;
    const LinearModel single =
        mlctl::solvers::fit_ridge_cg(whole, RidgeOptions{alpha}, &single_report);
    for (int size = 1; size <= 4; ++size) {
      CAPTURE(size);
      const auto slices =
          test_data::rank_slices(static_cast<Eigen::Index>(whole.block_count()), size);
      std::vector<RidgeCgReport> reports(static_cast<std::size_t>(size));
      const auto models =
          test_data::run_ranks<LinearModel>(size, [&](int rank, Communicator& communicator) {
            BlockSlice source(whole, slices[static_cast<std::size_t>(rank)]);
            source.attach(&communicator);
            return mlctl::solvers::fit_ridge_cg(source, RidgeOptions{alpha},
                                                &reports[static_cast<std::size_t>(rank)]);
          });
      test_data::check_matches(single, models);
      for (const RidgeCgReport& report : reports) CHECK(report.products == single_report.products);
    }
  }
}

TEST_CASE("distributed ridge: the automatic choice is the same on every rank") {
  // Rank 0 of 4 holds no rows: on its own rows the cost model would take CG (no Gram pass to
  // pay, only the factorisation), on the job's it takes the dense solve. The job's rows decide.
  CHECK(mlctl::solvers::ridge_prefers_conjugate_gradient({0, 71, 3, 2}));
  CHECK_FALSE(mlctl::solvers::ridge_prefers_conjugate_gradient({3000, 71, 3, 2}));
  const test_data::WideRidgeSource whole(3000, 128, 1);
  const LinearModel single = mlctl::solvers::fit_ridge(whole, RidgeOptions{1.0});
  const auto slices = test_data::rank_slices(static_cast<Eigen::Index>(whole.block_count()), 4);
  const auto models =
      test_data::run_ranks<LinearModel>(4, [&](int rank, Communicator& communicator) {
        BlockSlice source(whole, slices[static_cast<std::size_t>(rank)]);
        source.attach(&communicator);
        return mlctl::solvers::fit_ridge(source, RidgeOptions{1.0});
      });
  test_data::check_matches(single, models);
}

TEST_CASE("distributed ridge: one rank's bad weight or no weight at all fails every rank alike") {
  Problem p = diabetes(true);
  p.w(400) = -1;  // on rank 2 of 3 (rows 243 on)
  const auto slices = test_data::rank_slices(p.X.rows(), 3);
  // Every rank's message, fitting its slice with weights `w`.
  const auto messages_with = [&](const Eigen::VectorXd& w) {
    return test_data::run_ranks<std::string>(3, [&](int rank, Communicator& communicator) {
      MatrixSource source =
          test_data::matrix_slice(p.X, p.y, w, slices[static_cast<std::size_t>(rank)], 32);
      source.attach(&communicator);
      try {
        mlctl::solvers::fit_ridge(source, RidgeOptions{1.0});
      } catch (const mlctl::Error& e) {
        return std::string(e.message());
      }
      return std::string("no error");
    });
  };
  for (const auto& message : messages_with(p.w))
    CHECK(message == "sample weight -1 is not a finite number >= 0");
  for (const auto& message : messages_with(Eigen::VectorXd::Zero(p.y.size())))
    CHECK(message == "ridge regression needs at least one row of positive weight");
}

TEST_CASE("distributed ridge: CG's bad weight on one rank fails every rank alike") {
  const test_data::WideRidgeSource whole(600, 50, 1);
  const auto slices = test_data::rank_slices(static_cast<Eigen::Index>(whole.block_count()), 2);
  const auto messages =
      test_data::run_ranks<std::string>(2, [&](int rank, Communicator& communicator) {
        BlockSlice source(whole, slices[static_cast<std::size_t>(rank)]);
        if (rank == 1) source.poison_weight(-2);
        source.attach(&communicator);
        try {
          mlctl::solvers::fit_ridge_cg(source, RidgeOptions{1.0});
        } catch (const mlctl::Error& e) {
          return std::string(e.message());
        }
        return std::string("no error");
      });
  for (const auto& message : messages)
    CHECK(message == "sample weight -2 is not a finite number >= 0");
}
