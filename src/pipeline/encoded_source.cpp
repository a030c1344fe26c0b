#include "pipeline/encoded_source.hpp"

#include <algorithm>

namespace mlctl::pipeline {

EncodedSource::EncodedSource(const TableEncoder& encoder, const FeaturePipeline& pipeline,
                             std::span<const std::size_t> rows, std::span<const double> targets,
                             std::span<const double> weights, std::size_t block_rows)
    : encoder_(encoder),
      width_(pipeline.width()),
      rows_(rows),
      targets_(targets),
      weights_(weights),
      block_rows_(block_rows) {}

void EncodedSource::for_each_block(const models::BlockVisitor& visit) const {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  Eigen::VectorXd w;
  for (std::size_t begin = 0; begin < rows_.size(); begin += block_rows_) {
    const auto block = rows_.subspan(begin, std::min(block_rows_, rows_.size() - begin));
    encoder_.encode(block, X);
    const auto n = static_cast<Eigen::Index>(block.size());
    y.resize(n);
    w.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto r = block[static_cast<std::size_t>(i)];
      y(i) = targets_[r];
      w(i) = weights_.empty() ? 1.0 : weights_[r];
    }
    visit(X, y, w);
  }
}

}  // namespace mlctl::pipeline
