#include "solvers/tron.hpp"

#include <algorithm>
#include <cmath>

#include "solvers/tron_preconditioner.hpp"

namespace mlctl::solvers {

namespace {

// LIBLINEAR's trust-region constants: a step is accepted when the actual reduction is at
// least kEta0 of the predicted one; the radius shrinks or grows by the sigmas depending on how
// good the prediction was.
constexpr double kEta0 = 1e-4, kEta1 = 0.25, kEta2 = 0.75;
constexpr double kSigma1 = 0.25, kSigma2 = 0.5, kSigma3 = 4.0;
// A predicted reduction below this fraction of |f| is rounding noise in f.
constexpr double kRoundingLevel = 1e-12;

double max_norm(const Eigen::VectorXd& v) {
  return v.lpNorm<Eigen::Infinity>();
}

// CG runs on the preconditioned system (tron_preconditioner.hpp): H^ = C' H C, g^ = C' g,
// s = C s^; the trust region bounds ||s^||. Then g^'s^ = g's and s^'r^ = s'r, so the predicted
// reduction reads the same.
struct CgResult {
  Eigen::VectorXd step;      // s^
  Eigen::VectorXd residual;  // r^ = -g^ - H^ s^
  int products = 0;          // Hessian-vector products used
};

// Moves from s along d to the trust region's boundary ||s + a d|| = radius (a >= 0).
double to_boundary(const Eigen::VectorXd& s, const Eigen::VectorXd& d, double radius) {
  const double sd = s.dot(d), dd = d.dot(d), ss = s.squaredNorm();
  const double room = radius * radius - ss;
  const double root = std::sqrt(sd * sd + dd * room);
  return sd >= 0 ? room / (sd + root) : (root - sd) / dd;
}

// Conjugate gradient on H^ s^ = -g^, stopped when ||r^|| <= cg_tolerance, at the boundary of
// the trust region, or when d'H^d stops being positive (H is only semi-definite along null
// directions, which the gradient never has a component in).
CgResult conjugate_gradient(const Objective& f, const Eigen::VectorXd& x,
                            const Eigen::VectorXd& gradient, const TronPreconditioner& scale,
                            double radius, double cg_tolerance) {
  const Eigen::Index n = gradient.size();
  CgResult cg{Eigen::VectorXd::Zero(n), -gradient, 0};
  Eigen::VectorXd d = cg.residual, Hd(n);
  double rr = cg.residual.squaredNorm();
  for (Eigen::Index k = 0; k < n && std::sqrt(rr) > cg_tolerance; ++k) {
    f.hessian_vector(x, scale.apply(d), Hd);
    Hd = scale.apply_transposed(Hd);
    ++cg.products;
    const double dHd = d.dot(Hd);
    if (!(dHd > 0)) {
      if (k == 0) cg.step = to_boundary(cg.step, d, radius) * d;  // steepest descent
      break;
    }
    const double a = rr / dHd;
    if ((cg.step + a * d).norm() > radius) {
      const double to_edge = to_boundary(cg.step, d, radius);
      cg.step += to_edge * d;
      cg.residual -= to_edge * Hd;
      break;
    }
    cg.step += a * d;
    cg.residual -= a * Hd;
    const double rr_next = cg.residual.squaredNorm();
    d = cg.residual + (rr_next / rr) * d;
    rr = rr_next;
  }
  return cg;
}

// The new radius after a step of length `step_norm` (LIBLINEAR's rule): `slope` = g's,
// `predicted` and `actual` the reductions of f.
double next_radius(double radius, double step_norm, double slope, double change, double predicted,
                   double actual) {
  // The minimiser of the quadratic through f, its slope and the new value, as a fraction of s.
  const double fit =
      change - slope <= 0 ? kSigma3 : std::max(kSigma1, -0.5 * slope / (change - slope));
  if (actual < kEta0 * predicted)
    return std::min(std::max(fit, kSigma1) * step_norm, kSigma2 * radius);
  if (actual < kEta1 * predicted) {
    return std::max(kSigma1 * radius, std::min(fit * step_norm, kSigma2 * radius));
  }
  if (actual < kEta2 * predicted) {
    return std::max(kSigma1 * radius, std::min(fit * step_norm, kSigma3 * radius));
  }
  return std::max(radius, std::min(fit * step_norm, kSigma3 * radius));
}

}  // namespace

FitReport minimize_tron(const Objective& f, Eigen::VectorXd& x, const StopRule& rule) {
  const double threshold = rule.tolerance * rule.gradient_scale;
  Eigen::VectorXd gradient(f.dimension()), trial_gradient(f.dimension());
  FitReport report;
  report.method = "tron";
  double value = f.value_gradient(x, gradient);
  TronPreconditioner scale(f, x);
  double radius = scale.apply_transposed(gradient).norm();
  const double first_norm = gradient.norm();
  bool polishing = false;
  while (true) {
    report.objective = value;
    report.gradient_norm = max_norm(gradient);
    report.converged = report.gradient_norm <= threshold;
    if (report.iterations >= rule.max_iterations || (report.converged && polishing)) break;
    // Once converged, one more step polishes the optimum (as Newton does): superlinear
    // convergence takes the gradient far below the tolerance for a few more passes.
    polishing = report.converged;
    // Inexact Newton: a CG tolerance that shrinks with the gradient gives superlinear
    // convergence (LIBLINEAR's fixed 0.1 only gives linear, too slow for a 1e-10 tolerance).
    const double forcing = std::min(0.1, std::sqrt(gradient.norm() / first_norm));
    const Eigen::VectorXd scaled_gradient = scale.apply_transposed(gradient);
    const CgResult cg =
        conjugate_gradient(f, x, scaled_gradient, scale, radius, forcing * scaled_gradient.norm());
    report.hessian_products += cg.products;
    const double slope = scaled_gradient.dot(cg.step);
    const double predicted = -0.5 * (slope - cg.step.dot(cg.residual));
    const Eigen::VectorXd trial = x + scale.apply(cg.step);
    const double trial_value = f.value_gradient(trial, trial_gradient);
    const double actual = value - trial_value;
    const double step_norm = cg.step.norm();
    if (report.iterations == 0) radius = std::min(radius, step_norm);
    radius = std::isfinite(trial_value)
                 ? next_radius(radius, step_norm, slope, trial_value - value, predicted, actual)
                 : kSigma1 * step_norm;
    ++report.iterations;
    // Polishing, or a step whose predicted reduction is lost in f's rounding: f cannot judge
    // it, the gradient does (LIBLINEAR stops there; its tolerances are far looser than ours).
    const bool by_gradient = polishing || predicted <= kRoundingLevel * std::abs(value);
    const bool better =
        std::isfinite(trial_value) && (by_gradient ? max_norm(trial_gradient) < report.gradient_norm
                                                   : actual > kEta0 * predicted);
    if (better) {
      x = trial;
      value = trial_value;
      gradient.swap(trial_gradient);
      if (!polishing) scale = TronPreconditioner(f, x);
      if (rule.on_iteration) rule.on_iteration(report.iterations, max_norm(gradient));
    } else if (by_gradient) {
      // No step improves f or the gradient any more: stop, converged or not.
      report.objective = value;
      report.gradient_norm = max_norm(gradient);
      report.converged = report.gradient_norm <= threshold;
      break;
    }
  }
  return report;
}

}  // namespace mlctl::solvers
