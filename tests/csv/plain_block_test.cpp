// The plain-block fast path (csv/plain_block.hpp): which blocks qualify, what it reads, and
// where it gives up so that the Reader reads the block instead. That the Tables it builds equal
// the sequential read's is checked in tests/table/table_parallel_test.cpp.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "csv/block_reader.hpp"
#include "csv/plain_block.hpp"
#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::csv::parse_number;
using mlctl::csv::PlainBlock;
using mlctl::csv::read_plain_records;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::detail::parse_plain_decimal_prefix;
using mlctl::csv::testing::TempFile;

namespace {

// Everything read_plain_records hands over, as text.
struct Recorder {
  std::vector<std::string> events;
  void number(int column, double value, std::string_view text, std::uint64_t line) {
    events.push_back(std::to_string(line) + " n" + std::to_string(column) + " " +
                     std::string(text) + "=" + std::to_string(value));
  }
  void field(int column, std::string_view text, std::uint64_t line) {
    events.push_back(std::to_string(line) + " f" + std::to_string(column) + " [" +
                     std::string(text) + "]");
  }
  void end_record(std::uint64_t line) { events.push_back(std::to_string(line) + " end"); }
};

// A PlainBlock over `text` as a block would hold it: a NUL sentinel and padding after it.
struct Bytes {
  explicit Bytes(std::string_view text) : storage(text) {
    storage.append(1 + mlctl::csv::kScanPadding, '\0');
  }
  PlainBlock block(std::size_t fields, std::uint64_t first_line = 2,
                   std::size_t max_field_bytes = 1000) const {
    const std::size_t size = storage.size() - 1 - mlctl::csv::kScanPadding;
    return {storage.data(), storage.data() + size, first_line, ',', fields, max_field_bytes};
  }
  std::string storage;
};

std::optional<std::vector<std::string>> record(std::string_view text, std::size_t fields,
                                               std::vector<int> columns,
                                               std::size_t max_field_bytes = 1000) {
  const Bytes bytes(text);
  Recorder recorder;
  const auto rows = read_plain_records(bytes.block(fields, 2, max_field_bytes), columns, recorder);
  if (!rows) return std::nullopt;
  return recorder.events;
}

// Whether plain_block accepts the blocks of `content` (read in blocks of `block` bytes), and
// the rows the blocks give when read plainly where they can be.
std::vector<bool> plain_blocks_of(const std::string& content, std::size_t block,
                                  ReaderOptions options = {}) {
  const TempFile file(content);
  options.parallel_block_size = block;
  options.block_size = block;
  Reader reader(file.path(), options);
  std::vector<bool> plain;
  mlctl::csv::read_blocks<bool>(
      reader, 2, [](Reader& b) { return mlctl::csv::plain_block(b).has_value(); },
      [&](bool&& p) { plain.push_back(p); });
  return plain;
}

}  // namespace

TEST_CASE("plain block: the prefix parse reads what parse_number reads, and stops where it ends") {
  for (const char* field : {"0", "-0", "42", "-3.25", "1e3", "2.5E-2", ".5", "5.", "-.5",
                            "123456789012345", "-1e22", "1.5e-21", "7E+0", "0.916700006"}) {
    CAPTURE(std::string(field));
    for (const char* after : {",", "\n", ""}) {
      const std::string text = std::string(field) + after + std::string(20, '\0');
      double value = 0;
      const char* stop = parse_plain_decimal_prefix(text.data(), value);
      REQUIRE(stop != nullptr);
      CHECK(stop == text.data() + std::strlen(field));
      const double expected = *parse_number(field);
      CHECK(std::memcmp(&value, &expected, sizeof value) == 0);
    }
  }
  // Declined, or stopped before the field's end (the caller then reads it as text).
  for (const char* field : {"", "-", ".", "+1", "1e", "1e+", "e5", "inf", "NA", "1234567890123456",
                            "1e23", "1.5e-23", "1e1000"}) {
    CAPTURE(std::string(field));
    const std::string text = std::string(field) + "," + std::string(20, '\0');
    double value = 0;
    CHECK(parse_plain_decimal_prefix(text.data(), value) == nullptr);
  }
  for (const char* field : {"12abc", "1.2.3", "1e5.0", "1 ", "1d5", "0x1"}) {
    CAPTURE(std::string(field));
    const std::string text = std::string(field) + "," + std::string(20, '\0');
    double value = 0;
    const char* stop = parse_plain_decimal_prefix(text.data(), value);
    CHECK((stop == nullptr || (*stop != ',' && *stop != '\0')));
  }
}

TEST_CASE("plain block: the prefix parse agrees with parse_number on 200000 random decimals") {
  // Up to 18 digits (both sides of the 15 the fast path takes), the point anywhere, signs,
  // exponents, and junk after the number half of the time (then it must not end a field).
  mlctl::csv::testing::DecimalWalk walk(99);
  for (int i = 0; i < 200000; ++i) {
    const std::string field = walk.decimal(0, 18);
    const bool junk = walk.next() % 2 == 0;
    const std::string text = field + (junk ? "x," : ",") + std::string(24, '\0');
    CAPTURE(field);
    double value = 0;
    const char* stop = parse_plain_decimal_prefix(text.data(), value);
    const bool whole = stop != nullptr && stop == text.data() + field.size();
    const auto expected = parse_number(field);
    if (whole && !junk) {
      REQUIRE(expected.has_value());
      REQUIRE(std::memcmp(&value, &*expected, sizeof value) == 0);
    }
    // Whatever parse_plain_decimal takes whole, the prefix parse takes too.
    double plain = 0;
    if (mlctl::csv::detail::parse_plain_decimal(field, plain)) {
      REQUIRE(whole);
      REQUIRE(std::memcmp(&value, &plain, sizeof value) == 0);
    }
  }
}

TEST_CASE("plain block: records, with numbers parsed and other fields as text") {
  const auto events = record("1.5,x,7\n-2,,NA\n3e1,y,8", 3, {0, 1, -1});
  REQUIRE(events.has_value());
  CHECK(*events == std::vector<std::string>{"2 n0 1.5=1.500000", "2 f1 [x]", "2 end",
                                            "3 n0 -2=-2.000000", "3 f1 []", "3 end",
                                            "4 n0 3e1=30.000000", "4 f1 [y]", "4 end"});
  // Kept fields in any order of columns; a skipped field is not parsed at all.
  const auto reordered = record("abc,2\n", 2, {-1, 0});
  REQUIRE(reordered.has_value());
  CHECK(*reordered == std::vector<std::string>{"2 n0 2=2.000000", "2 end"});
}

TEST_CASE("plain block: gives up where the Reader must decide") {
  CHECK(record("1,2\n\n3,4\n", 2, {0, 1}) == std::nullopt);  // a blank line
  CHECK(record("1,2,3\n", 2, {0, 1}) == std::nullopt);       // a field too many
  CHECK(record("1\n", 2, {0, 1}) == std::nullopt);           // a field too few
  CHECK(record("1,2\n3", 2, {0, 1}) == std::nullopt);        // the last record cut short
  CHECK(record(std::string_view("1,a\0b\n", 6), 2, {0, 1}) == std::nullopt);  // a NUL byte
  CHECK(record("1,abcdef\n", 2, {0, 1}, 5) == std::nullopt);  // over --max-field-size
  CHECK(record("1,abcde\n", 2, {0, 1}, 5).has_value());       // at it
  CHECK(record("", 2, {0, 1}) == std::vector<std::string>{});
}

TEST_CASE("plain block: which blocks qualify") {
  std::string plain = "a,b\n";
  std::string quoted = "a,b\n";
  std::string crlf = "a,b\r\n";
  for (int i = 0; i < 20; ++i) {
    plain += std::to_string(i) + ",x\n";
    quoted += std::to_string(i) + ",\"x\"\n";
    crlf += std::to_string(i) + ",x\r\n";
  }
  const auto all = [](const std::vector<bool>& flags, bool value) {
    return flags.size() > 2 &&
           std::all_of(flags.begin(), flags.end(), [value](bool flag) { return flag == value; });
  };
  CHECK(all(plain_blocks_of(plain, 8), true));
  CHECK(all(plain_blocks_of(quoted, 8), false));
  CHECK(all(plain_blocks_of(crlf, 8), false));
  // Not with extra missing-value tokens: a number could be one.
  ReaderOptions na;
  na.extra_na = {"-1"};
  CHECK(all(plain_blocks_of(plain, 8, na), false));
  // Not with a delimiter that a number can hold.
  ReaderOptions dot;
  dot.delimiter = '.';
  CHECK(all(plain_blocks_of(plain, 8, dot), false));
  // Not over a file.
  const TempFile file("a,b\n1,2\n");
  const Reader reader(file.path());
  CHECK_FALSE(mlctl::csv::plain_block(reader).has_value());
}
