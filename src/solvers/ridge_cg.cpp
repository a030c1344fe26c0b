#include "solvers/ridge_cg.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/error.hpp"
#include "solvers/ridge_system.hpp"

namespace mlctl::solvers {

namespace {

// CG stops when ||r|| <= kTolerance ||b||; the recomputed residual may sit above it (rounding
// of about eps x cond): up to kRuns restarts from it, then anything under kAcceptable is the
// optimum to within rounding.
constexpr double kTolerance = 1e-15;
constexpr double kAcceptable = 1e-6;
constexpr int kRuns = 3;
// Products per run: CG needs at most d in exact arithmetic; with the block preconditioner a few
// hundred on Zipf-distributed levels (bench/wide).
constexpr long kMaxProductsPerRun = 5000;

// Dense-or-CG constants, on the safe side for the dense path (narrow data keeps its exact
// dense solve and its bytes). Measured (one core, shared): a pass costs about 2 ns per row and
// non-zero, some 12 flops of the dense Gram's blocked rank update (6 GFLOP/s); CG took 4 to 14
// passes on one category and 13 to 87 on bench/wide shape b (five categories, alpha 100 to
// 0.01). The model assumes kCgPasses passes at kScatterCost flops per row, non-zero and
// product (X v, then X' u).
constexpr double kCgPasses = 300;
constexpr double kScatterCost = 8;
// Above this, the dense Gram (and its per-part copies) would not fit comfortably in memory.
constexpr double kMaxDenseBytes = 2.0 * 1024 * 1024 * 1024;

// Preconditioned CG on A beta = b from beta, whose residual is r, until ||r|| <= goal or
// `max_products` products. Returns the products used.
int conjugate_gradient(const CentredOneHotSystem& system, Eigen::VectorXd& beta, Eigen::VectorXd r,
                       double goal, long max_products) {
  Eigen::VectorXd z, q;
  system.precondition(r, z);
  Eigen::VectorXd direction = z;
  double rz = r.dot(z);
  int products = 0;
  while (products < max_products && r.norm() > goal) {
    system.multiply(direction, q);
    ++products;
    const double curvature = direction.dot(q);
    if (!(curvature > 0)) break;  // only along null directions, which b has no part in
    const double step = rz / curvature;
    beta += step * direction;
    r -= step * q;
    system.precondition(r, z);
    const double rz_next = r.dot(z);
    direction = z + (rz_next / rz) * direction;
    rz = rz_next;
  }
  return products;
}

}  // namespace

bool ridge_prefers_conjugate_gradient(const RidgeShape& shape) {
  if (shape.groups == 0) return false;
  const auto n = static_cast<double>(shape.rows);
  const auto d = static_cast<double>(shape.features);
  const auto p = static_cast<double>(shape.dense_columns);
  const auto nonzeros = p + static_cast<double>(shape.groups);
  if (8 * d * d > kMaxDenseBytes) return true;
  const double dense = n * d * d / 2 + d * d * d / 3;
  const double cg = kCgPasses * n * 2 * (nonzeros + 2) * kScatterCost + n * p * p / 2;
  return cg < dense;
}

LinearModel fit_ridge_cg(const DesignSource& data, const RidgeOptions& options,
                         RidgeCgReport* report) {
  if (!(options.alpha >= 0) || !std::isfinite(options.alpha)) {
    throw Error(ErrorKind::usage,
                fmt::format("ridge regression needs alpha >= 0, got {}", options.alpha));
  }
  const CentredOneHotSystem system(data, options.alpha);
  const Eigen::VectorXd& b = system.rhs();
  const double b_norm = b.norm();
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(system.size());
  RidgeCgReport local;
  if (b_norm > 0) {
    const long max_products = std::min<long>(kMaxProductsPerRun, 2 * system.size() + 100);
    Eigen::VectorXd r = b, product;
    for (int run = 0;; ++run) {
      if (run > 0) {
        system.multiply(beta, product);
        ++local.products;
        r = b - product;
      }
      local.relative_residual = r.norm() / b_norm;
      if (local.relative_residual <= kTolerance || run == kRuns) break;
      local.products += conjugate_gradient(system, beta, r, kTolerance * b_norm, max_products);
    }
  }
  if (report != nullptr) *report = local;
  if (!(local.relative_residual <= kAcceptable)) {
    throw Error(ErrorKind::data,
                fmt::format("ridge regression: conjugate gradient stopped at a relative residual "
                            "of {:.3g}",
                            local.relative_residual));
  }
  if (options.alpha == 0) system.remove_one_hot_null_directions(beta);
  LinearModel model;
  model.coef = beta.transpose();
  model.intercept = Eigen::VectorXd::Constant(1, system.intercept(beta));
  return model;
}

}  // namespace mlctl::solvers
