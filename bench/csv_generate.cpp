// Writes a large, deterministic CSV for the reader benchmark, and beside it FILE.expect: the
// counts (and the sum of the numbers) that a correct reader must find in it.
//
//   csv_generate numeric|mixed ROWS FILE
//
// numeric: 20 columns of integers and decimals. mixed: 20 columns of decimals with missing
// values (empty and NA), integers, categories and quoted text holding commas, doubled quotes
// and now and then a line break. Same arguments, same bytes: the random numbers come from a
// fixed-seed splitmix64, and the text is formatted with fmt.

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "splitmix64.hpp"

namespace {

constexpr int kColumns = 20;

struct Expected {
  std::uint64_t rows = 0, fields = 0, numbers = 0, missing = 0, text_bytes = 0;
  double sum = 0;
};

// Numbers are summed as a reader will see them: parsed back from their text.
void number(fmt::memory_buffer& out, Expected& expected, std::string_view text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  expected.sum += value;
  ++expected.numbers;
  out.append(text);
}

template <typename... Args>
void number(fmt::memory_buffer& out, Expected& expected, fmt::format_string<Args...> format,
            Args&&... args) {
  const std::string text = fmt::format(format, std::forward<Args>(args)...);
  number(out, expected, text);
}

constexpr std::string_view kCategories[] = {
    "red", "green", "blue", "dark grey", "Ocean View", "North_Ames", "yes", "no", "1st", "unknown"};
constexpr std::string_view kWords[] = {"Smith", "John",   "the",  "\"JJ\"", "a, b",
                                       "Ms.",   "O'Neil", "data", "value",  "x"};

void numeric_row(fmt::memory_buffer& out, Expected& expected, SplitMix64& rng, std::uint64_t row) {
  number(out, expected, "{}", row);
  for (int c = 1; c < kColumns; ++c) {
    out.push_back(',');
    if (c < 10) {
      number(out, expected, "{:.6f}", rng.uniform(-1000, 1000));
    } else if (c < 15) {
      number(out, expected, "{}", rng.below(100000));
    } else {
      number(out, expected, "{:.6e}", rng.uniform(-1, 1) * 1e-3);
    }
  }
  out.push_back('\n');
}

void text_field(fmt::memory_buffer& out, Expected& expected, SplitMix64& rng) {
  std::string text;
  const std::uint64_t words = 1 + rng.below(5);
  for (std::uint64_t w = 0; w < words; ++w) {
    if (w > 0) text += rng.below(1000) == 0 ? '\n' : ' ';
    text += kWords[rng.below(std::size(kWords))];
  }
  expected.text_bytes += text.size();
  out.push_back('"');
  for (const char ch : text) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

void mixed_row(fmt::memory_buffer& out, Expected& expected, SplitMix64& rng, std::uint64_t row) {
  number(out, expected, "{}", row);
  for (int c = 1; c < kColumns; ++c) {
    out.push_back(',');
    const std::uint64_t roll = rng.below(100);
    if (c < 9) {
      if (roll < 5) {
        ++expected.missing;
      } else if (roll < 6) {
        ++expected.missing;
        out.append(std::string_view("NA"));
      } else {
        number(out, expected, "{:.4f}", rng.uniform(-500, 500));
      }
    } else if (c < 13) {
      const auto category = kCategories[rng.below(std::size(kCategories))];
      expected.text_bytes += category.size();
      out.append(category);
    } else if (c < 16) {
      text_field(out, expected, rng);
    } else if (roll < 3) {
      ++expected.missing;
    } else {
      number(out, expected, "{}", rng.below(1000));
    }
  }
  out.push_back('\n');
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 ||
      (std::string_view(argv[1]) != "numeric" && std::string_view(argv[1]) != "mixed")) {
    std::fputs("usage: csv_generate numeric|mixed ROWS FILE\n", stderr);
    return 2;
  }
  const bool mixed = std::string_view(argv[1]) == "mixed";
  const std::uint64_t rows = std::strtoull(argv[2], nullptr, 10);
  const std::string path = argv[3];
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    std::perror(path.c_str());
    return 1;
  }
  SplitMix64 rng(mixed ? 20240601 : 20240602);
  Expected expected;
  fmt::memory_buffer out;
  for (int c = 0; c < kColumns; ++c)
    fmt::format_to(std::back_inserter(out), "{}col{}", c ? "," : "", c);
  out.push_back('\n');
  for (std::uint64_t r = 0; r < rows; ++r) {
    if (mixed) {
      mixed_row(out, expected, rng, r);
    } else {
      numeric_row(out, expected, rng, r);
    }
    if (out.size() > (1 << 20)) {
      if (std::fwrite(out.data(), 1, out.size(), file) != out.size()) return 1;
      out.clear();
    }
  }
  if (std::fwrite(out.data(), 1, out.size(), file) != out.size() || std::fclose(file) != 0) {
    std::perror(path.c_str());
    return 1;
  }
  expected.rows = rows;
  expected.fields = rows * kColumns;
  const std::string summary = fmt::format(
      "rows={} fields={} numbers={} missing={} text_bytes={} sum={:.17g}\n", expected.rows,
      expected.fields, expected.numbers, expected.missing, expected.text_bytes, expected.sum);
  std::FILE* expect = std::fopen((path + ".expect").c_str(), "wb");
  if (expect == nullptr || std::fputs(summary.c_str(), expect) < 0 || std::fclose(expect) != 0) {
    std::perror((path + ".expect").c_str());
    return 1;
  }
  return 0;
}
