#pragma once
// A matrix of doubles whose values take their memory from a SpillArena (spill_arena.hpp) when
// given one: the held-out predictions of an evaluation hold a value per row of the data, and
// under `train --memory` they go where the columns go. Eigen::Matrix has no allocator, so the
// values are a vector on a SpillAllocator, read and written through an Eigen::Map.

#include <cstddef>

#include <Eigen/Dense>

#include "common/spill_allocator.hpp"

namespace mlctl {

class SpillMatrix {
 public:
  SpillMatrix() = default;
  // rows x cols, column-major, the values left unwritten (the caller fills them).
  SpillMatrix(Eigen::Index rows, Eigen::Index cols, SpillArena* arena)
      : values_(static_cast<std::size_t>(rows * cols), SpillAllocator<double>(arena)),
        rows_(rows),
        cols_(cols) {}

  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  Eigen::Map<Eigen::MatrixXd> view() { return {values_.data(), rows_, cols_}; }
  Eigen::Map<const Eigen::MatrixXd> view() const { return {values_.data(), rows_, cols_}; }

 private:
  std::vector<double, SpillAllocator<double>> values_;
  Eigen::Index rows_ = 0;
  Eigen::Index cols_ = 0;
};

}  // namespace mlctl
