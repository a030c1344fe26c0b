#include "serve/listen.hpp"

#include <arpa/inet.h>

#include <charconv>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::serve {
namespace {

[[noreturn]] void refuse(std::string_view text, std::string_view why) {
  throw Error(ErrorKind::usage, fmt::format("--listen {}: {}", text, why));
}

}  // namespace

ListenAddress parse_listen(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) refuse(text, "expected HOST:PORT");
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    refuse(text, "write an IPv6 address in brackets: [::1]:8080");
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535) {
    refuse(text, "the port must be a number from 0 to 65535");
  }
  ListenAddress address;
  address.host = host.empty() ? "127.0.0.1" : std::string(host);
  address.port = static_cast<std::uint16_t>(value);
  return address;
}

bool is_loopback(std::string_view host) {
  if (host == "localhost") return true;
  const std::string text(host);
  unsigned char bytes[16];
  if (::inet_pton(AF_INET, text.c_str(), bytes) == 1) return bytes[0] == 127;
  if (::inet_pton(AF_INET6, text.c_str(), bytes) == 1) {
    for (int i = 0; i < 15; ++i) {
      if (bytes[i] != 0) return false;
    }
    return bytes[15] == 1;
  }
  return false;
}

void check_exposure(const ListenAddress& address, bool has_token, bool insecure_no_auth) {
  if (is_loopback(address.host) || has_token || insecure_no_auth) return;
  throw Error(ErrorKind::usage,
              fmt::format("--listen {}: not a loopback address; give --token-file (clients send "
                          "\"Authorization: Bearer TOKEN\") or, to serve anyone who can reach "
                          "it, --insecure-no-auth",
                          address.host));
}

}  // namespace mlctl::serve
