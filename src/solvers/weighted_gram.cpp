#include "solvers/weighted_gram.hpp"

namespace mlctl::solvers {

void add_weighted_gram(Eigen::Ref<Eigen::MatrixXd> lower, const Eigen::MatrixXd& X,
                       const Eigen::VectorXd& c, double sign, Eigen::MatrixXd& scratch) {
  const Eigen::Index n = X.rows();
  const Eigen::Index d = X.cols();
  scratch.resize(n, d + 1);
  scratch.col(d) = c.array().sqrt().matrix();
  for (Eigen::Index j = 0; j < d; ++j) {
    scratch.col(j) = X.col(j).cwiseProduct(scratch.col(d));
  }
  lower.selfadjointView<Eigen::Lower>().rankUpdate(scratch.transpose(), sign);
}

void symmetrize_from_lower(Eigen::Ref<Eigen::MatrixXd> m) {
  for (Eigen::Index j = 1; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < j; ++i) m(i, j) = m(j, i);
  }
}

}  // namespace mlctl::solvers
