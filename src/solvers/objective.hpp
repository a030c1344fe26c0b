#pragma once
// What an optimizer sees of a training objective (LIBLINEAR's split: the solver knows nothing
// of the loss). An Objective is a smooth convex function f of a parameter vector; each call
// is one streaming pass over the data, so the optimizers ask for everything they need at a
// point in a single call.

#include <functional>

#include <Eigen/Dense>

namespace mlctl::solvers {

// The Hessian's diagonal blocks, for preconditioning (tron.hpp), when the parameters form a
// stride x size matrix stored by columns (a multinomial loss: one column per class): block j
// couples the `size` parameters j + k * stride. Row j of `entries` holds block j by columns
// (entry (k, l) at column k * size + l).
struct HessianBlocks {
  Eigen::Index size = 0;
  Eigen::MatrixXd entries;  // stride x size^2
};

class Objective {
 public:
  virtual ~Objective() = default;
  virtual Eigen::Index dimension() const = 0;
  // f(x) and its gradient.
  virtual double value_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const = 0;
  // f(x), its gradient and its (dense, symmetric) Hessian.
  virtual double value_gradient_hessian(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                        Eigen::MatrixXd& hessian) const = 0;
  // H(x) v, the Hessian at x times v: what a Newton-CG method (tron.hpp) needs when the
  // Hessian is too large to form. The default forms it (fine for small objectives); the
  // losses override it with a pass over the data that never does.
  virtual void hessian_vector(const Eigen::VectorXd& x, const Eigen::VectorXd& v,
                              Eigen::VectorXd& out) const {
    Eigen::VectorXd gradient;
    Eigen::MatrixXd hessian;
    value_gradient_hessian(x, gradient, hessian);
    out.noalias() = hessian * v;
  }
  // The diagonal of the Hessian at x, for preconditioning; false when f does not provide it
  // (then no preconditioning).
  virtual bool hessian_diagonal(const Eigen::VectorXd& /*x*/, Eigen::VectorXd& /*diagonal*/) const {
    return false;
  }
  // The Hessian's diagonal blocks at x (HessianBlocks); false when f does not provide them
  // (then the diagonal, if any).
  virtual bool hessian_blocks(const Eigen::VectorXd& /*x*/, HessianBlocks& /*blocks*/) const {
    return false;
  }
  // Directions (columns) along which f is constant, e.g. a shift of all multinomial
  // intercepts. The Hessian is singular along them; Newton steps are kept orthogonal to them.
  virtual Eigen::MatrixXd null_directions() const { return {}; }
};

// How a minimisation ended. The caller decides whether to warn about non-convergence.
struct FitReport {
  int iterations = 0;
  bool converged = false;
  double gradient_norm = 0;  // max-norm of the objective's gradient at the solution
  double objective = 0;      // f at the solution
  int hessians = 0;          // Newton: data passes that computed the Hessian (the costly ones)
  int hessian_products = 0;  // TRON: Hessian-vector products (one data pass each)
  const char* method = "";   // the minimiser: "newton", "tron" or "lbfgs"
  // Newton with keep_hessian (newton.hpp): the last Hessian computed or kept; else empty.
  Eigen::MatrixXd hessian;
};

struct StopRule {
  // Converged when max|gradient| <= tolerance * gradient_scale (the scale makes the rule
  // relative to the data size: the gradient is a sum over rows).
  double tolerance = 1e-10;
  double gradient_scale = 1;
  int max_iterations = 200;
  // Called after each iteration with its number and the gradient's max-norm (progress lines).
  std::function<void(int iteration, double gradient_norm)> on_iteration = nullptr;
};

}  // namespace mlctl::solvers
