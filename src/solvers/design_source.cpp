#include "solvers/design_source.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "common/error.hpp"
#include "common/parallel.hpp"
#include "distributed/communicator.hpp"

namespace mlctl::solvers {

void DesignSource::for_each_block(const BlockVisitor& visit) const {
  Block scratch;
  for (std::size_t i = 0; i < block_count(); ++i) {
    const Block& b = block(i, scratch);
    visit(b.X, b.y, b.w);
  }
}

void DesignSource::attach(distributed::Communicator* communicator) {
  communicator_ = communicator;
  if (communicator_ == nullptr) return;
  std::array<std::int64_t, 1> rows{static_cast<std::int64_t>(this->rows())};
  communicator_->allreduce(rows, distributed::Reduction::sum);
  total_rows_ = static_cast<std::size_t>(rows[0]);
}

void sum_over_ranks(const DesignSource& data, std::span<double> sums) {
  if (distributed::Communicator* communicator = data.communicator()) {
    communicator->allreduce(sums, distributed::Reduction::sum);
  }
}

OneHotView DesignSource::one_hot_block(std::size_t /*index*/, OneHotBlock& /*scratch*/) const {
  throw Error(ErrorKind::internal, "one_hot_block of a source without a one-hot layout");
}

void OneHotView::expand(const OneHotLayout& layout, Eigen::Index features, Block& out) const {
  const Eigen::Index n = dense.rows();
  out.X.setZero(n, features);
  for (std::size_t j = 0; j < layout.dense.size(); ++j) {
    out.X.col(layout.dense[j]) = dense.col(static_cast<Eigen::Index>(j));
  }
  for (Eigen::Index g = 0; g < active.cols(); ++g) {
    for (Eigen::Index i = 0; i < n; ++i) {
      if (active(i, g) >= 0) out.X(i, active(i, g)) = 1.0;
    }
  }
  out.y = y;
  out.w = w;
}

std::size_t part_count(const DesignSource& data, std::size_t max_parts) {
  return std::min(data.block_count(), std::max<std::size_t>(max_parts, 1));
}

std::size_t max_parts_for_state(std::size_t state_doubles) {
  constexpr std::size_t kMaxParts = 16;
  constexpr std::size_t kStateBudget = std::size_t{256} << 20;  // bytes over all parts
  const std::size_t bytes = std::max<std::size_t>(state_doubles, 1) * sizeof(double);
  return std::clamp<std::size_t>(kStateBudget / bytes, 1, kMaxParts);
}

void for_each_part(const DesignSource& data, std::size_t max_parts,
                   const std::function<void(std::size_t part, std::size_t first_block,
                                            std::size_t end_block)>& work) {
  const std::size_t parts = part_count(data, max_parts);
  const std::size_t blocks = data.block_count();
  parallel_for(parts, data.threads(), [&](std::size_t part) {
    work(part, part * blocks / parts, (part + 1) * blocks / parts);
  });
}

MatrixSource::MatrixSource(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, Eigen::VectorXd w,
                           std::size_t block_rows, unsigned threads)
    : rows_(static_cast<std::size_t>(X.rows())),
      features_(static_cast<std::size_t>(X.cols())),
      threads_(threads) {
  if (w.size() == 0) w = Eigen::VectorXd::Ones(X.rows());
  if (y.size() != X.rows() || w.size() != X.rows() || block_rows == 0) {
    throw Error(ErrorKind::internal, "MatrixSource: X, y and w disagree on the row count");
  }
  const auto n = X.rows();
  const auto step = static_cast<Eigen::Index>(block_rows);
  for (Eigen::Index begin = 0; begin < n; begin += step) {
    const Eigen::Index count = std::min(step, n - begin);
    blocks_.push_back(
        {X.middleRows(begin, count), y.segment(begin, count), w.segment(begin, count)});
  }
}

}  // namespace mlctl::solvers
