#include "serve/token.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::serve {

std::string read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::io, fmt::format("cannot read the token file: {}", std::strerror(errno)),
                {path});
  }
  std::ostringstream content;
  content << in.rdbuf();
  std::string token = content.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
    token.pop_back();
  if (token.empty()) throw Error(ErrorKind::usage, "the token file is empty", {path});
  if (token.find_first_of("\r\n") != std::string::npos) {
    throw Error(ErrorKind::usage, "the token file holds more than one line", {path});
  }
  return token;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Every byte of `a` is visited whatever `b` holds; the lengths are compared at the end.
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const unsigned char other = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    difference =
        static_cast<unsigned char>(difference | (static_cast<unsigned char>(a[i]) ^ other));
  }
  // volatile: the compiler may not turn the loop into an early-exit comparison.
  volatile unsigned char result = difference;
  return result == 0 && a.size() == b.size();
}

bool bearer_matches(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.substr(0, kScheme.size()) != kScheme) return false;
  return constant_time_equal(token, authorization.substr(kScheme.size()));
}

}  // namespace mlctl::serve
