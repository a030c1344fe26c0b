#pragma once
// Where `mlctl serve` listens, and who may talk to it. Loopback is the default; any other
// address needs a bearer token (--token-file) or an explicit --insecure-no-auth, so that a
// model never ends up open to a network by a typo.

#include <cstdint>
#include <string>
#include <string_view>

namespace mlctl::serve {

struct ListenAddress {
  std::string host;        // as written, without IPv6 brackets
  std::uint16_t port = 0;  // 0: any free port
};

// "HOST:PORT", "[IPV6]:PORT" or ":PORT" (loopback). Throws Error(usage) naming `text`.
ListenAddress parse_listen(std::string_view text);

// 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(std::string_view host);

// Throws Error(usage) when `address` is not loopback and neither a token nor
// --insecure-no-auth is given.
void check_exposure(const ListenAddress& address, bool has_token, bool insecure_no_auth);

}  // namespace mlctl::serve
