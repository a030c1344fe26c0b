#pragma once
// A fast path for the commonest block of read_blocks: records of plain fields, one per line
// (syntax::LineScan::plain in csv/syntax.hpp).
//
// The Reader splits every record into fields and its callers then parse the numbers among
// them: two passes over each field. Most blocks of a large CSV hold no quote, no CR and no
// blank line, and there one pass can do both: read_plain_records parses a number where it
// finds one and only searches for the end of the other fields. Whatever it cannot read exactly
// as the Reader would (a blank line, a record with another field count, a NUL byte, a field
// over --max-field-size) makes it give up; the caller then reads the block with the Reader,
// which gives the same rows or the error.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "csv/byte_scan.hpp"
#include "csv/number.hpp"
#include "csv/reader.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv {

struct PlainBlock {
  const char* first = nullptr;  // the block's bytes: [first, last), *last is a NUL sentinel
  const char* last = nullptr;   // followed by kScanPadding readable bytes
  std::uint64_t first_line = 1;
  char delimiter = ',';
  std::size_t fields = 0;  // per record, as in the header
  std::size_t max_field_bytes = 0;
};

// The bytes of `block`, a Reader that read_blocks handed to `work` and that has read no record
// yet, when they can be read plainly: no quote, no CR, not after a CR, not cut short by a limit,
// no extra missing-value tokens (a number could be one), a delimiter that cannot be part of
// a number, and neither --trim nor --decimal ,. nullopt otherwise (and for a Reader over a file).
std::optional<PlainBlock> plain_block(const Reader& block);

// After read_plain_records read all of its block: the Reader then has no more records and
// counts `rows` read, as if it had returned them.
void finish_plain_block(Reader& block, std::uint64_t rows);

// Reads every record of `block`. Field i goes to column column_of_field[i] when that is >= 0
// (and is skipped otherwise): sink.number(column, value, text, line) for a field that is a
// plain decimal (value = parse_number(text)), sink.field(column, text, line) for any other.
// sink.end_record(line) follows each record. Returns the number of records, or nullopt when
// the block must be read by the Reader instead (the sink's data is then to be thrown away).
template <class Sink>
std::optional<std::uint64_t> read_plain_records(const PlainBlock& block,
                                                std::span<const int> column_of_field, Sink& sink) {
  const ByteScan scan = syntax::unquoted_scan(block.delimiter);
  const char delimiter = block.delimiter;
  const std::size_t fields = block.fields;
  const char* p = block.first;
  const char* const last = block.last;
  std::uint64_t line = block.first_line;
  std::uint64_t rows = 0;
  while (p != last) {
    if (syntax::is_line_break(*p)) return std::nullopt;  // a blank line: the Reader skips it
    for (std::size_t i = 0; i < fields; ++i) {
      const char* const first = p;
      const int column = column_of_field[i];
      double value = 0;
      const char* stop = column >= 0 ? detail::parse_plain_decimal_prefix(p, value) : nullptr;
      const bool number = stop != nullptr && (syntax::ends_field(*stop, delimiter) ||
                                              (*stop == syntax::kNul && stop == last));
      p = number ? stop : scan.find(p);
      // *p is the delimiter, LF or NUL (no CR in a plain block).
      if (*p == syntax::kNul && p != last) return std::nullopt;  // the Reader's NUL error
      if (static_cast<std::size_t>(p - first) > block.max_field_bytes) return std::nullopt;
      const std::string_view text(first, static_cast<std::size_t>(p - first));
      if (number) {
        sink.number(column, value, text, line);
      } else if (column >= 0) {
        sink.field(column, text, line);
      }
      const bool last_field = i + 1 == fields;
      if (last_field ? *p == delimiter : *p != delimiter) return std::nullopt;  // field count
      if (p != last) ++p;  // past the delimiter or the line break
    }
    sink.end_record(line);
    ++line;
    ++rows;
  }
  return rows;
}

}  // namespace mlctl::csv
