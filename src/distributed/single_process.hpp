#pragma once
// The communicator of plain mlctl: one process, so every collective is the identity. Training
// code written against Communicator runs unchanged, at no cost, without MPI.

#include "distributed/communicator.hpp"

namespace mlctl::distributed {

class SingleProcess final : public Communicator {
 public:
  int rank() const noexcept override { return 0; }
  int size() const noexcept override { return 1; }
  void allreduce(std::span<double> values, Reduction op) override;
  void allreduce(std::span<std::int64_t> values, Reduction op) override;
  void exclusive_prefix_sum(std::span<std::int64_t> values) override;
  void broadcast(std::vector<std::byte>& bytes, int root) override;
};

}  // namespace mlctl::distributed
