#pragma once
// The solvers' view of a table: selected rows, encoded block by block through a fitted
// pipeline. Memory: one block of encoded rows at a time, never the whole design matrix.

#include <span>
#include <vector>

#include "models/design_source.hpp"
#include "pipeline/feature_pipeline.hpp"

namespace mlctl::pipeline {

class EncodedSource final : public models::DesignSource {
 public:
  // `targets` and `weights` are indexed by table row (weights empty = all 1). All references
  // must outlive the source.
  EncodedSource(const TableEncoder& encoder, const FeaturePipeline& pipeline,
                std::span<const std::size_t> rows, std::span<const double> targets,
                std::span<const double> weights = {}, std::size_t block_rows = 2048);

  std::size_t rows() const override { return rows_.size(); }
  std::size_t features() const override { return width_; }
  void for_each_block(const models::BlockVisitor& visit) const override;

 private:
  const TableEncoder& encoder_;
  std::size_t width_;
  std::span<const std::size_t> rows_;
  std::span<const double> targets_;
  std::span<const double> weights_;
  std::size_t block_rows_;
};

}  // namespace mlctl::pipeline
