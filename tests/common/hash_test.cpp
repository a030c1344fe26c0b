#include <doctest/doctest.h>

#include <cstddef>
#include <span>
#include <string>

#include "common/hash.hpp"

using mlctl::parse_hex64;
using mlctl::to_hex64;
using mlctl::xxh3_64;
using mlctl::Xxh3Hasher;

namespace {

std::string pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + 7) % 251);
  return bytes;
}

}  // namespace

TEST_CASE("hash: xxh64 matches the reference values and an independent implementation") {
  // "" and "abc" with seed 0: the xxHash reference values; the others were computed by the
  // XXH64 written in Python in tests/fixtures/hashing/make_reference.py.
  CHECK(mlctl::xxh64("", 0) == 0xef46db3751d8e999ULL);
  CHECK(mlctl::xxh64("abc", 0) == 0x44bc2cf5ad770999ULL);
  CHECK(mlctl::xxh64("a", 0) == 0xd24ec4f1a98c6e5bULL);
  CHECK(mlctl::xxh64("North_Ames", 42) == 0x32934e47850d822cULL);
  CHECK(mlctl::xxh64("Z\xc3\xbcrich", 7) == 0xcfde893a2c151961ULL);  // UTF-8 bytes
  // 32 bytes and more take the four-lane path.
  CHECK(mlctl::xxh64(std::string(40, 'x'), 0) == 0x926f564e1b3e18d5ULL);
  CHECK(mlctl::xxh64("0123456789abcdef0123456789abcdef0123456789", 123456789012345ULL) ==
        0xae92b2e183276145ULL);
  CHECK(mlctl::xxh64("Old_Town", 18446744073709551615ULL) == 0xa00d147dc6365e9eULL);
}

TEST_CASE("hash: xxh3-64 matches the reference value for empty input") {
  // From the xxHash reference implementation's test vectors.
  CHECK(xxh3_64("") == 0x2D06800538D394C2ULL);
  CHECK(xxh3_64(std::span<const std::byte>()) == 0x2D06800538D394C2ULL);
}

TEST_CASE("hash: string and byte-span overloads agree, different input, different hash") {
  const std::string bytes = pattern(1000);
  CHECK(xxh3_64(std::as_bytes(std::span(bytes))) == xxh3_64(bytes));
  CHECK(xxh3_64("mlctl") != xxh3_64("mlctm"));
  CHECK(xxh3_64(std::string(1, '\0')) != xxh3_64(""));
}

TEST_CASE("hash: streaming equals one-shot for every split, across xxh3's size classes") {
  // xxh3 has separate code paths for 0-16, 17-128, 129-240 bytes and longer inputs, and its
  // streaming state buffers 256 bytes: cover each, split at every point and in small pieces.
  for (std::size_t size : {0, 1, 3, 16, 17, 128, 129, 240, 241, 256, 257, 1024, 5000}) {
    const std::string bytes = pattern(size);
    const std::uint64_t expected = xxh3_64(bytes);
    for (std::size_t split = 0; split <= size; split += (size > 300 ? 97 : 1)) {
      Xxh3Hasher hasher;
      hasher.update(std::string_view(bytes).substr(0, split));
      hasher.update(std::as_bytes(std::span(bytes).subspan(split)));
      CHECK(hasher.digest() == expected);
    }
    Xxh3Hasher pieces;
    for (std::size_t at = 0; at < size; at += 7)
      pieces.update(std::string_view(bytes).substr(at, 7));
    CHECK(pieces.digest() == expected);
  }
}

TEST_CASE("hash: digest can be taken midway, reset starts over, the hasher moves") {
  Xxh3Hasher hasher;
  hasher.update("abc");
  CHECK(hasher.digest() == xxh3_64("abc"));
  hasher.update("def");
  CHECK(hasher.digest() == xxh3_64("abcdef"));
  hasher.reset();
  CHECK(hasher.digest() == xxh3_64(""));
  hasher.update("xyz");
  Xxh3Hasher moved = std::move(hasher);
  moved.update("!");
  CHECK(moved.digest() == xxh3_64("xyz!"));
}

TEST_CASE("hash: hex is 16 lowercase digits and parses back") {
  CHECK(to_hex64(0) == "0000000000000000");
  CHECK(to_hex64(0xDEADBEEFULL) == "00000000deadbeef");
  CHECK(to_hex64(~0ULL) == "ffffffffffffffff");
  CHECK(to_hex64(0x2D06800538D394C2ULL) == "2d06800538d394c2");
  CHECK(parse_hex64("2d06800538d394c2") == 0x2D06800538D394C2ULL);
  CHECK(parse_hex64("0000000000000000") == 0ULL);
  CHECK(parse_hex64("ffffffffffffffff") == ~0ULL);
  CHECK_FALSE(parse_hex64("2D06800538D394C2"));   // uppercase is not the canonical spelling
  CHECK_FALSE(parse_hex64("2d06800538d394c"));    // 15 digits
  CHECK_FALSE(parse_hex64("2d06800538d394c20"));  // 17 digits
  CHECK_FALSE(parse_hex64("+d06800538d394c2"));
  CHECK_FALSE(parse_hex64("2d06800538d394g2"));
  CHECK_FALSE(parse_hex64(""));
}
