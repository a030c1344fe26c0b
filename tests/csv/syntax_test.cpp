// The dialect's syntax, defined once in csv/syntax.hpp for every tokenizer of src/csv/.

#include <cstdint>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "csv/byte_scan.hpp"
#include "csv/syntax.hpp"

namespace syntax = mlctl::csv::syntax;

namespace {

// `text` followed by a NUL sentinel and the padding a ByteScan may read.
std::string padded(std::string_view text) {
  std::string bytes(text);
  bytes.append(1 + mlctl::csv::kScanPadding, '\0');
  return bytes;
}

std::uint64_t lines_of(std::string_view text, bool after_cr = false) {
  return syntax::line_breaks(text.data(), text.size(), after_cr);
}

}  // namespace

TEST_CASE("syntax: a delimiter or a line break ends an unquoted field") {
  CHECK(syntax::ends_field(',', ','));
  CHECK(syntax::ends_field('\n', ','));
  CHECK(syntax::ends_field('\r', ';'));
  CHECK_FALSE(syntax::ends_field(';', ','));
  CHECK_FALSE(syntax::ends_field('"', ','));
  CHECK(syntax::is_line_break('\n'));
  CHECK(syntax::is_line_break('\r'));
  CHECK_FALSE(syntax::is_line_break('\t'));
}

TEST_CASE("syntax: two quotes stand for one inside a quoted field, one closes it") {
  const std::string doubled = padded("\"\"x");
  const std::string closing = padded("\",x");
  const std::string last = padded("\"");
  CHECK(syntax::is_doubled_quote(doubled.data()));
  CHECK_FALSE(syntax::is_doubled_quote(closing.data()));
  CHECK_FALSE(syntax::is_doubled_quote(last.data()));  // the sentinel follows
}

TEST_CASE("syntax: an LF after a CR is the same line break") {
  CHECK(syntax::continues_line_break('\r', '\n'));
  CHECK_FALSE(syntax::continues_line_break('\n', '\n'));
  CHECK_FALSE(syntax::continues_line_break('\r', '\r'));
  CHECK_FALSE(syntax::continues_line_break('a', '\n'));
}

TEST_CASE("syntax: --trim drops spaces and tabs, never the delimiter") {
  CHECK(syntax::is_blank(' ', ','));
  CHECK(syntax::is_blank('\t', ','));
  CHECK_FALSE(syntax::is_blank('\t', '\t'));
  CHECK_FALSE(syntax::is_blank(' ', ' '));
  CHECK_FALSE(syntax::is_blank('x', ','));
}

TEST_CASE("syntax: a quote or a line break cannot be the delimiter") {
  CHECK(syntax::can_delimit(','));
  CHECK(syntax::can_delimit('\t'));
  CHECK(syntax::can_delimit('|'));
  CHECK_FALSE(syntax::can_delimit('"'));
  CHECK_FALSE(syntax::can_delimit('\n'));
  CHECK_FALSE(syntax::can_delimit('\r'));
}

TEST_CASE("syntax: the scans stop where the syntax says a run of data ends") {
  const std::string text = padded("ab;c,d\"e\nf");
  const auto unquoted = syntax::unquoted_scan(',');
  const auto quoted = syntax::quoted_scan();
  CHECK(unquoted.find(text.data()) - text.data() == 4);  // the ','
  CHECK(quoted.find(text.data()) - text.data() == 6);    // the quote
  CHECK(syntax::unquoted_scan(';').find(text.data()) - text.data() == 2);
  const std::string breaks = padded("abc\rd");
  CHECK(unquoted.find(breaks.data()) - breaks.data() == 3);
  CHECK(quoted.find(breaks.data()) - breaks.data() == 3);
  const std::string nul = padded(std::string_view("ab\0c", 4));
  CHECK(unquoted.find(nul.data()) - nul.data() == 2);
}

TEST_CASE("syntax: plain bytes hold no quote and no CR") {
  const auto plain = [](std::string_view text) {
    return syntax::scan_lines(text.data(), text.size(), false).plain;
  };
  CHECK(plain("a,b\n1,2\n"));
  CHECK(plain(""));
  CHECK_FALSE(plain("a,\"b\"\n"));
  CHECK_FALSE(plain("a,b\r\n"));
  // Past the SSE2 loop's sixteen bytes: a quote or a CR in its part and in the tail after it.
  const std::string long_plain(40, 'x');
  CHECK(plain(long_plain));
  for (const std::size_t at : {0, 15, 16, 31, 32, 39}) {
    CAPTURE(at);
    for (const char c : {'"', '\r'}) {
      std::string text = long_plain;
      text[at] = c;
      CHECK_FALSE(plain(text));
    }
  }
  // 255 rounds of sixteen bytes, then more: the counters are summed, the quote kept.
  std::string many(16 * 300, 'x');
  many[16 * 280] = '"';
  CHECK_FALSE(plain(many));
  CHECK(syntax::holds_no_quote("a\r\n", 3));
  CHECK_FALSE(syntax::holds_no_quote("\"", 1));
}

TEST_CASE("syntax: LF, CRLF and lone CR each end one line, inside quotes too") {
  CHECK(lines_of("") == 0);
  CHECK(lines_of("a,b") == 0);
  CHECK(lines_of("a\nb\n") == 2);
  CHECK(lines_of("a\r\nb\r\n") == 2);
  CHECK(lines_of("a\rb\r") == 2);
  CHECK(lines_of("a\n\r\n\r\r\n") == 4);
  CHECK(lines_of("\"x\ny\"\n") == 2);
  CHECK(lines_of("\nb\n", true) == 1);  // the LF ends the CR before the data
  CHECK(lines_of("\rb\n", true) == 2);
  // Longer than the SSE2 loop's sixteen bytes, with a CRLF across its steps.
  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += i % 3 == 0 ? "field,12345\r\n" : "x,y\n";
  CHECK(lines_of(long_text) == 300);
  CHECK(lines_of(long_text + "\r") == 301);
}
