#pragma once
// The connection limit of `mlctl serve` (--max-connections, docs/serve.md "Limits and timeouts").
//
// cpp-httplib 0.11.4 (Debian 12) gives each open connection a worker from its pool for as long as
// the connection stays open, and queues the connections it accepts beyond the workers without
// bound: its TaskQueue cannot refuse one (enqueue returns nothing) and no option limits them.
// LimitedServer counts the open connections (served by a worker, or waiting for one); one
// accepted over the limit is answered at once, on the accepting thread, with 503 and closed,
// without reading its request. To do that it takes over cpp-httplib's per-connection loop
// (process_and_close_socket, a virtual meant for such subclasses): the same keep-alive loop
// around the protected process_request, over a socket stream of its own.

#include <httplib.h>
// httplib.h includes <resolv.h>, whose macro _res (the resolver's state, unused here) breaks
// Eigen's headers (a parameter named _res) included after it in the same unity batch.
#undef _res

#include <atomic>
#include <cstddef>

namespace mlctl::cli {

class LimitedServer : public httplib::Server {
 public:
  // `workers` connections are served at once; at most `max_connections` are open (served or
  // waiting); more are refused with 503.
  LimitedServer(std::size_t workers, std::size_t max_connections);

  // Connections open now (served, or waiting for a worker), and refused so far.
  std::size_t open() const { return open_.load(); }
  std::size_t refused() const { return refused_.load(); }

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Until `sock` has bytes to read (or is closed by the client): false after the keep-alive
  // timeout, or once stop() was called.
  bool wait_for_request(socket_t sock) const;

  std::size_t max_connections_;
  std::atomic<std::size_t> open_{0};
  std::atomic<std::size_t> refused_{0};
};

}  // namespace mlctl::cli
