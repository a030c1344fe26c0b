#include <doctest/doctest.h>

#include "common/error.hpp"
#include "serve/listen.hpp"

using mlctl::Error;
using mlctl::serve::check_exposure;
using mlctl::serve::is_loopback;
using mlctl::serve::ListenAddress;
using mlctl::serve::parse_listen;

namespace {

std::string refusal(std::string_view text) {
  try {
    (void)parse_listen(text);
  } catch (const Error& e) {
    return e.message();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("listen: HOST:PORT, bracketed IPv6 and :PORT") {
  auto a = parse_listen("127.0.0.1:8080");
  CHECK(a.host == "127.0.0.1");
  CHECK(a.port == 8080);
  a = parse_listen("[::1]:0");
  CHECK(a.host == "::1");
  CHECK(a.port == 0);
  a = parse_listen(":9000");
  CHECK(a.host == "127.0.0.1");
  CHECK(a.port == 9000);
  CHECK(parse_listen("0.0.0.0:65535").port == 65535);
}

TEST_CASE("listen: a text without a usable port is refused, quoted") {
  CHECK(refusal("8080") == "--listen 8080: expected HOST:PORT");
  CHECK(refusal("localhost:http") ==
        "--listen localhost:http: the port must be a number from 0 to 65535");
  CHECK(refusal("localhost:65536") ==
        "--listen localhost:65536: the port must be a number from 0 to 65535");
  CHECK(refusal("::1:80") == "--listen ::1:80: write an IPv6 address in brackets: [::1]:8080");
}

TEST_CASE("listen: loopback is 127.0.0.0/8, ::1 and localhost, nothing else") {
  CHECK(is_loopback("127.0.0.1"));
  CHECK(is_loopback("127.1.2.3"));
  CHECK(is_loopback("::1"));
  CHECK(is_loopback("localhost"));
  CHECK_FALSE(is_loopback("0.0.0.0"));
  CHECK_FALSE(is_loopback("::"));
  CHECK_FALSE(is_loopback("10.0.0.1"));
  CHECK_FALSE(is_loopback("128.0.0.1"));
  CHECK_FALSE(is_loopback("example.com"));
}

TEST_CASE("listen: beyond loopback a token or --insecure-no-auth is needed") {
  const ListenAddress any{"0.0.0.0", 8080};
  CHECK_NOTHROW(check_exposure({"127.0.0.1", 8080}, false, false));
  CHECK_NOTHROW(check_exposure(any, true, false));
  CHECK_NOTHROW(check_exposure(any, false, true));
  try {
    check_exposure(any, false, false);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::usage);
    CHECK(e.message() ==
          "--listen 0.0.0.0: not a loopback address; give --token-file (clients send "
          "\"Authorization: Bearer TOKEN\") or, to serve anyone who can reach it, "
          "--insecure-no-auth");
  }
}
