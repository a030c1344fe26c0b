#include "common/memory_limit.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

#include "common/error.hpp"

namespace mlctl {
namespace {

constexpr std::uint64_t kMinimum = std::uint64_t{1} << 20;

// The number in the first line of `path`, if it is one ("max" and missing files are not).
std::uint64_t limit_in(const char* path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word)) return 0;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
  return error == std::errc() && end == word.data() + word.size() ? value : 0;
}

}  // namespace

std::uint64_t parse_memory_size(std::string_view text) {
  const auto bad = [&] {
    return Error(ErrorKind::usage,
                 fmt::format("--memory: cannot read \"{}\" as a size (e.g. 512M, 4G)", text));
  };
  std::string_view unit = text;
  std::size_t digits = 0;
  while (digits < unit.size() &&
         (std::isdigit(static_cast<unsigned char>(unit[digits])) != 0 || unit[digits] == '.')) {
    ++digits;
  }
  if (digits == 0) throw bad();
  double number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + digits, number);
  if (error != std::errc() || end != text.data() + digits) throw bad();
  unit.remove_prefix(digits);
  std::string suffix;
  for (const char c : unit)
    suffix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (suffix.ends_with("IB")) {
    suffix.resize(suffix.size() - 2);
  } else if (suffix.size() > 1 && suffix.ends_with("B")) {
    suffix.pop_back();
  }
  double scale = 1;
  if (suffix == "K") {
    scale = 1024.0;
  } else if (suffix == "M") {
    scale = 1024.0 * 1024;
  } else if (suffix == "G") {
    scale = 1024.0 * 1024 * 1024;
  } else if (suffix == "T") {
    scale = 1024.0 * 1024 * 1024 * 1024;
  } else if (!suffix.empty() && suffix != "B") {
    throw bad();
  }
  const double bytes = std::floor(number * scale);
  if (!(bytes < 1.8e19)) throw bad();
  if (bytes < static_cast<double>(kMinimum)) {
    throw Error(ErrorKind::usage, fmt::format("--memory: {} is below the least limit, 1M", text));
  }
  return static_cast<std::uint64_t>(bytes);
}

std::uint64_t default_memory_limit() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  std::uint64_t total = pages > 0 && page > 0
                            ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                            : std::uint64_t{4} << 30;
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    const std::uint64_t limit = limit_in(path);
    if (limit > 0) total = std::min(total, limit);
  }
  return std::max(total / 2, kMinimum);
}

std::string memory_size_text(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (bytes >= (std::uint64_t{1} << 30)) return fmt::format("{:.1f} GiB", b / (1 << 30));
  return fmt::format("{:.0f} MiB", b / (1 << 20));
}

}  // namespace mlctl
