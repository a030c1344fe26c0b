#pragma once
// Which second-order method a logistic fit uses (logistic.hpp), from the shape of its data:
// dense Newton (newton.hpp) or TRON (tron.hpp), whichever a measured cost model says is faster.
//
// Dense Newton forms the Hessian on each pass, n * stride^2 * K'(K'+1)/4 multiply-adds (K' = 1
// binary, K classes multinomial; stride = features + 1), and factors it, (K' stride)^3 / 3.
// TRON never forms it: each Hessian-vector product reads a row's dense values and one column
// index per one-hot group, n * K' * (dense + groups + 1) units plus a per-row softmax. Newton
// needs ~8 such passes, TRON tens (binary) to a hundred or so (multinomial) of products: Newton
// wins on narrow data, TRON as soon as the width's square outgrows the product count
// (solver_choice.cpp has the constants).

#include <cstddef>

#include "solvers/design_source.hpp"

namespace mlctl::solvers {

enum class LogisticSolver { automatic, newton, tron };

// What the cost depends on. A design without a one-hot layout has every feature dense.
struct DesignShape {
  std::size_t rows = 0;
  std::size_t features = 0;  // encoded columns (dense and one-hot)
  std::size_t dense = 0;     // columns read as values
  std::size_t groups = 0;    // one-hot groups, read as one column index per row each
  int classes = 2;
};

// The shape of `data` as its passes read it (DesignSource::one_hot_layout), with the rows of
// every rank (total_rows): every rank makes the same choice.
DesignShape shape_of(const DesignSource& data, int classes);

// Estimated seconds of a whole fit on one core, by either method (the model above).
double newton_seconds(const DesignShape& shape);
double tron_seconds(const DesignShape& shape);

// Newton when its estimate is below kNewtonAlwaysSeconds (then either is quick, and Newton
// keeps narrow fits bit-identical to earlier releases) or below TRON's; TRON otherwise. (Where
// Newton's dense Hessians would take gigabytes, its p^3 factorisation alone already loses.)
// Never returns `automatic`.
LogisticSolver choose_logistic_solver(const DesignShape& shape);

// Parameters of the fit: K' * (features + 1).
std::size_t logistic_parameters(const DesignShape& shape);

inline constexpr double kNewtonAlwaysSeconds = 0.1;

}  // namespace mlctl::solvers
