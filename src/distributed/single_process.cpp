#include "distributed/single_process.hpp"

#include <algorithm>
#include <string>

namespace mlctl::distributed {

// Over one rank a sum, a minimum and a maximum are the value itself.
void SingleProcess::allreduce(std::span<double>, Reduction) {}
void SingleProcess::allreduce(std::span<std::int64_t>, Reduction) {}

// No rank lies below rank 0.
void SingleProcess::exclusive_prefix_sum(std::span<std::int64_t> values) {
  std::fill(values.begin(), values.end(), std::int64_t{0});
}

void SingleProcess::broadcast(std::vector<std::byte>&, int root) {
  if (root != 0)
    throw Error(ErrorKind::internal,
                "broadcast from rank " + std::to_string(root) + " of a single process");
}

}  // namespace mlctl::distributed
