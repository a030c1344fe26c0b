#pragma once
// The solvers' view of a table: selected rows, encoded block by block through a fitted
// pipeline. When the encoded rows fit in the memory budget they are encoded once, at
// construction, and every solver pass reads them from memory; beyond it, each pass encodes one
// block at a time (per worker thread) and the full design matrix is never built.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "pipeline/feature_pipeline.hpp"
#include "solvers/design_source.hpp"
#include "solvers/solver_choice.hpp"

namespace mlctl::pipeline {

// Bytes of encoded rows kept in memory by default: min(1 GiB, a quarter of physical memory).
std::size_t default_encoding_budget();

struct EncodingOptions {
  std::size_t block_rows = 4096;  // fixed: the block size, not the thread count, sets the sums
  unsigned threads = 1;
  std::size_t memory_budget = default_encoding_budget();  // 0 = always stream
  // Also hand out blocks with each categorical feature as a column index per row
  // (DesignSource::one_hot_layout), when there is a categorical feature; stored blocks are
  // then kept in that form (a binary logistic fit reads them so, at a fraction of the bytes).
  bool one_hot = false;
};

// The shape of `rows` encoded through `pipeline` with EncodingOptions::one_hot set (numeric
// features dense, each categorical one a group): what solvers::choose_logistic_solver reads.
solvers::DesignShape one_hot_shape(const FeaturePipeline& pipeline, std::size_t rows, int classes);

class EncodedSource final : public solvers::DesignSource {
 public:
  // `targets` and `weights` are indexed by table row (weights empty = all 1). All references
  // must outlive the source.
  EncodedSource(const TableEncoder& encoder, const FeaturePipeline& pipeline,
                std::span<const std::size_t> rows, std::span<const double> targets,
                std::span<const double> weights = {}, EncodingOptions options = {});
  // Tests: a given block size, streaming.
  EncodedSource(const TableEncoder& encoder, const FeaturePipeline& pipeline,
                std::span<const std::size_t> rows, std::span<const double> targets,
                std::span<const double> weights, std::size_t block_rows);

  std::size_t rows() const override { return rows_.size(); }
  std::size_t features() const override { return width_; }
  std::size_t block_count() const override;
  const solvers::Block& block(std::size_t index, solvers::Block& scratch) const override;
  unsigned threads() const override { return options_.threads; }
  const solvers::OneHotLayout* one_hot_layout() const override {
    return layout_ ? &*layout_ : nullptr;
  }
  solvers::OneHotView one_hot_block(std::size_t index,
                                    solvers::OneHotBlock& scratch) const override;
  // Whether the encoded rows are held in memory (else encoded on every pass).
  bool in_memory() const { return !stored_.empty() || stored_one_hot_ || rows_.empty(); }

 private:
  std::span<const std::size_t> rows_of(std::size_t index) const;
  void fill_targets(std::span<const std::size_t> rows, Eigen::VectorXd& y,
                    Eigen::VectorXd& w) const;
  void fill_targets(std::span<const std::size_t> rows, double* y, double* w) const;
  void encode(std::size_t index, solvers::Block& out) const;
  void encode(std::size_t index, solvers::OneHotBlock& out) const;
  // Into memory sized for the block: its dense columns, groups' columns, targets and weights.
  void encode(std::size_t index, double* dense, std::int32_t* active, double* y, double* w) const;
  void store_one_hot();
  solvers::OneHotView stored_one_hot(std::size_t index) const;
  const TableEncoder& encoder_;
  std::size_t width_;
  std::span<const std::size_t> rows_;
  std::span<const double> targets_;
  std::span<const double> weights_;
  EncodingOptions options_;
  std::vector<solvers::Block> stored_;
  std::optional<solvers::OneHotLayout> layout_;
  // One-hot blocks stored side by side, in two allocations rather than four per block: with
  // large-data memory set up (apps/large_data_memory.hpp) they are huge-page mappings, a fault
  // per 2 MB instead of one per 4 KB (a mixed 1M x 20 fit: 50k faults, most of them here).
  // Per block, in `numbers`, its dense columns, targets and weights; in `indices`, its groups'
  // columns; each array starts aligned as Eigen's own (solvers::OneHotView).
  struct StoredOneHot {
    std::unique_ptr<double[]> numbers;
    std::unique_ptr<std::int32_t[]> indices;
    std::vector<std::size_t> numbers_at;  // per block: its dense columns' first element
    std::vector<std::size_t> indices_at;
  };
  std::optional<StoredOneHot> stored_one_hot_;
};

}  // namespace mlctl::pipeline
