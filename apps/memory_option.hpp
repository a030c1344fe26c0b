#pragma once
// train's and retrain's --memory LIMIT (docs/scale.md): the data's columns take at most a
// quarter of it on the heap, then spill to $TMPDIR; encoded rows kept between a fit's passes take
// at most a quarter; the rest is the fit's working memory.

#include <cstdint>
#include <string>

#include "cli_command.hpp"
#include "common/spill_arena.hpp"
#include "training/trainer.hpp"

namespace mlctl::cli {

class MemoryPlan {
 public:
  // `flag`: --memory's text, empty when not given (then default_memory_limit(), shared by the
  // `neighbours` processes of a job on this machine). Throws Error(usage) for a text that is not
  // a size.
  explicit MemoryPlan(const std::string& flag, unsigned neighbours = 1);

  // Where the tables' rows go; outlives them when declared before them.
  SpillArena& arena() { return arena_; }
  // Sets the fits' encoding budget: a quarter of --memory when given; else the default, divided
  // among the processes of a job on this machine (the neighbours).
  void apply(training::TrainOptions& options) const;
  // At -v: how much spilled, when anything did.
  void log_spill() const;

 private:
  bool given_ = false;
  unsigned neighbours_ = 1;
  std::uint64_t limit_ = 0;
  SpillArena arena_;
};

void add_memory_option(Command& app, std::string& flag);

// How many processes of this MPI job run on this machine, as the launcher says (Open MPI's
// OMPI_COMM_WORLD_LOCAL_SIZE, MPICH's MPI_LOCALNRANKS, Slurm's SLURM_NTASKS_PER_NODE); 1
// when none does.
unsigned processes_on_this_machine();

}  // namespace mlctl::cli
