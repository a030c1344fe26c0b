#include "solvers/block_products.hpp"

#include <cstdint>

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
  one_hot_.emplace(data_.one_hot_block(index, one_hot_scratch_));
  y_ = one_hot_->y;
  w_ = one_hot_->w;
  Z.noalias() = one_hot_->dense * dense_P_;
  Z.rowwise() += P_.row(d);
  // Column by column over raw pointers: an Eigen row expression per entry costs several times
  // the add itself. Each Z(i, k) still receives the groups in order: the same sums, bit for bit.
  const auto& active = one_hot_->active;
  for (Eigen::Index k = 0; k < Z.cols(); ++k) {
    double* z = Z.col(k).data();
    const double* p = P_.col(k).data();
    for (Eigen::Index g = 0; g < active.cols(); ++g) {
      const std::int32_t* a = active.col(g).data();
      for (Eigen::Index i = 0; i < active.rows(); ++i) {
        if (a[i] >= 0) z[i] += p[a[i]];
      }
    }
  }
  return w_;
}

const Eigen::VectorXd& BlockProducts::targets() const {
  return layout_ == nullptr ? block_->y : y_;
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
  // As in scores(): each G(j, k) receives the rows in the same (group, row) order as before.
  const auto& active = one_hot_->active;
  for (Eigen::Index k = 0; k < T.cols(); ++k) {
    double* out = G.col(k).data();
    const double* t = T.col(k).data();
    for (Eigen::Index g = 0; g < active.cols(); ++g) {
      const std::int32_t* a = active.col(g).data();
      for (Eigen::Index i = 0; i < active.rows(); ++i) {
        if (a[i] >= 0) out[a[i]] += t[i];
      }
    }
  }
}

const Eigen::MatrixXd& BlockProducts::dense_block(Block& scratch) const {
  if (layout_ == nullptr) return block_->X;
  one_hot_->expand(*layout_, static_cast<Eigen::Index>(data_.features()), scratch);
  return scratch.X;
}

}  // namespace mlctl::solvers
