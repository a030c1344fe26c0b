#pragma once
// A fast path for the commonest blocks of read_blocks: records of plain or quoted fields, one
// per line.
//
// The Reader splits every record into fields and its callers then parse the numbers among
// them: two passes over each field. Most blocks of a large CSV hold no quote, no CR and no
// blank line (syntax::LineScan::plain), and there one pass can do both: read_plain_records
// parses a number where it finds one and only searches for the end of the other fields. Blocks
// with quoted fields (text with commas or doubled quotes) are read in one pass too, a quoted
// field's text handed over as the Reader would (its quotes off, doubled quotes made single).
// Whatever it cannot read exactly as the Reader would (a blank line, a record with another
// field count, a line break inside quotes, text after a closing quote, a NUL byte, a field
// over --max-field-size) makes it give up; the caller then reads the block with the
// Reader, which gives the same rows or the error.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "csv/byte_scan.hpp"
#include "csv/number.hpp"
#include "csv/reader.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv {

// How a plain decimal was written (csv/number.hpp): a sink's number() may take it.
using detail::DecimalForm;

struct PlainBlock {
  const char* first = nullptr;  // the block's bytes: [first, last), *last is a NUL sentinel
  const char* last = nullptr;   // followed by kScanPadding readable bytes
  std::uint64_t first_line = 1;
  char delimiter = ',';
  std::size_t fields = 0;  // per record, as in the header
  std::size_t max_field_bytes = 0;
  // The block may hold quotes or CRs (not syntax::LineScan::plain): read_plain_records then
  // reads quoted fields and CRLF or CR line breaks too.
  bool quoted = false;
};

// The bytes of `block`, a Reader that read_blocks handed to `work` and that has read no record
// yet, when they can be read in one pass: not after a CR, not cut short by a limit, no extra
// missing-value tokens (a number could be one), a delimiter that cannot be part of a number,
// and neither --trim nor --decimal ,. nullopt otherwise (and for a Reader over a file).
std::optional<PlainBlock> plain_block(const Reader& block);

// After read_plain_records read all of its block: the Reader then has no more records and
// counts `rows` read, as if it had returned them.
void finish_plain_block(Reader& block, std::uint64_t rows);

// The column_of_field of read_plain_records for records of `fields` fields: field chosen[k]
// to column k, the others skipped (each field chosen at most once). Without `chosen`, every
// field, field i to column i.
std::vector<int> field_columns(std::size_t fields);
std::vector<int> field_columns(std::size_t fields, std::span<const std::size_t> chosen);

namespace detail {

// Where a block's quoted fields with doubled quotes are made single: valid until the record
// ends, as a sink may hold a record's fields until then. Made at the first doubled quote of
// the block (a record's texts fit in the block's size).
struct Unescaped {
  std::size_t capacity = 0;
  std::unique_ptr<char[]> buffer;
  char* out = nullptr;  // where the next text goes

  void start_record() { out = buffer.get(); }
  char* room() {
    if (!buffer) {
      buffer = std::make_unique_for_overwrite<char[]>(capacity);
      out = buffer.get();
    }
    return out;
  }
};

// A quoted field's text as the Reader gives it, from `p` just after the opening quote: returns
// the closing quote, or nullptr where the Reader must decide (a line break, CR or NUL inside,
// or no closing quote in the block). With doubled quotes, the text is made in `unescaped`.
[[gnu::always_inline]] inline const char* read_quoted(const char* p, const ByteScan& scan,
                                                      Unescaped& unescaped,
                                                      std::string_view& text) {
  const char* const open = p;
  char* copy = nullptr;  // the text's first byte in `unescaped`, once a doubled quote is seen
  const char* run = p;   // the bytes not yet copied
  for (;;) {
    p = scan.find(p);
    if (*p != syntax::kQuote) return nullptr;
    if (!syntax::is_doubled_quote(p)) break;
    if (copy == nullptr) copy = unescaped.room();
    const auto n = static_cast<std::size_t>(p + 1 - run);  // up to and with one quote
    std::memcpy(unescaped.out, run, n);
    unescaped.out += n;
    p += 2;
    run = p;
  }
  if (copy == nullptr) {
    text = std::string_view(open, static_cast<std::size_t>(p - open));
    return p;
  }
  const auto n = static_cast<std::size_t>(p - run);
  std::memcpy(unescaped.out, run, n);
  unescaped.out += n;
  text = std::string_view(copy, static_cast<std::size_t>(unescaped.out - copy));
  return p;
}

template <bool Quoted, class Sink>
std::optional<std::uint64_t> read_records(const PlainBlock& block,
                                          std::span<const int> column_of_field, Sink& sink) {
  const ByteScan scan = syntax::unquoted_scan(block.delimiter);
  const ByteScan quoted = syntax::quoted_scan();
  const char delimiter = block.delimiter;
  const std::size_t fields = block.fields;
  const char* p = block.first;
  const char* const last = block.last;
  Unescaped unescaped{static_cast<std::size_t>(last - block.first), nullptr, nullptr};
  std::uint64_t line = block.first_line;
  std::uint64_t rows = 0;
  while (p != last) {
    if (syntax::is_line_break(*p)) return std::nullopt;  // a blank line: the Reader skips it
    if constexpr (Quoted) unescaped.start_record();
    for (std::size_t i = 0; i < fields; ++i) {
      const char* const first = p;
      const int column = column_of_field[i];
      if (Quoted && *p == syntax::kQuote) {
        std::string_view text;
        p = read_quoted(p + 1, quoted, unescaped, text);
        if (p == nullptr) return std::nullopt;
        // The Reader's limit on the bytes between the quotes, doubled quotes counted twice.
        if (static_cast<std::size_t>(p - first - 1) > block.max_field_bytes) return std::nullopt;
        ++p;  // past the closing quote: only the delimiter or the record's end may follow
        if (!syntax::ends_field(*p, delimiter) && !(*p == syntax::kNul && p == last)) {
          return std::nullopt;
        }
        if (column >= 0) sink.field(column, text, line);
      } else {
        double value = 0;
        DecimalForm form;
        const char* stop = column >= 0 ? parse_plain_decimal_prefix(p, value, form) : nullptr;
        const bool number = stop != nullptr && (syntax::ends_field(*stop, delimiter) ||
                                                (*stop == syntax::kNul && stop == last));
        p = number ? stop : scan.find(p);
        // *p is the delimiter, a line break or NUL (a quote inside a field is data).
        if (*p == syntax::kNul && p != last) return std::nullopt;  // the Reader's NUL error
        if (static_cast<std::size_t>(p - first) > block.max_field_bytes) return std::nullopt;
        const std::string_view text(first, static_cast<std::size_t>(p - first));
        if (number) {
          if constexpr (requires { sink.number(column, value, text, line, form); }) {
            sink.number(column, value, text, line, form);
          } else {
            sink.number(column, value, text, line);
          }
        } else if (column >= 0) {
          sink.field(column, text, line);
        }
      }
      const bool last_field = i + 1 == fields;
      if (last_field ? *p == delimiter : *p != delimiter) return std::nullopt;  // field count
      // A CR (only in a quoted block) ends the record as the Reader's line break: with the LF
      // after it, as one.
      if (Quoted && *p == '\r' && p[1] == '\n') ++p;
      if (p != last) ++p;  // past the delimiter or the line break
    }
    sink.end_record(line);
    ++line;
    ++rows;
  }
  return rows;
}

}  // namespace detail

// Reads every record of `block`. Field i goes to column column_of_field[i] when that is >= 0
// (and is skipped otherwise): sink.number(column, value, text, line) for a field that is a
// plain decimal (value = parse_number(text); a sink with number(column, value, text, line,
// form) gets how it was written too: csv/number.hpp), sink.field(column, text, line) for any other
// (a quoted field's text too, even when it is a number, as the Reader hands it over). Texts
// stay valid until sink.end_record(line), which follows each record. Returns the number of
// records, or nullopt when the block must be read by the Reader instead (the sink's data is
// then to be thrown away).
template <class Sink>
std::optional<std::uint64_t> read_plain_records(const PlainBlock& block,
                                                std::span<const int> column_of_field, Sink& sink) {
  return block.quoted ? detail::read_records<true>(block, column_of_field, sink)
                      : detail::read_records<false>(block, column_of_field, sink);
}

// plain_block, read_plain_records and finish_plain_block in one, for a caller that needs
// nothing of the PlainBlock: the records of `block`, read in one pass, the Reader then having
// none left. nullopt when the Reader must read the block instead (what `sink` received is
// then to be thrown away).
template <class Sink>
std::optional<std::uint64_t> read_plain_block(Reader& block, std::span<const int> column_of_field,
                                              Sink& sink) {
  const auto plain = plain_block(block);
  if (!plain) return std::nullopt;
  const auto rows = read_plain_records(*plain, column_of_field, sink);
  if (rows) finish_plain_block(block, *rows);
  return rows;
}

// Field chosen[k] of every record of `block` (a Reader that read_blocks handed to `work`, no
// record read yet) to sink column k, then sink.end_record(line): in one pass when the block is
// plain (read_plain_block), else by the Reader, every field through sink.field, after
// `restart()` has dropped what the one-pass read gave before it gave up. `chosen` ascending,
// so that both hand a record's fields over in the same order.
template <class Sink, class Restart>
void read_chosen_fields(Reader& block, std::span<const std::size_t> chosen, Sink& sink,
                        const Restart& restart) {
  if (read_plain_block(block, field_columns(block.header().size(), chosen), sink)) return;
  restart();
  Row row;
  while (block.next(row)) {
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      sink.field(static_cast<int>(k), row.fields[chosen[k]], row.line);
    }
    sink.end_record(row.line);
  }
}

}  // namespace mlctl::csv
