#pragma once
// Where records end in a stream of CSV bytes, by the syntax of csv/syntax.hpp, so that the block
// reader can cut its input into blocks of whole records. Internal to src/csv/.
//
// Why not the Reader's record scanner: the cutter runs on the one thread that feeds every worker,
// so it must not split fields. Without a quote in new bytes it finds the last line break with
// memrchr and is done. Otherwise it skips whole records by their quotes and line breaks alone
// (a quote opens a field only first in the record or after a delimiter), and a state machine
// that can stop at any byte and resume with more input reads the last record, which the data
// may cut (the scanner instead rescans a record from its start, and keeps every field).

#include <cstddef>
#include <cstdint>

#include "csv/byte_scan.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv::detail {

class RecordCutter {
 public:
  // `trim`: spaces and tabs before a field's opening quote and after its closing one are
  // skipped (ReaderOptions::trim).
  RecordCutter(char delimiter, std::size_t max_field_bytes, std::size_t max_columns,
               bool trim = false);

  // Scans the bytes of data[0, size) not scanned yet; data[size] is a NUL sentinel followed by
  // kScanPadding readable bytes. `at_end`: no byte follows data[size - 1] in the input.
  // data[0] must start a record.
  void scan(const char* data, std::size_t size, bool at_end);

  // Just after the last record end found so far (a line break outside quotes); 0 if none.
  std::size_t boundary() const { return boundary_; }

  // The record being scanned has a field longer than the limit or more fields than the column
  // limit: the reader reading the bytes so far fails, with the sequential reader's error.
  bool over_limits() const;

  // The first `count` bytes (count == boundary()) were cut off: the next scan is of the rest.
  void drop(std::size_t count);

 private:
  enum class State { field_start, unquoted, quoted, after_quote };

  // At a line break outside quotes at data[p]; false when it is a CR that ends the data before
  // the end of the input (an LF may follow, making it one line break).
  bool end_record(const char* data, std::size_t size, bool at_end, std::size_t& p);
  // At data[p], a delimiter (the field ends) or a line break (the record ends, as end_record).
  bool end_field(const char* data, std::size_t size, bool at_end, std::size_t& p);
  bool ends_field(char c) const { return syntax::ends_field(c, delimiter_); }
  // The state machine, from scanned_ to the end of the data, or with `one_record` to the end
  // of the record it is in.
  void scan_states(const char* data, std::size_t size, bool at_end, bool one_record);
  // From a record's start at scanned_, past the records that end in the data, found by their
  // quotes and line breaks alone; stops at the start of the last one (or at a CR the data ends
  // with). Not with --trim, where blanks may come before an opening quote.
  void skip_records(const char* data, std::size_t size, bool at_end);

  bool is_blank(char c) const { return trim_ && syntax::is_blank(c, delimiter_); }

  char delimiter_;
  bool trim_;
  std::size_t max_field_bytes_;
  std::size_t max_columns_;
  ByteScan unquoted_;
  ByteScan quoted_;

  State state_ = State::field_start;
  std::size_t scanned_ = 0;
  std::size_t size_ = 0;
  std::size_t boundary_ = 0;
  std::size_t field_begin_ = 0;   // the current field's first byte (after an opening quote)
  std::size_t fields_ended_ = 0;  // fields of the current record that a delimiter ended
  std::uint64_t records_ = 0;     // records ended so far
};

}  // namespace mlctl::csv::detail
