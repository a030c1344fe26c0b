#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>

#include "stats/text_counts.hpp"

using mlctl::stats::TextCounts;

namespace {

std::map<std::string, std::uint64_t> counted(const TextCounts& counts) {
  std::map<std::string, std::uint64_t> out;
  counts.for_each([&](std::string_view text, std::uint64_t count) {
    CHECK(out.emplace(std::string(text), count).second);  // each text once
  });
  return out;
}

}  // namespace

TEST_CASE("text counts: texts alike in their first and last bytes stay apart") {
  TextCounts counts;
  CHECK(counts.size() == 0);
  // The empty text, a NUL byte, texts of 8 and 16 bytes, and longer ones differing only in
  // the middle (not in the first or last eight bytes the short ones are compared by).
  const std::string texts[] = {"",
                               std::string(1, '\0'),
                               std::string(2, '\0'),
                               "a",
                               "abcdefgh",
                               "abcdefghabcdefgh",
                               "abcdefgh-abcdefgh",
                               "abcdefgh+abcdefgh",
                               "abcdefgh" + std::string(30, 'x') + "abcdefgh",
                               "abcdefgh" + std::string(29, 'x') + "yabcdefgh"};
  std::uint64_t n = 0;
  for (const std::string& text : texts) {
    ++n;
    for (std::uint64_t i = 0; i < n; ++i) counts.add(text);
  }
  counts.add("a", 10);
  const auto got = counted(counts);
  CHECK(counts.size() == 10);
  REQUIRE(got.size() == 10);
  std::uint64_t expected = 0;
  for (const std::string& text : texts) {
    ++expected;
    CAPTURE(text);
    CHECK(got.at(text) == expected + (text == "a" ? 10 : 0));
  }
}

TEST_CASE("text counts: many texts of many lengths, as a map counts them") {
  std::mt19937_64 engine(16);
  TextCounts counts;
  std::map<std::string, std::uint64_t> expected;
  for (int i = 0; i < 200000; ++i) {
    // Up to ~5000 distinct texts of 0 to 40 bytes, so the table grows many times.
    const std::uint64_t pick = engine() % 5000;
    std::string text(pick % 41, 'q');
    for (std::size_t c = 0; c < text.size(); c += 7) text[c] = static_cast<char>('a' + pick % 26);
    text += std::to_string(pick / 41);
    counts.add(text);
    ++expected[text];
  }
  CHECK(counts.size() == expected.size());
  CHECK(counted(counts) == expected);
}
