#include "distributed/mpi_communicator.hpp"

// The C API only (the C++ bindings were removed in MPI-3).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <string>

namespace mlctl::distributed {

struct MpiCommunicator::State {
  MPI_Comm comm = MPI_COMM_NULL;
  bool initialized_here = false;
  int rank = 0;
  int size = 1;
};

namespace {

void check(int code, const char* operation) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) length = 0;
  throw Error(ErrorKind::io, std::string(operation) + " failed: " +
                                 (length > 0 ? std::string(text, length) : "unknown MPI error"));
}

MPI_Op mpi_op(Reduction op) {
  switch (op) {
    case Reduction::sum:
      return MPI_SUM;
    case Reduction::min:
      return MPI_MIN;
    case Reduction::max:
      return MPI_MAX;
  }
  throw Error(ErrorKind::internal, "unknown reduction");
}

// MPI counts are int: longer arrays go in pieces of at most INT_MAX elements. Every rank has
// the same length, so an empty array skips the collective on every rank alike.
template <typename Call>
void in_chunks(std::size_t total, Call call) {
  for (std::size_t at = 0; at < total; at += INT_MAX)
    call(at, static_cast<int>(std::min<std::size_t>(total - at, INT_MAX)));
}

template <typename T>
void allreduce_in_place(MPI_Comm comm, std::span<T> values, MPI_Datatype type, Reduction op) {
  in_chunks(values.size(), [&](std::size_t at, int count) {
    check(MPI_Allreduce(MPI_IN_PLACE, values.data() + at, count, type, mpi_op(op), comm),
          "MPI_Allreduce");
  });
}

}  // namespace

MpiCommunicator::MpiCommunicator() : state_(std::make_unique<State>()) {
  int initialized = 0;
  check(MPI_Initialized(&initialized), "MPI_Initialized");
  if (!initialized) {
    check(MPI_Init(nullptr, nullptr), "MPI_Init");
    state_->initialized_here = true;
  }
  check(MPI_Comm_dup(MPI_COMM_WORLD, &state_->comm), "MPI_Comm_dup");
  check(MPI_Comm_set_errhandler(state_->comm, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
  check(MPI_Comm_rank(state_->comm, &state_->rank), "MPI_Comm_rank");
  check(MPI_Comm_size(state_->comm, &state_->size), "MPI_Comm_size");
}

MpiCommunicator::~MpiCommunicator() {
  if (state_->comm != MPI_COMM_NULL) MPI_Comm_free(&state_->comm);
  if (state_->initialized_here) MPI_Finalize();
}

int MpiCommunicator::rank() const noexcept {
  return state_->rank;
}
int MpiCommunicator::size() const noexcept {
  return state_->size;
}

void MpiCommunicator::allreduce(std::span<double> values, Reduction op) {
  allreduce_in_place(state_->comm, values, MPI_DOUBLE, op);
}

void MpiCommunicator::allreduce(std::span<std::int64_t> values, Reduction op) {
  allreduce_in_place(state_->comm, values, MPI_INT64_T, op);
}

void MpiCommunicator::exclusive_prefix_sum(std::span<std::int64_t> values) {
  in_chunks(values.size(), [&](std::size_t at, int count) {
    check(MPI_Exscan(MPI_IN_PLACE, values.data() + at, count, MPI_INT64_T, MPI_SUM, state_->comm),
          "MPI_Exscan");
  });
  // MPI leaves rank 0's buffer undefined: nothing lies below it.
  if (state_->rank == 0) std::fill(values.begin(), values.end(), std::int64_t{0});
}

void MpiCommunicator::broadcast(std::vector<std::byte>& bytes, int root) {
  if (root < 0 || root >= state_->size)
    throw Error(ErrorKind::internal, "broadcast from rank " + std::to_string(root) + " of " +
                                         std::to_string(state_->size));
  std::uint64_t length = bytes.size();
  check(MPI_Bcast(&length, 1, MPI_UINT64_T, root, state_->comm), "MPI_Bcast");
  bytes.resize(length);
  in_chunks(bytes.size(), [&](std::size_t at, int count) {
    check(MPI_Bcast(bytes.data() + at, count, MPI_BYTE, root, state_->comm), "MPI_Bcast");
  });
}

void MpiCommunicator::abort(int exit_code) noexcept {
  MPI_Abort(state_->comm == MPI_COMM_NULL ? MPI_COMM_WORLD : state_->comm, exit_code);
  std::abort();  // MPI_Abort does not return; this satisfies [[noreturn]]
}

}  // namespace mlctl::distributed
