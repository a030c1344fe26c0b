#pragma once
// xxh3-64 checksums: one-shot, streaming, and their fixed-width hex spelling; and seeded XXH64,
// the hash of --hash-buckets (pipeline/hashed_categories.hpp).
// xxh3 detects accidental corruption (truncation, bit rot, a bad copy); it is not a
// cryptographic hash and proves nothing about who wrote a file.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mlctl {

std::uint64_t xxh3_64(std::string_view bytes);
std::uint64_t xxh3_64(std::span<const std::byte> bytes);
// XXH64 (xxhash's 64-bit hash, not xxh3) of `bytes` with `seed`: stable across xxhash versions
// and platforms, and short enough to reimplement elsewhere.
std::uint64_t xxh64(std::string_view bytes, std::uint64_t seed);

// Exactly 16 lowercase hex digits, zero-padded: the spelling used in model files.
std::string to_hex64(std::uint64_t value);
// The inverse of to_hex64: exactly 16 lowercase hex digits, else nullopt.
std::optional<std::uint64_t> parse_hex64(std::string_view text);

// Hashes input that arrives in pieces; digest() equals xxh3_64 of the concatenation.
class Xxh3Hasher {
 public:
  Xxh3Hasher();
  ~Xxh3Hasher();
  Xxh3Hasher(Xxh3Hasher&&) noexcept;
  Xxh3Hasher& operator=(Xxh3Hasher&&) noexcept;
  Xxh3Hasher(const Xxh3Hasher&) = delete;
  Xxh3Hasher& operator=(const Xxh3Hasher&) = delete;

  void update(std::string_view bytes);
  void update(std::span<const std::byte> bytes);
  // The hash of everything so far; more updates may follow.
  std::uint64_t digest() const;
  void reset();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mlctl
