// mlctl-mpi: train (or retrain) one model over the processes of an MPI job (mpirun, srun, the
// MPI Operator). A binary of its own, so that plain mlctl never loads libmpi
// (bench/mpi_start/README.md). Each process reads its share of the data; rank 0 writes the model
// and prints what mlctl would.

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <optional>

#include <spdlog/spdlog.h>

#include "cli.hpp"
#include "distributed/mpi_communicator.hpp"
#include "program.hpp"

using namespace mlctl::cli;
using mlctl::distributed::MpiCommunicator;

namespace {

// Ranks other than 0 print nothing of what every rank would print alike (help, a usage error):
// their stdout and, while the command line is parsed, their stderr go to /dev/null.
class Silenced {
 public:
  explicit Silenced(bool silence) {
    if (!silence) return;
    null_ = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    saved_stderr_ = ::dup(STDERR_FILENO);
    if (null_ < 0 || saved_stderr_ < 0) return;
    ::dup2(null_, STDOUT_FILENO);
    ::dup2(null_, STDERR_FILENO);
  }
  ~Silenced() {
    if (saved_stderr_ >= 0) ::dup2(saved_stderr_, STDERR_FILENO);
    if (saved_stderr_ >= 0) ::close(saved_stderr_);
    if (null_ >= 0) ::close(null_);
  }
  Silenced(const Silenced&) = delete;
  Silenced& operator=(const Silenced&) = delete;

 private:
  int null_ = -1;
  int saved_stderr_ = -1;
};

// An error every rank threw at once (a JobError) is reported by rank 0, and every rank ends as
// usual. Another one may be this rank's alone while the others wait in a collective (or rank
// 0's, after the last one: writing the model): this rank says so and ends the job.
int on_error(MpiCommunicator& job, const mlctl::Error& error) {
  const int code = exit_code_for(error.kind());
  if (dynamic_cast<const mlctl::distributed::JobError*>(&error) != nullptr || job.size() == 1) {
    if (job.rank() == 0) spdlog::error("{}", error.what());
    return code;
  }
  if (job.rank() == 0) {
    std::fprintf(stderr, "mlctl-mpi: error: %s\n", error.what());
  } else {
    std::fprintf(stderr, "mlctl-mpi: error: rank %d of %d: %s\n", job.rank(), job.size(),
                 error.what());
  }
  std::fflush(stderr);
  job.abort(code);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  std::optional<MpiCommunicator> job;
  try {
    job.emplace();
  } catch (const mlctl::Error& e) {
    std::fprintf(stderr, "mlctl-mpi: error: %s\n", e.what());
    return kFailure;
  }
  Command app{"mlctl-mpi: mlctl over the processes of an MPI job", "mlctl-mpi"};
  GlobalOptions global;
  std::string color = "auto";
  add_global_flags(app, global, color);
  // The subcommands that run over the job's processes.
  const Subcommand subcommands[] = {add_train(app, global, &*job), add_retrain(app, global, &*job),
                                    add_describe(app, global, &*job)};
  for (const Subcommand& sub : subcommands) sub.app->fallthrough(!sub.app->get_allow_extras());
  {
    Silenced quiet(job->rank() != 0);
    if (const auto done = parse_command_line(app, argc, argv)) return *done;
  }
  if (job->rank() != 0) {
    Silenced keep_stdout_empty(true);  // stderr comes back; stdout stays /dev/null
    global.quiet = true;
  }
  setup_logging("mlctl-mpi", global.verbosity, global.quiet, color);
  if (job->rank() != 0) spdlog::set_level(spdlog::level::off);
  for (const Subcommand& sub : subcommands) {
    if (sub.app->parsed())
      return run(sub, [&](const mlctl::Error& e) { return on_error(*job, e); });
  }
  if (job->rank() == 0) std::fputs(app.help().c_str(), stderr);
  return kUsage;
}
