#pragma once
// Streaming RFC 4180 CSV reader: the floor under every subcommand.
//
// Reads a file or stdin ("-") in large blocks; a record's fields are string_views into the
// reader's own buffers (the input bytes, or a side buffer for quoted fields holding doubled
// quotes), valid until the next call to next(). Memory is bounded by the block size plus the
// longest record, never by the file size. csv/block_reader.hpp reads on several threads.
//
// Rules (docs/csv-input.md):
// - gzip and zstd input (found by its first bytes) is decompressed as it is read;
// - a header row names the columns (or Dialect::columns does, with header = false); an
//   optional UTF-8 BOM before it is skipped;
// - fields are separated by the delimiter (',' by default; '\t' for *.tsv/*.tab; or sniffed,
//   see sniff_delimiter); quoted fields may hold delimiters, doubled quotes ("") and line
//   breaks; with Dialect::trim, spaces and tabs around fields are dropped (a quote after them
//   still opens a quoted field);
// - with Dialect::decimal ',', numbers written with a decimal comma are handed on with a point
//   ("1,5" as "1.5", so parse_number reads them); a field that reads as a number with a point
//   is an error (ambiguous: 1.234 may be a thousand and more); other text is left as written;
// - records end with LF, CRLF or a lone CR; completely blank lines are skipped;
// - every record has exactly as many fields as the header (see skip_ragged_records).
// Violations throw mlctl::Error(ErrorKind::data) naming the file, the 1-based line and, where it
// applies, the 1-based field number: too many/few fields, an unterminated quote, a NUL byte, an
// empty file, an empty or duplicate or non-UTF-8 column name, a field or column count over the
// configured limits (the message names the flag that raises the limit).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv/byte_range.hpp"
#include "csv/dialect.hpp"
#include "csv/missing.hpp"
#include "csv/number.hpp"

namespace mlctl::csv {

namespace detail {
struct BlockBytes;  // csv/block_bytes.hpp
}  // namespace detail

// An input already in memory (a request's body, say), read as a file holding those bytes would
// be (compressed too), named `name` in messages. The bytes must outlive the Reader.
struct MemoryInput {
  std::string_view bytes;
  std::string name;
};

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

// The rows the whole input holds, extrapolated from a read partly done (2% over, so that room
// reserved from it rarely grows); none when the input has no size, or nothing or all of it was
// read. For room sized before the rows are in: an estimate, never a bound.
std::optional<std::uint64_t> estimated_rows(const ReadProgress& read);

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
  // Over bytes in memory: the same rows and errors as over a file of those bytes, without a
  // system call to read them.
  explicit Reader(const MemoryInput& input, ReaderOptions options = {});
  // Over `range` of the file `path` only (csv/byte_range.hpp): no header is read (the range's
  // names are the header), the rows and their line numbers are those the Reader of the whole
  // file returns for records in the range, and so are the errors, with one more: a quoted field
  // open at a cut `end` (Error(data)). A Reader over the range with an empty range returns no rows.
  Reader(const std::string& path, const ByteRange& range, ReaderOptions options);
  ~Reader();
  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const std::vector<std::string>& header() const;
  // The name used in messages: the path as given, or "<stdin>".
  const std::string& display_name() const;
  // The delimiter in use: the one asked for, or the one chosen by the file name or sniffed.
  char delimiter() const;

  // From now on, a record with more or fewer fields than the header is not an error: it is
  // reported to `report` (its first line, its field count) and skipped; next() returns the
  // records after it. For lint-data, which lists them. Only next() on this Reader reports;
  // the block readers of csv/block_reader.hpp still refuse such a record.
  void skip_ragged_records(std::function<void(std::uint64_t line, std::size_t fields)> report);

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
  // For progress lines: for a compressed input, `bytes` counts the compressed bytes read (as
  // total_bytes() does), while bytes_read() and input_hash() are of the decompressed data.
  ReadProgress progress() const;

  // The part of its file this Reader reads; nullptr when it reads the whole input.
  const ByteRange* range() const;

  // The options read with (the delimiter as chosen is delimiter()).
  const ReaderOptions& options() const;
  // True when the input is decompressed as it is read (its size says little of its data).
  bool compressed() const;
  // True for a Reader over a MemoryInput: there is no file to open again.
  bool in_memory() const;

  // ---- One input read by several Readers (csv/block_reader.hpp) ----
  // The block reader takes the input over after the header (take_rest, read_more), cuts it
  // into blocks of whole records, and has each block read by a Reader over it. Through these
  // calls every byte and row stays counted (and hashed) by this Reader.

  // The input after the records returned so far: the bytes read but not parsed and where they
  // stand. They are dropped from this Reader; the bytes after them are for read_more().
  struct Rest {
    std::string buffered;
    std::uint64_t line = 1;    // the physical line `buffered` starts on
    bool after_cr = false;     // the byte before `buffered` was a CR
    bool at_end = false;       // the input is exhausted
    std::uint64_t offset = 0;  // of the first byte of `buffered` in the input
  };
  Rest take_rest();
  // Reads up to `size` more input bytes into `into`, counted and hashed as this Reader's own;
  // 0 at the end of the input (and for a Reader over a block).
  std::size_t read_more(char* into, std::size_t size);
  // The records left were read without this Reader (by Readers over blocks of its input, or by
  // read_plain_records, csv/plain_block.hpp): it returns no more and counts `rows` more read.
  void mark_read(std::uint64_t rows);

  // A Reader over `block`, a block of whole records after the header, positioned at its first
  // record: the same rows, absolute line numbers and errors as the Reader of the whole input.
  explicit Reader(std::shared_ptr<const detail::BlockBytes> block);
  // The block this Reader reads; nullptr for a Reader over a file.
  const std::shared_ptr<const detail::BlockBytes>& block() const;

 private:
  struct Impl;
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
