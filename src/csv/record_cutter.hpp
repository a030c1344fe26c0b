#pragma once
// Where records end in a stream of CSV bytes, by the reader's own quoting rules (a quote opens
// a quoted field only at the start of a field), so that the block reader can cut its input
// into blocks of whole records; and how many lines a block spans. Internal to src/csv/.

#include <cstddef>
#include <cstdint>

#include "csv/byte_scan.hpp"

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
  bool ends_field(char c) const { return c == delimiter_ || c == '\n' || c == '\r'; }
  void scan_states(const char* data, std::size_t size, bool at_end);

  bool is_blank(char c) const { return trim_ && (c == ' ' || c == '\t') && c != delimiter_; }

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
};

// The physical lines data[0, size) spans: LF, CRLF and lone CR each end one, inside quotes too.
// `after_cr`: the byte before data[0] was a CR, so an LF at data[0] belongs to it.
std::uint64_t line_breaks(const char* data, std::size_t size, bool after_cr);

}  // namespace mlctl::csv::detail
