#include "solvers/solver_choice.hpp"

namespace mlctl::solvers {

namespace {

// Measured once (tests/solvers/solver_cost_calibration_test.cpp, Release, one thread, on the
// development machine: a 2-core AMD EPYC VM, shared, so within a factor of ~1.5):
// - Hessian pass, binary, 20k rows, stride 202 and 802: 3.4e-10 and 2.1e-10 s per
//   multiply-add of n * stride^2 / 2 (the rank update; one-hot blocks expanded first);
// - LDLT of 800 x 800 and 2000 x 2000: 1.5e-10 and 1.9e-10 s per p^3 / 3;
// - Hessian-vector product, 200k rows, a 2000-level group and 1 or 10 dense columns: binary
//   17 and 30 ns per row, 4 classes 93 and 120 ns per row: ~15-21 ns per row and class (the
//   sigmoid or softmax), ~0.75-1.4 ns per column read and class;
// - passes: Newton 7-8 Hessian passes (20k rows, a 1000-level group, alpha 1 and 0.1); TRON
//   7-8 steps with 33-44 products binary (diagonal preconditioner), 8-9 steps with 65-97
//   products with 4 classes (K x K blocks; 422-1537 with the diagonal alone), plus a
//   value-and-gradient pass and a preconditioner pass per step (the blocks' K(K+1)/2 columns
//   cost ~2.5 products): ~40-60 and ~90-130 product-equivalents.
// The constants lean towards Newton (the larger of each measured pair; TRON's pass counts near
// the top of their range or above): it polishes the optimum to rounding level, and a wrong
// choice near the break-even point costs little either way. The multinomial count, 300, is
// twice the measured top: the counts were measured on one-hot data only, and narrow fits must
// stay Newton's (bench/models' 1M-row 4-class file of 15 numerics and 5 small categories
// breaks even at ~270).
constexpr double kGramSeconds = 3.0e-10;    // per multiply-add of the Hessian's rank update
constexpr double kFactorSeconds = 2.0e-10;  // per (parameters^3 / 3) of the LDLT
constexpr double kRowSeconds = 2.0e-8;      // per row and class of a pass (exp, softmax)
constexpr double kColumnSeconds = 1.4e-9;   // per column read, row and class of a product
constexpr double kNewtonPasses = 8;
constexpr double kTronPassesBinary = 80;
constexpr double kTronPassesMultinomial = 300;

double outputs(const DesignShape& shape) {
  return shape.classes <= 2 ? 1.0 : static_cast<double>(shape.classes);
}

}  // namespace

DesignShape shape_of(const DesignSource& data, int classes) {
  DesignShape shape{data.total_rows(), data.features(), data.features(), 0, classes};
  if (const OneHotLayout* layout = data.one_hot_layout()) {
    shape.dense = layout->dense.size();
    shape.groups = static_cast<std::size_t>(layout->groups);
  }
  return shape;
}

std::size_t logistic_parameters(const DesignShape& shape) {
  return static_cast<std::size_t>(outputs(shape)) * (shape.features + 1);
}

double newton_seconds(const DesignShape& shape) {
  const double k = outputs(shape);
  const double n = static_cast<double>(shape.rows);
  const double stride = static_cast<double>(shape.features + 1);
  const double p = k * stride;
  const double pass = kGramSeconds * n * stride * stride * k * (k + 1) / 4 +
                      kFactorSeconds * p * p * p / 3 + kRowSeconds * n * k;
  return kNewtonPasses * pass;
}

double tron_seconds(const DesignShape& shape) {
  const double k = outputs(shape);
  const double n = static_cast<double>(shape.rows);
  const double columns = static_cast<double>(shape.dense + shape.groups + 1);
  const double pass = n * k * (kRowSeconds + kColumnSeconds * columns);
  return (shape.classes <= 2 ? kTronPassesBinary : kTronPassesMultinomial) * pass;
}

LogisticSolver choose_logistic_solver(const DesignShape& shape) {
  const double newton = newton_seconds(shape);
  if (newton < kNewtonAlwaysSeconds || newton <= tron_seconds(shape)) {
    return LogisticSolver::newton;
  }
  return LogisticSolver::tron;
}

}  // namespace mlctl::solvers
