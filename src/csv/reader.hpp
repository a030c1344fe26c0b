#pragma once
// Streaming RFC 4180 CSV reader: the floor under every subcommand.
//
// Reads a file or stdin ("-") in large blocks; a record's fields are string_views into the
// reader's own buffers (the input bytes, or a side buffer for quoted fields holding doubled
// quotes), valid until the next call to next(). Memory is bounded by the block size plus the
// longest record, never by the file size. csv/block_reader.hpp reads on several threads.
//
// Rules (docs/csv-input.md):
// - a header row names the columns; an optional UTF-8 BOM before it is skipped;
// - fields are separated by the delimiter (',' by default; '\t' for *.tsv/*.tab when
//   the delimiter is left on auto); quoted fields may hold delimiters, doubled quotes ("")
//   and line breaks;
// - records end with LF, CRLF or a lone CR; completely blank lines are skipped;
// - every record has exactly as many fields as the header.
// Violations throw mlctl::Error(ErrorKind::data) naming the file, the 1-based line and, where it
// applies, the 1-based field number: too many/few fields, an unterminated quote, a NUL byte, an
// empty file, an empty or duplicate or non-UTF-8 column name, a field or column count over the
// configured limits (the message names the flag that raises the limit).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv/missing.hpp"
#include "csv/number.hpp"

namespace mlctl::csv {

namespace detail {
struct ReaderAccess;  // csv/reader_access.hpp: what the block reader needs of a Reader
}  // namespace detail

// How an input is to be read: what a model remembers of its training data (model::ReadSettings
// stores these fields) so that predict, retrain and lint-data -m read new data the same way.
struct Dialect {
  // '\0' = by the file name: tab for *.tsv / *.tab, else comma. kSniffDelimiter = sniffed from
  // the first lines among , ; tab | (--delimiter auto). A model stores the delimiter chosen.
  char delimiter = '\0';
  char decimal = '.';                 // ',' for decimal-comma files (--decimal ,)
  bool header = true;                 // false: --no-header, the names come from `columns`
  std::vector<std::string> columns;   // column names for headerless input
  bool trim = false;                  // --trim: spaces and tabs around unquoted fields dropped
  std::vector<std::string> extra_na;  // missing-value tokens in addition to the defaults
};
inline constexpr char kSniffDelimiter = '\x01';

struct ReaderOptions : Dialect {
  std::size_t block_size = 1 << 20;            // bytes per read(); tests use tiny blocks
  std::size_t parallel_block_size = 1u << 20;  // bytes per block of read_blocks; tests: tiny
  std::size_t max_field_bytes = 64u << 20;     // --max-field-size
  std::size_t max_columns = 16384;             // --max-columns
  bool hash_input = false;                     // keep an xxh3-64 of every byte read (fingerprints)
};

// How far a read has got, for progress lines (a plain value, so it can cross threads).
struct ReadProgress {
  std::uint64_t bytes = 0;
  std::optional<std::uint64_t> total_bytes;  // the input's size, when it has one
  std::uint64_t rows = 0;
};

// Rows between progress callbacks of a sequential read (read_table, describe, lint-data): rare
// enough to cost nothing, frequent enough for a line redrawn ten times a second.
inline constexpr std::uint64_t kProgressEveryRows = 1 << 14;

// One record. `fields` has exactly header().size() entries.
struct Row {
  std::span<const std::string_view> fields;
  std::uint64_t line = 0;  // 1-based line on which the record starts
};

class Reader {
 public:
  // Opens `path` ("-" = stdin) and reads the header. Throws Error(io) if the file cannot be
  // opened, Error(data) if the header is missing or invalid.
  explicit Reader(const std::string& path, ReaderOptions options = {});
  ~Reader();
  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const std::vector<std::string>& header() const;
  // The name used in messages: the path as given, or "<stdin>".
  const std::string& display_name() const;
  char delimiter() const;

  // Reads the next record into `row`; false at end of input. Throws Error(data) on a malformed
  // record, Error(io) on a read error.
  bool next(Row& row);

  // True for an empty field and for NA, N/A, NaN, null (any case) and the extra tokens.
  // Inline: it is asked of every field.
  bool is_missing(std::string_view field) const { return missing_->matches(field); }

  std::uint64_t bytes_read() const;                  // so far, for progress reporting
  std::optional<std::uint64_t> total_bytes() const;  // the file's size, when it has one
  std::uint64_t rows_read() const;                   // data records returned so far
  std::uint64_t input_hash() const;  // xxh3-64 of all bytes read (0 without hash_input)
  ReadProgress progress() const { return {bytes_read(), total_bytes(), rows_read()}; }

 private:
  friend struct detail::ReaderAccess;
  struct Impl;
  explicit Reader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  const MissingTokens* missing_;  // impl_'s, which stays where it is when a Reader is moved
};

// Parses a whole field as a finite double with std::from_chars (no leading '+', no spaces, no
// hex, no inf/nan). Returns nullopt when the field is not such a number.
// Inline: plain decimals take a fast path (csv/number.hpp) in the caller's loop.
[[gnu::always_inline]] inline std::optional<double> parse_number(std::string_view field) {
  double value = 0;
  // One optional built from (bool, double): merging two optionals made g++ pass them through
  // memory, a store-forwarding stall on every field.
  const bool parsed = detail::parse_plain_decimal(field, value) ||
                      (detail::may_be_number(field) && detail::parse_by_from_chars(field, value));
  return parsed ? std::optional<double>(value) : std::nullopt;
}

}  // namespace mlctl::csv
