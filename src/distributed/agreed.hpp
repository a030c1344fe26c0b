#pragma once
// A step of rank-local work followed by an agreement point (Communicator::raise_if_any): every
// rank returns, or every rank throws the lowest failing rank's error. Without a communicator the
// step runs as is.

#include <optional>

#include "common/error.hpp"
#include "distributed/communicator.hpp"

namespace mlctl::distributed {

template <class Step>
void run_agreed(Communicator* comm, const Step& step) {
  if (comm == nullptr) {
    step();
    return;
  }
  std::optional<Error> failed;
  try {
    step();
  } catch (const Error& e) {
    failed.emplace(e);
  }
  comm->raise_if_any(failed ? &*failed : nullptr);
}

}  // namespace mlctl::distributed
