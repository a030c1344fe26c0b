// The plain-block fast path (csv/plain_block.hpp): which blocks qualify, what it reads, and
// where it gives up so that the Reader reads the block instead. That the Tables it builds equal
// the sequential read's is checked in tests/table/table_parallel_test.cpp.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
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
using mlctl::csv::testing::blocks_of;
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
                   std::size_t max_field_bytes = 1000, bool quoted = false) const {
    const std::size_t size = storage.size() - 1 - mlctl::csv::kScanPadding;
    return {storage.data(), storage.data() + size, first_line, ',',
            fields,         max_field_bytes,       quoted};
  }
  std::string storage;
};

std::optional<std::vector<std::string>> record(std::string_view text, std::size_t fields,
                                               std::vector<int> columns,
                                               std::size_t max_field_bytes = 1000,
                                               bool quoted = false) {
  const Bytes bytes(text);
  Recorder recorder;
  const auto rows =
      read_plain_records(bytes.block(fields, 2, max_field_bytes, quoted), columns, recorder);
  if (!rows) return std::nullopt;
  return recorder.events;
}

std::optional<std::vector<std::string>> quoted_record(std::string_view text, std::size_t fields,
                                                      std::vector<int> columns,
                                                      std::size_t max_field_bytes = 1000) {
  return record(text, fields, std::move(columns), max_field_bytes, true);
}

// Each field a one-pass read hands over, as "line column text", the kind (number or text)
// left out: the Reader does not tell them apart. nullopt when the read gave up.
struct FieldRecorder {
  std::vector<std::string> fields;
  bool numbers_parse_alike = true;
  void number(int column, double value, std::string_view text, std::uint64_t line) {
    const auto expected = parse_number(text);
    numbers_parse_alike =
        numbers_parse_alike && expected && std::memcmp(&value, &*expected, sizeof value) == 0;
    field(column, text, line);
  }
  void field(int column, std::string_view text, std::uint64_t line) {
    fields.push_back(std::to_string(line) + " " + std::to_string(column) + " " + std::string(text));
  }
  void end_record(std::uint64_t line) { fields.push_back(std::to_string(line) + " end"); }
};

// How plain_block takes each block of `content` (read in blocks of `block` bytes): 'p' plain,
// 'q' quoted (read_plain_records then reads quoted fields), '-' not at all.
std::string kinds_of(const std::string& content, std::size_t block, ReaderOptions options = {}) {
  const TempFile file(content);
  Reader reader(file.path(), blocks_of(block, std::move(options)));
  std::string kinds;
  mlctl::csv::read_blocks<char>(
      reader, 2,
      [](Reader& b) {
        const auto plain = mlctl::csv::plain_block(b);
        return !plain ? '-' : plain->quoted ? 'q' : 'p';
      },
      [&](char&& kind) { kinds.push_back(kind); });
  return kinds;
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

TEST_CASE("plain block: quoted fields as the Reader hands them over") {
  const auto events = quoted_record(
      "\"a, b\",\"say \"\"hi\"\"\",\"\"\n\"1.5\",x\"y,-2\n\"\"\"\",NA,\"\"\"a\"\"b\"\"\"", 3,
      {0, 1, 2});
  REQUIRE(events.has_value());
  CHECK(*events == std::vector<std::string>{"2 f0 [a, b]", "2 f1 [say \"hi\"]", "2 f2 []", "2 end",
                                            // A quoted number is text, as the Reader hands it over;
                                            // a quote inside an unquoted field is data.
                                            "3 f0 [1.5]", "3 f1 [x\"y]", "3 n2 -2=-2.000000",
                                            "3 end", "4 f0 [\"]", "4 f1 [NA]", "4 f2 [\"a\"b\"]",
                                            "4 end"});
  // Unquoted blocks read quoted the same.
  CHECK(quoted_record("1.5,x,7\n-2,,NA\n", 3, {0, 1, -1}) ==
        record("1.5,x,7\n-2,,NA\n", 3, {0, 1, -1}));
  // CRLF and lone CRs end records, each one line, as the Reader counts them.
  CHECK(quoted_record("1,2\r\n\"a\",\"b\"\r\n3,x\r4,5", 2, {0, 1}) ==
        std::vector<std::string>{"2 n0 1=1.000000", "2 n1 2=2.000000", "2 end", "3 f0 [a]",
                                 "3 f1 [b]", "3 end", "4 n0 3=3.000000", "4 f1 [x]", "4 end",
                                 "5 n0 4=4.000000", "5 n1 5=5.000000", "5 end"});
  // Skipped quoted fields.
  CHECK(quoted_record("\"a,b\",2\n", 2, {-1, 0}) ==
        std::vector<std::string>{"2 n0 2=2.000000", "2 end"});
}

TEST_CASE("plain block: gives up on quoted fields where the Reader must decide") {
  CHECK(quoted_record("\"a\nb\",1\n", 2, {0, 1}) == std::nullopt);         // a line break inside
  CHECK(quoted_record("\"a\rb\",1\n", 2, {0, 1}) == std::nullopt);         // a CR inside
  CHECK(quoted_record("1\r,2\n", 2, {0, 1}) == std::nullopt);              // a lone CR
  CHECK(quoted_record("\"a\"b,1\n", 2, {0, 1}) == std::nullopt);           // text after the quote
  CHECK(quoted_record("1,\"ab", 2, {0, 1}) == std::nullopt);               // unterminated
  CHECK(quoted_record("1,\"ab\"\"", 2, {0, 1}) == std::nullopt);           // unterminated, "" last
  CHECK(quoted_record("\"a\",\"b\",\"c\"\n", 2, {0, 1}) == std::nullopt);  // a field too many
  CHECK(quoted_record("\"a\"\n", 2, {0, 1}) == std::nullopt);              // a field too few
  CHECK(quoted_record(std::string_view("\"a\0\",1\n", 7), 2, {0, 1}) == std::nullopt);  // NUL
  // --max-field-size counts the bytes between the quotes, a doubled quote as two, as the
  // Reader does.
  CHECK(quoted_record("\"abcdef\",1\n", 2, {0, 1}, 5) == std::nullopt);
  CHECK(quoted_record("\"abcde\",1\n", 2, {0, 1}, 5).has_value());
  CHECK(quoted_record("\"ab\"\"c\",1\n", 2, {0, 1}, 4) == std::nullopt);
  CHECK(quoted_record("\"ab\"\"c\",1\n", 2, {0, 1}, 5).has_value());
}

TEST_CASE("plain block: 20000 random quoted blocks read as the Reader reads them, or given up") {
  // Records of three fields, most of them well formed, with quotes, line breaks and CRs in
  // every place now and then; the same text is read by the Reader (from memory, after a
  // header) and in one pass.
  const std::vector<std::string_view> fields = {
      "a", "1", "-2.5", "1e3", "NA", "", "\"q,r\"", "\"s\"\"t\"", "\"\"", "x\"y", "\"7\"", " 1"};
  const std::vector<std::string_view> noise = {",",    "\"", "\"\"",   "\n",
                                               "\r\n", "\r", "\"u\"v", "\"a\nb\""};
  std::uint64_t state = 7;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  int read_in_one_pass = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string body;
    const std::size_t records = 1 + next() % 4;
    for (std::size_t r = 0; r < records; ++r) {
      for (std::size_t f = 0; f < 3; ++f) {
        if (f > 0) body += ',';
        body += fields[next() % fields.size()];
      }
      if (r + 1 < records || next() % 2 == 0) body += '\n';
    }
    if (next() % 4 == 0) body.insert(next() % (body.size() + 1), noise[next() % noise.size()]);
    CAPTURE(body);
    const std::string text = "h1,h2,h3\n" + body;
    std::optional<std::vector<std::string>> expected = std::vector<std::string>{};
    try {
      Reader reader(mlctl::csv::MemoryInput{text, "random"});
      mlctl::csv::Row row;
      while (reader.next(row)) {
        for (std::size_t f = 0; f < row.fields.size(); ++f) {
          expected->push_back(std::to_string(row.line) + " " + std::to_string(f) + " " +
                              std::string(row.fields[f]));
        }
        expected->push_back(std::to_string(row.line) + " end");
      }
    } catch (const mlctl::Error&) {
      expected.reset();
    }
    const Bytes bytes(body);
    FieldRecorder got;
    const std::vector<int> columns = {0, 1, 2};
    const auto rows = read_plain_records(bytes.block(3, 2, 1000, true), columns, got);
    if (!rows) continue;
    ++read_in_one_pass;
    REQUIRE(expected.has_value());  // the Reader fails: the one pass must give up too
    CHECK(got.fields == *expected);
    CHECK(got.numbers_parse_alike);
  }
  CHECK(read_in_one_pass > 10000);  // the pass reads most, it does not only give up
}

TEST_CASE("plain block: which blocks qualify") {
  // Every block of the kind, and more than two blocks.
  const auto only = [](const std::string& kinds, char kind) {
    return kinds.size() > 2 && kinds.find_first_not_of(kind) == std::string::npos;
  };
  std::string plain = "a,b\n";
  std::string quoted = "a,b\n";
  std::string crlf = "a,b\r\n";
  for (int i = 0; i < 20; ++i) {
    plain += std::to_string(i) + ",x\n";
    quoted += std::to_string(i) + ",\"x\"\n";
    crlf += std::to_string(i) + ",x\r\n";
  }
  CHECK(only(kinds_of(plain, 8), 'p'));
  // Quotes and CRs: read in one pass too, where read_plain_records gives up at a CR. A block
  // after a CR is not (an LF first would end the CR's line).
  CHECK(only(kinds_of(quoted, 8), 'q'));
  const std::string crlf_kinds = kinds_of(crlf, 8);
  CHECK(crlf_kinds.find('p') == std::string::npos);
  CHECK(crlf_kinds.find('q') != std::string::npos);
  // Not with extra missing-value tokens: a number could be one.
  ReaderOptions na;
  na.extra_na = {"-1"};
  CHECK(only(kinds_of(plain, 8, na), '-'));
  // Not with a delimiter that a number can hold.
  ReaderOptions dot;
  dot.delimiter = '.';
  CHECK(only(kinds_of(plain, 8, dot), '-'));
  // Not over a file.
  const TempFile file("a,b\n1,2\n");
  const Reader reader(file.path());
  CHECK_FALSE(mlctl::csv::plain_block(reader).has_value());
}

TEST_CASE("plain block: field_columns, every field or the chosen ones") {
  CHECK(mlctl::csv::field_columns(3) == std::vector<int>{0, 1, 2});
  CHECK(mlctl::csv::field_columns(0).empty());
  const std::vector<std::size_t> chosen{3, 1};
  CHECK(mlctl::csv::field_columns(5, chosen) == std::vector<int>{-1, 1, -1, 0, -1});
  CHECK(mlctl::csv::field_columns(2, {}) == std::vector<int>{-1, -1});
}

TEST_CASE("plain block: read_plain_block reads a plain block whole, or leaves it to the Reader") {
  // Block by block: the records read in one pass (the Reader then has none left), else the
  // Reader's own rows. Both give the same fields, and every row is read once.
  const auto read = [](const std::string& content) {
    const TempFile file(content);
    Reader reader(file.path(), blocks_of(16));
    std::vector<std::string> fields;
    std::uint64_t rows = 0, plain_blocks = 0;
    mlctl::csv::read_blocks<std::vector<std::string>>(
        reader, 2,
        [](Reader& block) {
          FieldRecorder recorder;
          const std::vector<std::size_t> chosen{1};
          const auto read_rows = mlctl::csv::read_plain_block(
              block, mlctl::csv::field_columns(block.header().size(), chosen), recorder);
          std::vector<std::string> out;
          if (read_rows) {
            mlctl::csv::Row row;
            CHECK_FALSE(block.next(row));  // the Reader has no record left
            CHECK(block.rows_read() == *read_rows);
            out = recorder.fields;
            out.push_back("plain");
          } else {
            mlctl::csv::Row row;
            while (block.next(row)) {
              out.push_back(std::to_string(row.line) + " 0 " + std::string(row.fields[1]));
              out.push_back(std::to_string(row.line) + " end");
            }
          }
          return out;
        },
        [&](std::vector<std::string>&& block_fields) {
          if (!block_fields.empty() && block_fields.back() == "plain") {
            ++plain_blocks;
            block_fields.pop_back();
          }
          for (const std::string& field : block_fields) {
            if (field.ends_with(" end")) {
              ++rows;
            } else {
              fields.push_back(field);
            }
          }
        });
    return std::tuple(fields, rows, plain_blocks);
  };
  std::string content = "a,b,c\n";
  for (int i = 0; i < 12; ++i) content += std::to_string(i) + ",x" + std::to_string(i) + ",2.5\n";
  const auto [fields, rows, plain_blocks] = read(content);
  CHECK(rows == 12);
  CHECK(plain_blocks > 1);
  CHECK(fields.front() == "2 0 x0");
  CHECK(fields.back() == "13 0 x11");
  // A blank line: given up, the Reader reads those blocks (and skips the line).
  const auto [blank_fields, blank_rows, blank_plain] = read("a,b,c\n1,y,3\n\n4,z,6\n");
  CHECK(blank_rows == 2);
  CHECK(blank_plain == 0);
  CHECK(blank_fields == std::vector<std::string>{"2 0 y", "4 0 z"});
}

TEST_CASE(
    "plain block: read_chosen_fields hands over the same fields in one pass or by the Reader") {
  // The chosen fields of each record, then its end, whether the block is read in one pass or,
  // after a blank line makes the one-pass read give up (restart called), by the Reader.
  const auto read = [](const std::string& content, int& restarts) {
    const TempFile file(content);
    Reader reader(file.path(), blocks_of(8));
    std::vector<std::string> events;
    mlctl::csv::read_blocks<std::vector<std::string>>(
        reader, 2,
        [&restarts](Reader& block) {
          FieldRecorder recorder;
          const std::vector<std::size_t> chosen{0, 2};
          mlctl::csv::read_chosen_fields(block, chosen, recorder, [&] {
            ++restarts;
            recorder.fields.clear();
          });
          return recorder.fields;
        },
        [&](std::vector<std::string>&& block) {
          events.insert(events.end(), block.begin(), block.end());
        });
    return events;
  };
  const std::vector<std::string> expected{"2 0 1", "2 1 x", "2 end", "3 0 4", "3 1 \"",
                                          "3 end", "4 0 7", "4 1 z", "4 end"};
  int restarts = 0;
  CHECK(read("a,b,c\n1,2,x\n4,5,\"\"\"\"\n7,8,z\n", restarts) == expected);
  CHECK(restarts == 0);  // every block read in one pass
  // The one-pass read gives up at the blank line: the Reader gives the same fields, lines on.
  const std::vector<std::string> after_blank{"2 0 1", "2 1 x", "2 end", "4 0 4", "4 1 \"",
                                             "4 end", "5 0 7", "5 1 z", "5 end"};
  CHECK(read("a,b,c\n1,2,x\n\n4,5,\"\"\"\"\n7,8,z\n", restarts) == after_blank);
  CHECK(restarts == 1);  // the block with the blank line only
}
