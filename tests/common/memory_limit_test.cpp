// Sizes as users write them for --memory, and the default limit.

#include <cstdint>
#include <string>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "common/memory_limit.hpp"

using mlctl::parse_memory_size;

TEST_CASE("memory size: units are powers of 1024, case and a trailing B ignored") {
  CHECK(parse_memory_size("512M") == 512ULL << 20);
  CHECK(parse_memory_size("4G") == 4ULL << 30);
  CHECK(parse_memory_size("4g") == 4ULL << 30);
  CHECK(parse_memory_size("4GB") == 4ULL << 30);
  CHECK(parse_memory_size("4GiB") == 4ULL << 30);
  CHECK(parse_memory_size("1.5G") == 3ULL << 29);
  CHECK(parse_memory_size("2048k") == 2ULL << 20);
  CHECK(parse_memory_size("1T") == 1ULL << 40);
  CHECK(parse_memory_size("3000000") == 3000000ULL);
}

TEST_CASE("memory size: what is not a size, or below 1M, is a usage error quoting it") {
  for (const char* text : {"", "G", "12X", "1.2.3G", "-1G", "4 G", "0x10M", "1e3M"}) {
    try {
      (void)parse_memory_size(text);
      FAIL("no error for ", text);
    } catch (const mlctl::Error& e) {
      CHECK(e.kind() == mlctl::ErrorKind::usage);
      CHECK(e.message() ==
            std::string("--memory: cannot read \"") + text + "\" as a size (e.g. 512M, 4G)");
    }
  }
  try {
    (void)parse_memory_size("512K");
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.message() == "--memory: 512K is below the least limit, 1M");
  }
}

TEST_CASE("memory limit: the default is half of what the process may use, at least 1 MiB") {
  const std::uint64_t limit = mlctl::default_memory_limit();
  CHECK(limit >= (1ULL << 20));
  CHECK(limit < (1ULL << 50));
  CHECK(mlctl::memory_size_text(512ULL << 20) == "512 MiB");
  CHECK(mlctl::memory_size_text(3ULL << 29) == "1.5 GiB");
}
