#include "csv/missing.hpp"

#include <algorithm>
#include <cstring>

namespace mlctl::csv {

namespace {

constexpr std::uint64_t length_bit(std::size_t length) {
  return std::uint64_t{1} << std::min<std::size_t>(length, 63);
}

std::uint32_t load(std::string_view field) {
  std::uint32_t word = 0;
  std::memcpy(&word, field.data(), field.size());
  return word;
}

// Four bytes as a word in memory order, so the compares below work on any endianness.
std::uint32_t pattern(const char (&text)[5]) {
  std::uint32_t word = 0;
  std::memcpy(&word, text, 4);
  return word;
}

}  // namespace

MissingTokens::MissingTokens(std::vector<std::string> extra) : extra_(std::move(extra)) {
  for (const auto& token : extra_) extra_lengths_ |= length_bit(token.size());
}

// OR-ing a space (0x20) into a byte folds ASCII upper case onto lower case. It also folds a
// few non-letters onto other bytes, which is why the '/' of "N/A" is compared unfolded.
bool MissingTokens::is_default(std::string_view field) {
  switch (field.size()) {
    case 0:
      return true;
    case 2:
      return (load(field) | pattern("  \0\0")) == pattern("na\0\0");
    case 3:
      return field[1] == '/' ? (load(field) | pattern(" \0 \0")) == pattern("n/a\0")
                             : (load(field) | pattern("   \0")) == pattern("nan\0");
    case 4:
      return (load(field) | pattern("    ")) == pattern("null");
    default:
      return false;
  }
}

bool MissingTokens::matches_extra(std::string_view field) const {
  if ((extra_lengths_ & length_bit(field.size())) == 0) return false;
  return std::find(extra_.begin(), extra_.end(), field) != extra_.end();
}

}  // namespace mlctl::csv
