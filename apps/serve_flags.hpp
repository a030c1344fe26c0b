#pragma once
// `mlctl serve`'s options, defined once (cmd_serve.cpp) for the two binaries that parse them:
// mlctl, whose action execs mlctl-serve, and mlctl-serve, whose action is the server. That keeps
// mlctl free of cpp-httplib and its libraries (docs/serve.md), with the same help, completions
// and errors in both.

#include <functional>
#include <string>
#include <vector>

#include "cli.hpp"

namespace mlctl::cli {

struct ServeFlags {
  std::vector<std::string> models;
  std::string listen = "127.0.0.1:8080";
  unsigned threads = 8;
  unsigned max_connections = 64;
  std::string max_body = "64M";
  std::string token_file;
  bool insecure_no_auth = false;
  double drain_timeout = 10.0;
  int read_timeout = 10;
  double reload_check = 1.0;
  std::string log_format = "text";  // serve::parse_log_format's names
};

// What runs once the options are parsed; its result is the exit code.
using ServeAction = std::function<int(const ServeFlags&)>;

// The model behind HTTP (docs/serve.md): the `serve` subcommand and its options.
Subcommand add_serve(CLI::App& parent, const GlobalOptions& global, ServeAction action);

// mlctl's action: replaces the process with mlctl-serve, from the directory of /proc/self/exe,
// given the same arguments (argv[1..argc-1]), so it parses them exactly as mlctl did. Returns
// only by throwing: an io error naming the path when mlctl-serve is missing or cannot run.
ServeAction exec_mlctl_serve(int argc, char** argv);

// mlctl-serve's action (serve_run.cpp): serves until SIGTERM or SIGINT.
int run_serve(const ServeFlags& flags);

}  // namespace mlctl::cli
