#pragma once
// Which field values mean "missing". Internal to src/csv/; called once per field, so the
// default tokens are matched with a length switch and one masked integer compare.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace mlctl::csv {

class MissingTokens {
 public:
  explicit MissingTokens(std::vector<std::string> extra = {});

  // True for "", NA, N/A, NaN, null (any case) and the extra tokens (exact match).
  bool matches(std::string_view field) const {
    if (field.size() <= 4 && is_default(field)) return true;
    return !extra_.empty() && matches_extra(field);
  }

 private:
  static bool is_default(std::string_view field);
  static std::uint32_t load(std::string_view field) {
    std::uint32_t word = 0;
    std::memcpy(&word, field.data(), field.size());
    return word;
  }
  // Four bytes as a word in memory order, so the compares work on any endianness.
  static std::uint32_t pattern(const char (&text)[5]) {
    std::uint32_t word = 0;
    std::memcpy(&word, text, 4);
    return word;
  }
  bool matches_extra(std::string_view field) const;

  std::vector<std::string> extra_;
  std::uint64_t extra_lengths_ = 0;  // bit n set: some extra token has length n (63 = longer)
};

// OR-ing a space (0x20) into a byte folds ASCII upper case onto lower case. It also folds a
// few non-letters onto other bytes, which is why the '/' of "N/A" is compared unfolded.
inline bool MissingTokens::is_default(std::string_view field) {
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

}  // namespace mlctl::csv
