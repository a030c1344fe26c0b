#include "solvers/centre_columns.hpp"

#include "common/error.hpp"

namespace mlctl::solvers {

void centre_columns(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& centre,
                    Eigen::MatrixXd& out) {
  if (centre.size() != X.cols()) {
    throw Error(ErrorKind::internal, "centre_columns: one centre per column is needed");
  }
  out.resize(X.rows(), X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j) out.col(j) = X.col(j).array() - centre(j);
}

}  // namespace mlctl::solvers
