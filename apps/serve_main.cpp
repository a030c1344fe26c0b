// mlctl-serve: `mlctl serve`'s HTTP server, a binary of its own so that mlctl never links
// cpp-httplib and the libraries it brings (docs/serve.md). mlctl serve execs it with mlctl's own
// arguments; its root command is named "mlctl" and has mlctl's global flags and the same `serve`
// options (serve_flags.hpp), so it parses them, and words its messages, exactly as mlctl does.

#include <csignal>

#include "cli.hpp"
#include "program.hpp"
#include "serve_flags.hpp"

using namespace mlctl::cli;

int main(int argc, char** argv) {
  // A closed stdout pipe must surface as EPIPE from write(), not kill us silently mid-file.
  std::signal(SIGPIPE, SIG_IGN);

  Command app{"mlctl-serve: the HTTP server behind `mlctl serve`", "mlctl"};
  GlobalOptions global;
  std::string color = "auto";
  add_global_flags(app, global, color);
  const Subcommand serve[] = {add_serve(app, global, run_serve)};
  return run_program(app, serve, global, color, argc, argv);
}
