#include <doctest/doctest.h>

#include "solvers/design_source.hpp"
#include "solvers/solver_choice.hpp"

namespace {

using mlctl::solvers::DesignShape;
using mlctl::solvers::LogisticSolver;

LogisticSolver choose(std::size_t rows, std::size_t features, std::size_t dense, std::size_t groups,
                      int classes) {
  return mlctl::solvers::choose_logistic_solver({rows, features, dense, groups, classes});
}

}  // namespace

TEST_CASE("narrow data keeps dense Newton (its models stay bit-identical)") {
  // The repo's data/*.csv as the pipeline encodes them (binary fits one-hot, multinomial ones
  // dense): breast_cancer, credit, titanic, penguins (3 classes), diabetes as a 3-class target.
  CHECK(choose(569, 30, 30, 0, 2) == LogisticSolver::newton);
  CHECK(choose(4454, 23, 9, 4, 2) == LogisticSolver::newton);
  CHECK(choose(1309, 6, 1, 2, 2) == LogisticSolver::newton);
  CHECK(choose(344, 10, 10, 0, 3) == LogisticSolver::newton);
  CHECK(choose(2930, 80, 34, 6, 3) == LogisticSolver::newton);  // ames-like, 243 parameters
  // The narrow benchmarks (bench/models/generate.py): 1M rows of 20 numerics, or of 17
  // numerics and 3 categories of 5, 12 and 3 levels; and wider multinomial ones.
  CHECK(choose(1000000, 20, 20, 0, 2) == LogisticSolver::newton);
  CHECK(choose(1000000, 37, 17, 3, 2) == LogisticSolver::newton);
  CHECK(choose(1000000, 20, 20, 0, 3) == LogisticSolver::newton);
  CHECK(choose(1000000, 65, 65, 0, 3) == LogisticSolver::newton);
  CHECK(choose(1000000, 65, 15, 5, 4) == LogisticSolver::newton);
  // Tiny fits: Newton, whatever the width, while it takes well under kNewtonAlwaysSeconds.
  CHECK(choose(200, 150, 1, 1, 2) == LogisticSolver::newton);
}

TEST_CASE("wide data chooses TRON") {
  // Bench shape a: 20k rows, a 2000-level category (1628 levels present) + 1 numeric.
  CHECK(choose(20000, 1629, 1, 1, 2) == LogisticSolver::tron);
  CHECK(choose(20000, 1629, 1, 1, 4) == LogisticSolver::tron);
  // Bench shape b: 200k rows, 5 categories (31 624 levels present) + 10 numerics.
  CHECK(choose(200000, 31634, 10, 5, 2) == LogisticSolver::tron);
  CHECK(choose(200000, 31634, 10, 5, 4) == LogisticSolver::tron);
  // The logistic set: 50k rows, 4 categories + 10 numerics, 3569 encoded columns.
  CHECK(choose(50000, 3569, 10, 4, 2) == LogisticSolver::tron);
  // A few hundred levels on 20k rows, or 300 columns on 3k rows and 3 classes: Newton's
  // Hessian passes already cost more.
  CHECK(choose(20000, 400, 2, 2, 2) == LogisticSolver::tron);
  CHECK(choose(2930, 300, 34, 40, 3) == LogisticSolver::tron);
  // Multinomial TRON takes ~100 products with its K x K block preconditioner (kTronPasses-
  // Multinomial 300; 800 with the diagonal alone): 100k rows, 10 numerics and 4 small
  // categories (90 encoded columns), 3 classes, already choose it (Newton ~6 s).
  CHECK(choose(100000, 90, 10, 4, 3) == LogisticSolver::tron);
  // Dense data too, from a few hundred columns on a million rows.
  CHECK(choose(1000000, 1000, 1000, 0, 2) == LogisticSolver::tron);
}

TEST_CASE("the cost model: Newton grows with the width's square, TRON with the columns read") {
  const DesignShape narrow{100000, 50, 50, 0, 2};
  DesignShape wider = narrow;
  wider.features = 500;
  wider.dense = 500;
  CHECK(mlctl::solvers::newton_seconds(wider) > 50 * mlctl::solvers::newton_seconds(narrow));
  CHECK(mlctl::solvers::tron_seconds(wider) < 11 * mlctl::solvers::tron_seconds(narrow));
  // Read as one-hot groups, TRON's passes cost less; Newton's do not change.
  DesignShape grouped = wider;
  grouped.dense = 2;
  grouped.groups = 3;
  CHECK(mlctl::solvers::tron_seconds(grouped) < mlctl::solvers::tron_seconds(wider));
  CHECK(mlctl::solvers::newton_seconds(grouped) == mlctl::solvers::newton_seconds(wider));
  CHECK(mlctl::solvers::logistic_parameters({10, 500, 2, 3, 2}) == 501);
  CHECK(mlctl::solvers::logistic_parameters({10, 500, 2, 3, 4}) == 2004);
}

TEST_CASE("shape_of reads the one-hot layout, or counts every feature dense") {
  const Eigen::MatrixXd X = Eigen::MatrixXd::Zero(10, 7);
  const mlctl::solvers::MatrixSource dense(X, Eigen::VectorXd::Zero(10));
  const DesignShape shape = mlctl::solvers::shape_of(dense, 3);
  CHECK(shape.rows == 10);
  CHECK(shape.features == 7);
  CHECK(shape.dense == 7);
  CHECK(shape.groups == 0);
  CHECK(shape.classes == 3);
}
