// mlctl serve's options, shared by mlctl and mlctl-serve (serve_flags.hpp), and mlctl's action:
// exec mlctl-serve, the binary that links the HTTP server (docs/serve.md says why).

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "common/error.hpp"
#include "serve_flags.hpp"

namespace mlctl::cli {

ServeAction exec_mlctl_serve(int argc, char** argv) {
  return [argc, argv](const ServeFlags&) -> int {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
      throw Error(ErrorKind::io, "cannot find mlctl's own path (/proc/self/exe): " + ec.message());
    const std::string server = (self.parent_path() / "mlctl-serve").string();
    std::vector<char*> args;
    args.push_back(const_cast<char*>(server.c_str()));
    for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    ::execv(server.c_str(), args.data());
    const int error = errno;
    throw Error(
        ErrorKind::io,
        fmt::format(
            "mlctl serve runs {}, which {}: install mlctl-serve beside mlctl", server,
            error == ENOENT ? "is missing" : fmt::format("cannot run ({})", std::strerror(error))));
  };
}

Subcommand add_serve(CLI::App& parent, const GlobalOptions&, ServeAction action) {
  auto flags = std::make_shared<ServeFlags>();
  Command* app =
      add_command(parent, "serve", "Serve models over HTTP: POST CSV rows, get predictions");
  app->add_value("-m,--model", flags->models,
                 "A model file to serve, or NAME=FILE (repeat for several; the name defaults to "
                 "the file's stem)",
                 model_file("MODEL.mlm"))
      ->required()
      ->allow_extra_args(false);
  app->add_value("--listen", flags->listen,
                 "HOST:PORT to listen on (port 0: any free port); a non-loopback HOST needs "
                 "--token-file or --insecure-no-auth",
                 text("HOST:PORT"))
      ->capture_default_str();
  app->add_value("--threads", flags->threads, "Requests handled at once", text("N"))
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  app->add_value("--max-connections", flags->max_connections,
                 "Open connections at most (served, or waiting for one of the --threads); one "
                 "more is answered 503 at once",
                 text("N"))
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  app->add_value("--max-body", flags->max_body,
                 "Largest request body, e.g. 64M; a longer one gets 413", text("SIZE"))
      ->capture_default_str();
  app->add_value("--token-file", flags->token_file,
                 "Require \"Authorization: Bearer TOKEN\" with the token in FILE (health checks "
                 "excepted)",
                 any_file("FILE"));
  app->add_flag("--insecure-no-auth", flags->insecure_no_auth,
                "Allow a non-loopback --listen without a token");
  app->add_value("--drain-timeout", flags->drain_timeout,
                 "On SIGTERM or SIGINT, seconds to let requests in flight finish", text("SECONDS"))
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  app->add_value("--read-timeout", flags->read_timeout,
                 "Drop a client that sends nothing for this many seconds", text("SECONDS"))
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app->add_value("--reload-check", flags->reload_check,
                 "Seconds between checks for a replaced model file (0: only on SIGHUP)",
                 text("SECONDS"))
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  app->add_value("--log-format", flags->log_format,
                 "Request log lines (at -v) as text, or as one JSON object each",
                 one_of({"text", "json"}))
      ->capture_default_str();
  set_examples(*app,
               "  mlctl serve -m titanic.mlm\n"
               "  mlctl serve -m titanic=titanic.mlm -m diabetes=diabetes.mlm --listen "
               "127.0.0.1:9000\n"
               "  mlctl serve -m titanic.mlm --listen 0.0.0.0:8080 --token-file token\n");
  return {app, [flags, action = std::move(action)] { return action(*flags); }};
}

}  // namespace mlctl::cli
