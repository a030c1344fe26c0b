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

solvers::DesignShape one_hot_shape(const FeaturePipeline& pipeline, std::size_t rows, int classes) {
  solvers::DesignShape shape{rows, pipeline.width(), 0, 0, classes};
  for (const auto& feature : pipeline.features()) {
    ++(feature.type == table::ColumnType::numeric ? shape.dense : shape.groups);
  }
  return shape;
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
  Eigen::Index categorical = 0;
  if (options_.one_hot) {
    solvers::OneHotLayout layout;
    for (std::size_t j = 0; j < pipeline.features().size(); ++j) {
      if (pipeline.features()[j].type == table::ColumnType::numeric) {
        layout.dense.push_back(static_cast<Eigen::Index>(pipeline.offset(j)));
      } else {
        ++categorical;
      }
    }
    layout.groups = categorical;
    if (categorical > 0) layout_ = std::move(layout);
  }
  // Encoded cells (or dense cells and indices) plus target and weight per row.
  const double row_bytes = layout_ ? static_cast<double>(layout_->dense.size() + 2) * 8.0 +
                                         static_cast<double>(layout_->groups) * 4.0
                                   : static_cast<double>(width_ + 2) * 8.0;
  if (static_cast<double>(rows_.size()) * row_bytes > static_cast<double>(options_.memory_budget))
    return;
  if (layout_) {
    store_one_hot();
    return;
  }
  stored_.resize(block_count());
  parallel_for(stored_.size(), options_.threads,
               [&](std::size_t index) { encode(index, stored_[index]); });
}

EncodedSource::EncodedSource(const TableEncoder& encoder, const FeaturePipeline& pipeline,
                             std::span<const std::size_t> rows, std::span<const double> targets,
                             std::span<const double> weights, std::size_t block_rows)
    : EncodedSource(encoder, pipeline, rows, targets, weights, EncodingOptions{block_rows, 1, 0}) {}

namespace {

// Array starts a multiple of 64 bytes apart (a cache line, and at least Eigen's alignment), so
// each is aligned as the allocation is.
constexpr std::size_t kAlignBytes = 64;
static_assert(kAlignBytes % EIGEN_MAX_ALIGN_BYTES == 0);
template <class T>
std::size_t padded(std::size_t count) {
  constexpr std::size_t per_line = kAlignBytes / sizeof(T);
  return (count + per_line - 1) / per_line * per_line;
}

}  // namespace

void EncodedSource::store_one_hot() {
  StoredOneHot stored;
  const std::size_t dense = layout_->dense.size();
  const auto groups = static_cast<std::size_t>(layout_->groups);
  std::size_t numbers = 0;
  std::size_t indices = 0;
  for (std::size_t index = 0; index < block_count(); ++index) {
    const std::size_t n = rows_of(index).size();
    stored.numbers_at.push_back(numbers);
    stored.indices_at.push_back(indices);
    numbers += padded<double>(n * dense) + 2 * padded<double>(n);
    indices += padded<std::int32_t>(n * groups);
  }
  // Not zeroed: every element is written below before it is read.
  stored.numbers = std::make_unique_for_overwrite<double[]>(numbers);
  stored.indices = std::make_unique_for_overwrite<std::int32_t[]>(indices);
  if (reinterpret_cast<std::uintptr_t>(stored.numbers.get()) % EIGEN_MAX_ALIGN_BYTES != 0 ||
      reinterpret_cast<std::uintptr_t>(stored.indices.get()) % EIGEN_MAX_ALIGN_BYTES != 0) {
    throw Error(ErrorKind::internal, "EncodedSource: stored blocks not aligned as Eigen's");
  }
  stored_one_hot_ = std::move(stored);
  parallel_for(block_count(), options_.threads, [&](std::size_t index) {
    const std::size_t n = rows_of(index).size();
    double* at = stored_one_hot_->numbers.get() + stored_one_hot_->numbers_at[index];
    double* y = at + padded<double>(n * dense);
    encode(index, at, stored_one_hot_->indices.get() + stored_one_hot_->indices_at[index], y,
           y + padded<double>(n));
  });
}

solvers::OneHotView EncodedSource::stored_one_hot(std::size_t index) const {
  const auto n = static_cast<Eigen::Index>(rows_of(index).size());
  const auto dense = static_cast<Eigen::Index>(layout_->dense.size());
  const double* at = stored_one_hot_->numbers.get() + stored_one_hot_->numbers_at[index];
  const double* y = at + padded<double>(static_cast<std::size_t>(n * dense));
  return {at,
          stored_one_hot_->indices.get() + stored_one_hot_->indices_at[index],
          y,
          y + padded<double>(static_cast<std::size_t>(n)),
          n,
          dense,
          layout_->groups};
}

std::size_t EncodedSource::block_count() const {
  return (rows_.size() + options_.block_rows - 1) / options_.block_rows;
}

const solvers::Block& EncodedSource::block(std::size_t index, solvers::Block& scratch) const {
  if (!stored_.empty()) return stored_[index];
  if (stored_one_hot_) {
    stored_one_hot(index).expand(*layout_, static_cast<Eigen::Index>(width_), scratch);
    return scratch;
  }
  encode(index, scratch);
  return scratch;
}

solvers::OneHotView EncodedSource::one_hot_block(std::size_t index,
                                                 solvers::OneHotBlock& scratch) const {
  if (!layout_) return DesignSource::one_hot_block(index, scratch);  // throws
  if (stored_one_hot_) return stored_one_hot(index);
  encode(index, scratch);
  return scratch;
}

std::span<const std::size_t> EncodedSource::rows_of(std::size_t index) const {
  const std::size_t begin = index * options_.block_rows;
  return rows_.subspan(begin, std::min(options_.block_rows, rows_.size() - begin));
}

void EncodedSource::fill_targets(std::span<const std::size_t> rows, Eigen::VectorXd& y,
                                 Eigen::VectorXd& w) const {
  const auto n = static_cast<Eigen::Index>(rows.size());
  y.resize(n);
  w.resize(n);
  fill_targets(rows, y.data(), w.data());
}

void EncodedSource::fill_targets(std::span<const std::size_t> rows, double* y, double* w) const {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = rows[i];
    y[i] = targets_[r];
    w[i] = weights_.empty() ? 1.0 : weights_[r];
  }
}

void EncodedSource::encode(std::size_t index, solvers::Block& out) const {
  const auto rows = rows_of(index);
  // A pass over spilled columns brings their pages back: keep to the limit (SpillArena::check).
  if (SpillArena* arena = encoder_.arena()) arena->check();
  encoder_.encode(rows, out.X);
  fill_targets(rows, out.y, out.w);
}

void EncodedSource::encode(std::size_t index, solvers::OneHotBlock& out) const {
  const auto n = static_cast<Eigen::Index>(rows_of(index).size());
  out.dense.resize(n, static_cast<Eigen::Index>(encoder_.numeric_features()));
  out.active.resize(n, static_cast<Eigen::Index>(encoder_.categorical_features()));
  out.y.resize(n);
  out.w.resize(n);
  encode(index, out.dense.data(), out.active.data(), out.y.data(), out.w.data());
}

void EncodedSource::encode(std::size_t index, double* dense, std::int32_t* active, double* y,
                           double* w) const {
  const auto rows = rows_of(index);
  if (SpillArena* arena = encoder_.arena()) arena->check();
  encoder_.encode_one_hot(rows, dense, active);
  fill_targets(rows, y, w);
}

}  // namespace mlctl::pipeline
