#include "serve_connections.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace mlctl::cli {
namespace {

// Set on the accepting thread while it refuses a connection over the limit (the socket reaches
// only process_and_close_socket, which the task queue calls through cpp-httplib's closure).
thread_local bool refusing_connection = false;

// The pool of workers, counting the connections it holds; one over the limit is handed straight
// back to the server to be refused.
class ConnectionQueue final : public httplib::TaskQueue {
 public:
  ConnectionQueue(std::size_t workers, std::size_t max_open, std::atomic<std::size_t>& open)
      : pool_(workers), max_open_(max_open), open_(open) {}

  // Called by the accepting thread only, so the count cannot pass the limit between the check
  // and the increment (workers only decrease it).
  void enqueue(std::function<void()> fn) override {
    if (open_.load() >= max_open_) {
      refusing_connection = true;
      fn();
      refusing_connection = false;
      return;
    }
    ++open_;
    pool_.enqueue([this, fn = std::move(fn)] {
      fn();
      --open_;
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::size_t max_open_;
  std::atomic<std::size_t>& open_;
};

int timeout_ms(time_t sec, time_t usec) {
  return static_cast<int>(std::min<time_t>(sec * 1000 + usec / 1000, 24L * 3600 * 1000));
}

// Waits until `sock` is ready for `events` (POLLIN, POLLOUT), at most `ms` milliseconds.
bool socket_ready_for(int sock, short events, int ms) {
  pollfd p{sock, events, 0};
  int n = 0;
  do {
    n = ::poll(&p, 1, ms);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

void address_text(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

// The connection as cpp-httplib's request parser reads and writes it, for all its requests. Reads
// go through a 4 KiB buffer (the request line and headers are read a byte at a time). recv and
// send block, bounded by the SO_RCVTIMEO and SO_SNDTIMEO that cpp-httplib gives every accepted
// socket (--read-timeout): no poll before each call as in cpp-httplib's own stream, and the
// addresses are asked once per connection, not per request (4 system calls a request, not 9).
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int sock, int read_ms, int write_ms)
      : sock_(sock), read_ms_(read_ms), write_ms_(write_ms) {}

  // Bytes of a next request already read (a pipelining client).
  bool buffered() const { return offset_ < filled_; }

  bool is_readable() const override {
    return buffered() || socket_ready_for(sock_, POLLIN, read_ms_);
  }
  bool is_writable() const override { return socket_ready_for(sock_, POLLOUT, write_ms_); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (buffered()) {
      const std::size_t n = std::min(size, filled_ - offset_);
      std::memcpy(ptr, buffer_.data() + offset_, n);
      offset_ += n;
      return static_cast<ssize_t>(n);
    }
    if (size >= buffer_.size()) return receive(ptr, size);
    offset_ = filled_ = 0;
    const ssize_t n = receive(buffer_.data(), buffer_.size());
    if (n <= 0) return n;
    filled_ = static_cast<std::size_t>(n);
    const std::size_t given = std::min(size, filled_);
    std::memcpy(ptr, buffer_.data(), given);
    offset_ = given;
    return static_cast<ssize_t>(given);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    ssize_t n = 0;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    if (remote_port_ < 0) address_of(::getpeername, remote_ip_, remote_port_);
    ip = remote_ip_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    if (local_port_ < 0) address_of(::getsockname, local_ip_, local_port_);
    ip = local_ip_;
    port = local_port_;
  }
  socket_t socket() const override { return sock_; }

 private:
  ssize_t receive(char* ptr, std::size_t size) {
    ssize_t n = 0;
    do {
      n = ::recv(sock_, ptr, size, 0);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  void address_of(int (*name)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t length = sizeof addr;
    port = 0;
    if (name(sock_, reinterpret_cast<sockaddr*>(&addr), &length) == 0) address_text(addr, ip, port);
  }

  int sock_;
  int read_ms_;
  int write_ms_;
  std::vector<char> buffer_ = std::vector<char>(4096);
  std::size_t offset_ = 0;
  std::size_t filled_ = 0;
  mutable std::string remote_ip_, local_ip_;
  mutable int remote_port_ = -1, local_port_ = -1;
};

// The answer to a connection over the limit. "Connection: close": the request is never read.
constexpr char kBusyResponse[] =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Length: 52\r\n"
    "Retry-After: 1\r\n"
    "Connection: close\r\n"
    "\r\n"
    "too many connections (--max-connections); try again\n";

// Sends the 503 without blocking (a new socket's send buffer is empty), then closes. What the
// client already sent is read and dropped first: closing a socket with unread bytes sends a
// reset, which can destroy the 503 before the client reads it.
void refuse_connection(int sock) {
  (void)::send(sock, kBusyResponse, sizeof kBusyResponse - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(sock, SHUT_WR);
  char sink[4096];
  for (int i = 0; i < 16 && ::recv(sock, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
  }
  ::close(sock);
}

}  // namespace

LimitedServer::LimitedServer(std::size_t workers, std::size_t max_connections)
    : max_connections_(max_connections) {
  new_task_queue = [this, workers] {
    return new ConnectionQueue(workers, max_connections_, open_);
  };
}

bool LimitedServer::wait_for_request(socket_t sock) const {
  // In slices, so that a kept-alive connection waiting for its next request is closed soon
  // after stop() (the drain waits for it).
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  for (;;) {
    if (svr_sock_ == INVALID_SOCKET) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) return false;
    if (socket_ready_for(sock, POLLIN, static_cast<int>(std::min<long>(left, 100)))) return true;
  }
}

// cpp-httplib's loop (process_server_socket_core): up to keep_alive_max_count requests while the
// server runs and the client sends them within the keep-alive timeout.
bool LimitedServer::process_and_close_socket(socket_t sock) {
  if (refusing_connection) {
    ++refused_;
    refuse_connection(sock);
    return false;
  }
  bool ok = false;
  ConnectionStream stream(sock, timeout_ms(read_timeout_sec_, read_timeout_usec_),
                          timeout_ms(write_timeout_sec_, write_timeout_usec_));
  for (std::size_t left = keep_alive_max_count_;
       left > 0 && (stream.buffered() || wait_for_request(sock)); --left) {
    bool closed = false;
    ok = process_request(stream, left == 1, closed, nullptr);
    if (!ok || closed) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace mlctl::cli
