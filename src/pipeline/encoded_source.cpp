#include "pipeline/encoded_source.hpp"

#include <unistd.h>

#include <algorithm>

#include "common/error.hpp"
#include "common/parallel.hpp"

namespace mlctl::pipeline {

std::size_t default_encoding_budget() {
  constexpr std::size_t kCap = std::size_t{1} << 30;
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return kCap / 4;  // unknown: stay modest
  return std::min(kCap, static_cast<std::size_t>(pages) * static_cast<std::size_t>(page_size) / 4);
}

EncodedSource::EncodedSource(const TableEncoder& encoder, const FeaturePipeline& pipeline,
                             std::span<const std::size_t> rows, std::span<const double> targets,
                             std::span<const double> weights, EncodingOptions options)
    : encoder_(encoder),
      width_(pipeline.width()),
      rows_(rows),
      targets_(targets),
      weights_(weights),
      options_(options) {
  if (options_.block_rows == 0) {
    throw Error(ErrorKind::internal, "EncodedSource: a block needs at least one row");
  }
  // Encoded cells plus target and weight per row.
  const double bytes = static_cast<double>(rows_.size()) * static_cast<double>(width_ + 2) * 8.0;
  if (bytes > static_cast<double>(options_.memory_budget)) return;
  stored_.resize(block_count());
  parallel_for(stored_.size(), options_.threads,
               [&](std::size_t index) { encode(index, stored_[index]); });
}

EncodedSource::EncodedSource(const TableEncoder& encoder, const FeaturePipeline& pipeline,
                             std::span<const std::size_t> rows, std::span<const double> targets,
                             std::span<const double> weights, std::size_t block_rows)
    : EncodedSource(encoder, pipeline, rows, targets, weights, EncodingOptions{block_rows, 1, 0}) {}

std::size_t EncodedSource::block_count() const {
  return (rows_.size() + options_.block_rows - 1) / options_.block_rows;
}

const models::Block& EncodedSource::block(std::size_t index, models::Block& scratch) const {
  if (!stored_.empty()) return stored_[index];
  encode(index, scratch);
  return scratch;
}

void EncodedSource::encode(std::size_t index, models::Block& out) const {
  const std::size_t begin = index * options_.block_rows;
  const auto block = rows_.subspan(begin, std::min(options_.block_rows, rows_.size() - begin));
  encoder_.encode(block, out.X);
  const auto n = static_cast<Eigen::Index>(block.size());
  out.y.resize(n);
  out.w.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto r = block[static_cast<std::size_t>(i)];
    out.y(i) = targets_[r];
    out.w(i) = weights_.empty() ? 1.0 : weights_[r];
  }
}

}  // namespace mlctl::pipeline
