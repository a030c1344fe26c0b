#pragma once
// The CSV dialect's syntax, defined once: which bytes end a field and a record, what opens and
// closes a quoted field and how a quote is written inside one, which blanks --trim drops, which
// delimiters are allowed, and how physical lines are counted. Internal to src/csv/.
//
// Four loops read this syntax, each for its own question, and every byte test they make is one
// of these functions:
// - the Reader's record scanner (record_scan.cpp) splits records into fields, with every error;
// - RecordCutter (record_cutter.hpp) only finds where records end, so that the thread reading
//   the input can cut it into blocks for the workers;
// - read_plain_records (plain_block.hpp) reads blocks this syntax has nothing special in (no
//   quote, no CR: see LineScan::plain) in one pass with the number parser;
// - sniff_delimiter (dialect.cpp) counts the fields of a few sample records.
// They stay separate loops because their costs differ by multiples on the hot path (see
// record_cutter.hpp and plain_block.hpp); what they share is the syntax below, so that a change
// to the dialect is made here and the loops' unit tests (tests/csv/) show where it reaches.

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "csv/byte_scan.hpp"

namespace mlctl::csv::syntax {

// A quote opens a quoted field only as the field's first byte (after the blanks --trim drops).
// Inside, two quotes stand for one, and a single quote closes the field; the delimiter, line
// breaks and any other byte (but NUL) are data there. After the closing quote only --trim's
// blanks, the delimiter or the end of the record may follow.
inline constexpr char kQuote = '"';

// `quote` points at a quote inside a quoted field (a byte follows it): true when it is the first
// of a doubled quote, which stands for one quote, false when it closes the field.
[[gnu::always_inline]] inline bool is_doubled_quote(const char* quote) {
  return quote[1] == kQuote;
}

// Records end with LF, CR or CRLF (the CR and the LF make one line break); inside quoted fields
// these are data but still count as physical lines. A line break at the start of a record ends
// a blank line, which is no record.
[[gnu::always_inline]] inline constexpr bool is_line_break(char c) {
  return c == '\n' || c == '\r';
}
// True when `c` (an LF) belongs to the line break `previous` started (a CR): no new line.
[[gnu::always_inline]] inline constexpr bool continues_line_break(char previous, char c) {
  return previous == '\r' && c == '\n';
}

// The bytes that end an unquoted field.
[[gnu::always_inline]] inline constexpr bool ends_field(char c, char delimiter) {
  return c == delimiter || is_line_break(c);
}

// NUL is never data: the reader refuses it (a binary file). The scans also stop at the NUL
// sentinel after the buffered bytes, which is where a scan tells the two apart.
inline constexpr char kNul = '\0';

// --trim: spaces and tabs around a field are dropped (never the delimiter itself, so a tab stays
// a separator in a TSV).
[[gnu::always_inline]] inline constexpr bool is_blank(char c, char delimiter) {
  return (c == ' ' || c == '\t') && c != delimiter;
}

// A delimiter the syntax can hold: not the quote and not a line break.
inline constexpr bool can_delimit(char c) {
  return c != kQuote && !is_line_break(c);
}

// Where a run of ordinary bytes ends, outside quotes (the delimiter, LF, CR or NUL) and inside
// them (the quote, LF, CR or NUL).
inline ByteScan unquoted_scan(char delimiter) {
  return ByteScan(delimiter);
}
inline ByteScan quoted_scan() {
  return ByteScan(kQuote);
}

// True when data[0, size) holds no quote: then no field is quoted and every line break ends a
// record.
inline bool holds_no_quote(const char* data, std::size_t size) {
  return std::memchr(data, kQuote, size) == nullptr;
}

struct LineScan {
  // The physical lines data[0, size) spans: LF, CRLF and lone CR each end one, inside quotes
  // too.
  std::uint64_t lines = 0;
  // The bytes hold nothing but unquoted fields and LF line breaks: no quote and no CR. There a
  // record is its bytes up to the next LF and a field up to the next delimiter.
  bool plain = false;
};
// Both in one pass: the block reader's feeding thread counts every block's lines, and whether
// it is plain is then known without another pass on the worker. `after_cr`: the byte before
// data[0] was a CR, so an LF at data[0] belongs to it.
LineScan scan_lines(const char* data, std::size_t size, bool after_cr);

inline std::uint64_t line_breaks(const char* data, std::size_t size, bool after_cr) {
  return scan_lines(data, size, after_cr).lines;
}

}  // namespace mlctl::csv::syntax
