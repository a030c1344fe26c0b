// Start-up probe for bench/mpi_start/run.sh (issue #15): linked into a copy of mlctl's objects,
// it starts MPI from a static constructor, before mlctl's main, and finalizes it at exit. It
// prints one line to stderr, "mpi_probe: init MS finalize MS size N", so that the script can
// separate MPI_Init/MPI_Finalize from the rest of the process's time. Not part of mlctl.
//   -DPROBE_LINKED: the binary is linked against libmpi and always calls MPI_Init (mlctl-mpi).
//   otherwise:      libmpi is dlopen()ed only when a launcher's variables are set (option c).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#ifdef PROBE_LINKED
#define OMPI_SKIP_MPICXX 1  // the C API only: the C++ bindings were removed in MPI-3
#include <mpi.h>
#else
#include <dlfcn.h>  // no MPI header: the dlopen variant builds without MPI installed
#endif

namespace {

using Clock = std::chrono::steady_clock;
double init_ms = 0;
int (*finalize_fn)() = nullptr;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void finish() {
  const auto start = Clock::now();
  finalize_fn();
  std::fprintf(stderr, "mpi_probe: init %.2f finalize %.2f\n", init_ms, ms_since(start));
}

#ifdef PROBE_LINKED
void start() {
  const auto t0 = Clock::now();
  MPI_Init(nullptr, nullptr);
  init_ms = ms_since(t0);
  finalize_fn = &MPI_Finalize;
  std::atexit(finish);
}
#else
// Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; every PMIx launcher (Open MPI >= 4's mpirun,
// Slurm's srun --mpi=pmix) sets PMIX_RANK; PMI-1/2 launchers (MPICH's hydra, srun --mpi=pmi2)
// set PMI_RANK. Plain runs have none of them: the cost is three getenv calls.
bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMIX_RANK") || std::getenv("PMI_RANK");
}

void start() {
  if (!launched_by_mpirun()) return;
  const auto t0 = Clock::now();
  void* lib = dlopen("libmpi.so.40", RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    std::fprintf(stderr, "mpi_probe: %s\n", dlerror());
    std::_Exit(1);
  }
  auto init = reinterpret_cast<int (*)(int*, char***)>(dlsym(lib, "MPI_Init"));
  finalize_fn = reinterpret_cast<int (*)()>(dlsym(lib, "MPI_Finalize"));
  init(nullptr, nullptr);
  init_ms = ms_since(t0);  // dlopen included: it is part of this option's cost
  std::atexit(finish);
}
#endif

[[maybe_unused]] const bool started = (start(), true);

}  // namespace
