#include "solvers/block_products.hpp"

namespace mlctl::solvers {

BlockProducts::BlockProducts(const DesignSource& data, const Eigen::MatrixXd& P)
    : data_(data), P_(P) {
  layout_ = data.one_hot_layout();
  if (layout_ != nullptr) {
    dense_P_.resize(static_cast<Eigen::Index>(layout_->dense.size()), P.cols());
    for (std::size_t j = 0; j < layout_->dense.size(); ++j) {
      dense_P_.row(static_cast<Eigen::Index>(j)) = P.row(layout_->dense[j]);
    }
  }
}

const Eigen::VectorXd& BlockProducts::scores(std::size_t index, Eigen::MatrixXd& Z) {
  const Eigen::Index d = P_.rows() - 1;
  if (layout_ == nullptr) {
    block_ = &data_.block(index, scratch_);
    Z.noalias() = block_->X * P_.topRows(d);
    Z.rowwise() += P_.row(d);
    return block_->w;
  }
  one_hot_ = &data_.one_hot_block(index, one_hot_scratch_);
  Z.noalias() = one_hot_->dense * dense_P_;
  Z.rowwise() += P_.row(d);
  const auto& active = one_hot_->active;
  for (Eigen::Index g = 0; g < active.cols(); ++g) {
    for (Eigen::Index i = 0; i < active.rows(); ++i) {
      if (active(i, g) >= 0) Z.row(i) += P_.row(active(i, g));
    }
  }
  return one_hot_->w;
}

const Eigen::VectorXd& BlockProducts::targets() const {
  return layout_ == nullptr ? block_->y : one_hot_->y;
}

void BlockProducts::add_transposed(const Eigen::MatrixXd& T, Eigen::Ref<Eigen::MatrixXd> G,
                                   bool squares) {
  const Eigen::Index d = G.rows() - 1;
  G.row(d) += T.colwise().sum();
  if (layout_ == nullptr) {
    if (squares) {
      G.topRows(d).noalias() += block_->X.cwiseAbs2().transpose() * T;
    } else {
      G.topRows(d).noalias() += block_->X.transpose() * T;
    }
    return;
  }
  if (squares) {
    dense_G_.noalias() = one_hot_->dense.cwiseAbs2().transpose() * T;
  } else {
    dense_G_.noalias() = one_hot_->dense.transpose() * T;
  }
  for (std::size_t j = 0; j < layout_->dense.size(); ++j) {
    G.row(layout_->dense[j]) += dense_G_.row(static_cast<Eigen::Index>(j));
  }
  const auto& active = one_hot_->active;
  for (Eigen::Index g = 0; g < active.cols(); ++g) {
    for (Eigen::Index i = 0; i < active.rows(); ++i) {
      if (active(i, g) >= 0) G.row(active(i, g)) += T.row(i);
    }
  }
}

const Eigen::MatrixXd& BlockProducts::dense_block(Block& scratch) const {
  if (layout_ == nullptr) return block_->X;
  one_hot_->expand(*layout_, static_cast<Eigen::Index>(data_.features()), scratch);
  return scratch.X;
}

}  // namespace mlctl::solvers
