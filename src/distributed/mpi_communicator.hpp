#pragma once
// The communicator of mlctl-mpi: the processes started by mpirun (or srun, or the MPI
// Operator), over MPI's C API. Built only with MLCTL_MPI (its sources are not part of mlcore:
// plain mlctl does not link libmpi; bench/mpi_start/README.md says why). This header does not
// include <mpi.h>, so code that holds one compiles without MPI's headers.

#include <memory>

#include "distributed/communicator.hpp"

namespace mlctl::distributed {

class MpiCommunicator final : public Communicator {
 public:
  // Initializes MPI unless it already is (then the destructor leaves finalizing to whoever did)
  // and works on a duplicate of MPI_COMM_WORLD whose errors return instead of aborting, so that
  // a failure becomes an mlctl::Error. One per process: MPI cannot be initialized twice.
  MpiCommunicator();
  // Collective (MPI_Comm_free, MPI_Finalize): every rank must reach it, as after an error that
  // raise_if_any() agreed on. After a rank-local error outside an agreement point, call abort()
  // instead, or this rank would wait for ranks that are waiting in another collective.
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  int rank() const noexcept override;
  int size() const noexcept override;
  void allreduce(std::span<double> values, Reduction op) override;
  void allreduce(std::span<std::int64_t> values, Reduction op) override;
  void exclusive_prefix_sum(std::span<std::int64_t> values) override;
  void broadcast(std::vector<std::byte>& bytes, int root) override;

  // Ends every rank of the job with exit_code (MPI_Abort). For mlctl-mpi's main only, after it
  // printed its message, when an error arrived outside an agreement point; the core never
  // calls it (it throws).
  [[noreturn]] void abort(int exit_code) noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mlctl::distributed
