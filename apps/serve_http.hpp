#pragma once
// The HTTP side of `mlctl serve` (cpp-httplib, chosen by measurement: docs/serve.md): routes,
// bearer-token check, limits and timeouts. The work of a request is serve_predict's.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "serve/listen.hpp"
#include "serve/metrics.hpp"
#include "serve/model_slot.hpp"
#include "serve/request_log.hpp"

namespace mlctl::cli {

struct HttpSettings {
  serve::ListenAddress listen;
  unsigned threads = 1;  // workers: requests handled at once
  // Open connections (served, or waiting for a worker) at most; one more gets 503 at once.
  std::size_t max_connections = 64;
  std::size_t max_body = 64 << 20;  // bytes; a longer body gets 413
  std::string token;                // empty: no Authorization needed
  int read_timeout_seconds = 10;    // a client that sends nothing for this long is dropped
  int keep_alive_seconds = 2;       // an idle kept-alive connection is closed after this
  serve::LogFormat log_format = serve::LogFormat::text;  // of the request lines, at -v
};

class HttpServer {
 public:
  // `models` and `metrics` must outlive the server; the models are served under their names.
  HttpServer(const HttpSettings& settings,
             const std::vector<std::unique_ptr<serve::ModelSlot>>& models, serve::Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the address; returns the port (the one chosen when it was 0). Throws Error(io).
  int bind();
  // Serves until stop(); returns once the requests in flight are answered.
  void run();
  // Stops accepting; safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mlctl::cli
