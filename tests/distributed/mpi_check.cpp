// Run under mpirun by mpi_test.sh: every collective of MpiCommunicator, checked exactly on
// every rank against values computed from the rank and the size. Integers, and doubles that
// are small integers or halves, so that sums are exact whatever the order of the additions.
//   mpi_check          the collectives; prints "rank R of N: K checks ok" and exits 0
//   mpi_check fail R   rank R reports an error at an agreement point; every rank must throw it
// Exits 1 on any difference, naming it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "distributed/mpi_communicator.hpp"

using mlctl::distributed::MpiCommunicator;
using mlctl::distributed::Reduction;

namespace {

int checks = 0, failures = 0;

template <typename T>
void expect(const std::vector<T>& got, const std::vector<T>& want, const char* what, int rank) {
  ++checks;
  if (got == want) return;
  ++failures;
  std::fprintf(stderr, "rank %d: %s differs\n", rank, what);
}

void collectives(MpiCommunicator& comm) {
  const int r = comm.rank(), n = comm.size();
  const std::int64_t sum_r = std::int64_t{n} * (n - 1) / 2;  // 0 + 1 + ... + (n - 1)
  std::vector<double> d{1.0, r + 0.5, -2.0 * r, 1e15};
  comm.allreduce(d, Reduction::sum);
  expect(d, {double(n), double(sum_r) + 0.5 * n, -2.0 * double(sum_r), 1e15 * n}, "sum of doubles",
         r);
  std::vector<std::int64_t> i{1, r, INT64_C(1) << 40};
  comm.allreduce(i, Reduction::sum);
  expect(i, {n, sum_r, std::int64_t{n} << 40}, "sum of int64", r);
  d = {double(r), -double(r), 3.25};
  comm.allreduce(d, Reduction::min);
  expect(d, {0.0, -double(n - 1), 3.25}, "min of doubles", r);
  d = {double(r), -double(r), 3.25};
  comm.allreduce(d, Reduction::max);
  expect(d, {double(n - 1), 0.0, 3.25}, "max of doubles", r);
  i = {r, -r, INT64_MIN + r};
  comm.allreduce(i, Reduction::min);
  expect(i, {0, -(n - 1), INT64_MIN}, "min of int64", r);
  i = {r, -r, INT64_MAX - r};
  comm.allreduce(i, Reduction::max);
  expect(i, {n - 1, 0, INT64_MAX}, "max of int64", r);
  i = {1, r, 10};  // exclusive: rank r gets r, 0 + ... + (r - 1), 10 r
  comm.exclusive_prefix_sum(i);
  expect(i, {r, std::int64_t{r} * (r - 1) / 2, 10 * std::int64_t{r}}, "exclusive prefix sum", r);
  std::vector<double> none;
  comm.allreduce(none, Reduction::sum);
  for (int root = 0; root < n; ++root) {
    std::string text = "from rank " + std::to_string(root) + std::string(1, '\0') + "!";
    std::vector<std::byte> bytes(r == root ? text.size() : 3, std::byte{0x5a});
    if (r == root)
      for (std::size_t k = 0; k < text.size(); ++k) bytes[k] = static_cast<std::byte>(text[k]);
    comm.broadcast(bytes, root);
    expect(std::vector<char>(reinterpret_cast<const char*>(bytes.data()),
                             reinterpret_cast<const char*>(bytes.data()) + bytes.size()),
           std::vector<char>(text.begin(), text.end()), "broadcast", r);
  }
  // allgather: rank k contributes k bytes of value k.
  const auto all = comm.allgather(std::vector<std::byte>(std::size_t(r), std::byte(r)));
  std::vector<std::size_t> lengths, want_lengths;
  for (int k = 0; k < n; ++k) {
    lengths.push_back(all[std::size_t(k)].size());
    want_lengths.push_back(std::size_t(k));
  }
  expect(lengths, want_lengths, "allgather lengths", r);
  comm.raise_if_any(nullptr);
  ++checks;  // no error anywhere: returned on every rank
}

void agreement(MpiCommunicator& comm, int failing) {
  const mlctl::Error local(mlctl::ErrorKind::data,
                           "not a number: 'x' on rank " + std::to_string(comm.rank()),
                           {"part-" + std::to_string(comm.rank()) + ".csv", 7, 3});
  ++checks;
  try {
    // Ranks at or above `failing` fail: the lowest of them wins.
    comm.raise_if_any(comm.rank() >= failing ? &local : nullptr);
    ++failures;
    std::fprintf(stderr, "rank %d: raise_if_any returned\n", comm.rank());
  } catch (const mlctl::Error& e) {
    std::printf("rank %d threw: %s\n", comm.rank(), e.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    MpiCommunicator comm;
    if (argc == 3 && std::string(argv[1]) == "fail")
      agreement(comm, std::atoi(argv[2]));
    else
      collectives(comm);
    if (failures == 0)
      std::printf("rank %d of %d: %d checks ok\n", comm.rank(), comm.size(), checks);
    return failures == 0 ? 0 : 1;
  } catch (const mlctl::Error& e) {
    std::fprintf(stderr, "mpi_check: %s\n", e.what());
    return 1;
  }
}
