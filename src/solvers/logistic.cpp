#include "solvers/logistic.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "distributed/agreed.hpp"
#include "solvers/logistic_loss.hpp"
#include "solvers/logistic_math.hpp"
#include "solvers/newton.hpp"
#include "solvers/tron.hpp"

namespace mlctl::solvers {

namespace {

void check_options(const LogisticOptions& options) {
  if (!(options.alpha > 0) || !std::isfinite(options.alpha)) {
    throw Error(ErrorKind::usage,
                fmt::format("logistic regression needs alpha > 0, got {}", options.alpha));
  }
  if (options.num_classes < 2) {
    throw Error(
        ErrorKind::usage,
        fmt::format("logistic regression needs at least 2 classes, got {}", options.num_classes));
  }
  if (!(options.tolerance >= 0) || options.max_iterations < 0) {
    throw Error(ErrorKind::usage, "logistic regression needs tolerance >= 0 and iterations >= 0");
  }
}

// One pass before fitting: every target a class index, every weight finite and >= 0, every
// class present with positive weight (over every rank). Returns the sum of the weights.
double check_data(const DesignSource& data, int num_classes) {
  const auto K = static_cast<std::size_t>(num_classes);
  const std::size_t max_parts = max_parts_for_state(K);
  std::vector<std::vector<double>> partials(part_count(data, max_parts),
                                            std::vector<double>(K, 0.0));
  distributed::run_agreed(data.communicator(), [&] {
    for_each_part(data, max_parts, [&](std::size_t part, std::size_t first, std::size_t end) {
      std::vector<double>& class_weight = partials[part];
      Block scratch;
      OneHotBlock one_hot_scratch;
      for (std::size_t index = first; index < end; ++index) {
        // Only targets and weights are read: a one-hot block has them without expanding X.
        const auto add = [&](const auto& y, const auto& weights) {
          for (Eigen::Index i = 0; i < y.size(); ++i) {
            const double w = weights(i);
            if (!(w >= 0) || !std::isfinite(w)) {
              throw Error(ErrorKind::data,
                          fmt::format("sample weight {} is not a finite number >= 0", w));
            }
            class_weight[static_cast<std::size_t>(class_index(y(i), num_classes))] += w;
          }
        };
        if (data.one_hot_layout() != nullptr) {
          const OneHotView block = data.one_hot_block(index, one_hot_scratch);
          add(block.y, block.w);
        } else {
          const Block& block = data.block(index, scratch);
          add(block.y, block.w);
        }
      }
    });
  });
  std::vector<double> class_weight(K, 0.0);
  for (const auto& sums : partials) {
    for (std::size_t k = 0; k < K; ++k) class_weight[k] += sums[k];
  }
  sum_over_ranks(data, class_weight);
  for (int k = 0; k < num_classes; ++k) {
    if (!(class_weight[static_cast<std::size_t>(k)] > 0)) {
      throw Error(ErrorKind::data,
                  fmt::format("class {} has no training rows (of positive weight)", k));
    }
  }
  double total = 0;
  for (const double v : class_weight) total += v;
  return total;
}

bool fits(const LinearModel* start, Eigen::Index outputs, Eigen::Index features) {
  return start != nullptr && start->coef.rows() == outputs && start->coef.cols() == features &&
         start->intercept.size() == outputs && start->coef.allFinite() &&
         start->intercept.allFinite();
}

FitReport minimize(const Objective& f, const DesignSource& data, Eigen::VectorXd& x,
                   const StopRule& rule, const LogisticOptions& options) {
  if (resolved_solver(data, options) == LogisticSolver::newton) {
    return minimize_newton(f, x, rule,
                           {options.reuse_hessian, options.start_hessian, options.keep_hessian});
  }
  return minimize_tron(f, x, rule);
}

}  // namespace

LogisticSolver resolved_solver(const DesignSource& data, const LogisticOptions& options) {
  return options.solver != LogisticSolver::automatic
             ? options.solver
             : choose_logistic_solver(shape_of(data, options.num_classes));
}

LinearModel fit_logistic(const DesignSource& data, const LogisticOptions& options,
                         FitReport* report) {
  check_options(options);
  const double total_weight = check_data(data, options.num_classes);
  const StopRule rule{options.tolerance, std::max(1.0, total_weight), options.max_iterations,
                      options.on_iteration};
  const auto d = static_cast<Eigen::Index>(data.features());

  LinearModel model;
  FitReport outcome;
  if (options.num_classes == 2) {
    const BinaryLogisticLoss loss(data, options.alpha);
    Eigen::VectorXd x = Eigen::VectorXd::Zero(loss.dimension());
    if (fits(options.start, 1, d)) {
      x.head(d) = options.start->coef.row(0).transpose();
      x(d) = options.start->intercept(0);
    }
    outcome = minimize(loss, data, x, rule, options);
    model.coef = x.head(d).transpose();
    model.intercept = x.tail(1);
  } else {
    const MultinomialLogisticLoss loss(data, options.alpha, options.num_classes);
    Eigen::VectorXd x = Eigen::VectorXd::Zero(loss.dimension());
    if (fits(options.start, options.num_classes, d)) {
      Eigen::Map<Eigen::MatrixXd> params(x.data(), d + 1, options.num_classes);
      params.topRows(d) = options.start->coef.transpose();
      params.row(d) = options.start->intercept.transpose();
    }
    outcome = minimize(loss, data, x, rule, options);
    const Eigen::Map<const Eigen::MatrixXd> params(x.data(), d + 1, options.num_classes);
    model.coef = params.topRows(d).transpose();
    model.intercept = params.row(d).transpose();
    // Only differences of intercepts matter; pin their sum to zero (it already is for
    // Newton, whose steps avoid the null direction).
    model.intercept.array() -= model.intercept.mean();
  }
  if (report) *report = outcome;
  return model;
}

}  // namespace mlctl::solvers
