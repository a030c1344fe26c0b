#include "models/weighted_gram.hpp"

namespace mlctl::models {

void add_weighted_gram(Eigen::Ref<Eigen::MatrixXd> lower, const Eigen::MatrixXd& X,
                       const Eigen::VectorXd& c, double sign) {
  const Eigen::Index d = X.cols();
  Eigen::MatrixXd scaled(X.rows(), d + 1);
  const Eigen::ArrayXd root = c.array().sqrt();
  scaled.leftCols(d) = root.matrix().asDiagonal() * X;
  scaled.col(d) = root.matrix();
  lower.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose(), sign);
}

void symmetrize_from_lower(Eigen::Ref<Eigen::MatrixXd> m) {
  for (Eigen::Index j = 1; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < j; ++i) m(i, j) = m(j, i);
  }
}

}  // namespace mlctl::models
