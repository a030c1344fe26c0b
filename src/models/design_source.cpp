#include "models/design_source.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/error.hpp"

namespace mlctl::models {

MatrixSource::MatrixSource(Eigen::MatrixXd X, Eigen::VectorXd y, Eigen::VectorXd w,
                           std::size_t block_rows)
    : X_(std::move(X)), y_(std::move(y)), w_(std::move(w)), block_rows_(block_rows) {
  if (w_.size() == 0) w_ = Eigen::VectorXd::Ones(X_.rows());
  if (y_.size() != X_.rows() || w_.size() != X_.rows() || block_rows_ == 0) {
    throw Error(ErrorKind::internal, "MatrixSource: X, y and w disagree on the row count");
  }
}

void MatrixSource::for_each_block(const BlockVisitor& visit) const {
  const auto n = static_cast<Eigen::Index>(rows());
  const auto step = static_cast<Eigen::Index>(block_rows_);
  for (Eigen::Index begin = 0; begin < n; begin += step) {
    const Eigen::Index count = std::min(step, n - begin);
    const Eigen::MatrixXd X = X_.middleRows(begin, count);
    const Eigen::VectorXd y = y_.segment(begin, count);
    const Eigen::VectorXd w = w_.segment(begin, count);
    visit(X, y, w);
  }
}

}  // namespace mlctl::models
