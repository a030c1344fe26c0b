#pragma once
// Which field values mean "missing". Internal to src/csv/; called once per field, so the
// default tokens are matched with two masked integer compares and one branch.

#include <array>
#include <bit>
#include <cstddef>
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
    if (is_default(field)) return true;
    return !extra_.empty() && matches_extra(field);
  }

 private:
  static bool is_default(std::string_view field);
  // Four bytes as a word in memory order, so the compares work on any endianness.
  static constexpr std::uint32_t word_of(const char (&text)[5]) {
    return std::bit_cast<std::uint32_t>(std::array<char, 4>{text[0], text[1], text[2], text[3]});
  }
  bool matches_extra(std::string_view field) const;

  std::vector<std::string> extra_;
  std::uint64_t extra_lengths_ = 0;  // bit n set: some extra token has length n (63 = longer)
};

// A field of 2 to 4 bytes is read as one word: its first two and its last two bytes
// (overlapping for three). It is compared with the tokens of its length without branching on
// the length: data fields' lengths vary from row to row, and a mispredicted branch costs more
// than the compares. OR-ing a space (0x20) into a byte folds ASCII upper case onto lower case;
// it also folds a few non-letters onto other bytes, which is why the '/' of "N/A" is compared
// unfolded.
inline bool MissingTokens::is_default(std::string_view field) {
  const std::size_t size = field.size();
  if (size - 2 > 2) return size == 0;
  struct Token {
    std::uint32_t fold, word;
  };
  // Indexed by length - 2. Length 3 has two tokens; the other lengths repeat theirs.
  static constexpr Token kFirst[3] = {{word_of("    "), word_of("nana")},
                                      {word_of("    "), word_of("naan")},
                                      {word_of("    "), word_of("null")}};
  static constexpr Token kSecond[3] = {{word_of("    "), word_of("nana")},
                                       {word_of(" \0\0 "), word_of("n//a")},
                                       {word_of("    "), word_of("null")}};
  char bytes[4];
  std::memcpy(bytes, field.data(), 2);
  std::memcpy(bytes + 2, field.data() + size - 2, 2);
  std::uint32_t word;
  std::memcpy(&word, bytes, 4);
  const Token& first = kFirst[size - 2];
  const Token& second = kSecond[size - 2];
  return ((word | first.fold) == first.word) | ((word | second.fold) == second.word);
}

}  // namespace mlctl::csv
