#pragma once
// The processes of one job and the few collective operations that distributed training needs
// (issue #15): sums, minima and maxima of arrays, a broadcast of bytes, exclusive prefix sums.
// Plain mlctl uses SingleProcess (size 1, every operation the identity); mlctl-mpi (to come:
// bench/mpi_start/README.md says why it is a separate binary) will use MpiCommunicator
// (mpi_communicator.hpp, built only with MLCTL_MPI). The core sees only this
// interface, as LIBLINEAR's MPI version sees only an allreduce inside its objective.
//
// Rules for callers, on every implementation:
// - Every operation is collective: every rank calls the same operations in the same order, with
//   arrays of the same length (a different length is a caller's bug, and MPI may then hang or
//   fail). The core never calls one from a path that only some ranks take.
// - Results are the same on every rank, and sums of doubles are the same for the same inputs and
//   number of processes (the MPI standard recommends both; Open MPI's fixed reduction trees do
//   both). Their rounding may differ between sizes: the order of the additions does.
//   Arrays hold no NaN (the core never carries a silent NaN); min/max of NaN is unspecified.
// - Errors. An operation that fails (MPI returned an error) throws mlctl::Error (ErrorKind::io,
//   naming the operation); the core throws as usual and never prints, exits or aborts.
//   A rank-local error (a bad row in this rank's share) must not leave the other ranks waiting
//   in the next collective: at its agreement points the caller catches it and passes it to
//   raise_if_any(), which every rank calls; then every rank throws the error of the lowest
//   failing rank, so each rank's apps/ reports the same one-line message and exit code (rank 0
//   prints it). Failures between agreement points (a crash, a signal, a rank that dies) are
//   left to the launcher: mpirun, srun and the MPI Operator end the whole job when one rank
//   exits non-zero without finalizing; mlctl-mpi's main may also call
//   MpiCommunicator::abort(). No model file is written then: rank 0 writes it atomically
//   (common/atomic_file.hpp) after the last collective.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/error.hpp"

namespace mlctl::distributed {

enum class Reduction { sum, min, max };

// An error every rank of the job throws at the same point (raise_if_any's): each rank may end
// as usual, with rank 0 reporting it. Any other error reaching mlctl-mpi's main may be one
// rank's alone, while the others wait in a collective: that rank ends the job (abort).
class JobError : public Error {
 public:
  explicit JobError(const Error& error) : Error(error) {}
};

class Communicator {
 public:
  virtual ~Communicator() = default;

  // This process's number, 0 <= rank() < size(); rank 0 writes the outputs.
  virtual int rank() const noexcept = 0;
  virtual int size() const noexcept = 0;

  // In place: on return values[i] is the sum, minimum or maximum of values[i] over all ranks.
  virtual void allreduce(std::span<double> values, Reduction op) = 0;
  virtual void allreduce(std::span<std::int64_t> values, Reduction op) = 0;

  // In place: on return values[i] is the sum of values[i] over the ranks below this one (0 on
  // rank 0), e.g. row counts -> the global number of this rank's first row.
  virtual void exclusive_prefix_sum(std::span<std::int64_t> values) = 0;

  // root's bytes replace every other rank's (resized as needed). Throws ErrorKind::internal if
  // root is not a rank.
  virtual void broadcast(std::vector<std::byte>& bytes, int root) = 0;

  // Every rank's `mine`, indexed by rank, on every rank (the bytes may differ in length), e.g.
  // category sets. One broadcast per rank: meant for small records, not for rows.
  std::vector<std::vector<std::byte>> allgather(std::span<const std::byte> mine);

  // The agreement point described above: local is this rank's error, or null. Returns when no
  // rank has one; otherwise throws, on every rank, the error of the lowest failing rank (kind,
  // message, file, line and column) as a JobError.
  void raise_if_any(const Error* local);
};

// The byte form of an Error that raise_if_any() broadcasts; decode_error(encode_error(e))
// equals e in kind, message and location. decode_error throws ErrorKind::internal on bytes
// that encode_error did not make.
std::vector<std::byte> encode_error(const Error& error);
Error decode_error(std::span<const std::byte> bytes);

}  // namespace mlctl::distributed
