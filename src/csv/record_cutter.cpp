#include "csv/record_cutter.hpp"

#include <cstring>

namespace mlctl::csv::detail {

using syntax::kQuote;

RecordCutter::RecordCutter(char delimiter, std::size_t max_field_bytes, std::size_t max_columns,
                           bool trim)
    : delimiter_(delimiter),
      trim_(trim),
      max_field_bytes_(max_field_bytes),
      max_columns_(max_columns),
      unquoted_(syntax::unquoted_scan(delimiter)),
      quoted_(syntax::quoted_scan()) {}

void RecordCutter::scan(const char* data, std::size_t size, bool at_end) {
  size_ = size;
  const std::size_t from = scanned_;
  if (from >= size) return;
  // Without a quote ahead (the common case), every line break ends a record: take the last.
  if ((state_ == State::field_start || state_ == State::unquoted) &&
      syntax::holds_no_quote(data + from, size - from)) {
    const auto* lf = static_cast<const char*>(::memrchr(data + from, '\n', size - from));
    const std::size_t after_lf = lf ? static_cast<std::size_t>(lf - data) + 1 : from;
    const auto* cr = static_cast<const char*>(::memrchr(data + after_lf, '\r', size - after_lf));
    std::size_t end = 0;
    // A CR last in the data may be the first half of a CRLF (syntax::continues_line_break).
    if (cr && (static_cast<std::size_t>(cr - data) + 1 < size || at_end)) {
      end = static_cast<std::size_t>(cr - data) + 1;
    } else if (lf) {
      end = after_lf;
    }
    if (end > 0) {
      boundary_ = end;
      scanned_ = end;
      field_begin_ = end;
      fields_ended_ = 0;
      state_ = State::field_start;
      return;  // the rest is scanned with the next bytes
    }
  }
  scan_states(data, size, at_end);
}

bool RecordCutter::end_record(const char* data, std::size_t size, bool at_end, std::size_t& p) {
  if (data[p] == '\r' && p + 1 == size && !at_end) return false;
  ++p;
  boundary_ = p;
  field_begin_ = p;
  fields_ended_ = 0;
  state_ = State::field_start;
  return true;
}

bool RecordCutter::end_field(const char* data, std::size_t size, bool at_end, std::size_t& p) {
  if (data[p] != delimiter_) return end_record(data, size, at_end, p);
  ++fields_ended_;
  state_ = State::field_start;
  ++p;
  return true;
}

void RecordCutter::scan_states(const char* data, std::size_t size, bool at_end) {
  std::size_t p = scanned_;
  while (p < size) {
    switch (state_) {
      case State::field_start:
        if (is_blank(data[p])) {
          ++p;  // --trim: a quote may follow
        } else if (data[p] == kQuote) {
          state_ = State::quoted;
          field_begin_ = ++p;
        } else {
          state_ = State::unquoted;
          field_begin_ = p;
        }
        break;
      case State::unquoted: {
        p = static_cast<std::size_t>(unquoted_.find(data + p) - data);
        if (p >= size) break;
        if (!ends_field(data[p])) {
          ++p;  // a NUL byte: the reader reports it
        } else if (!end_field(data, size, at_end, p)) {
          scanned_ = p;
          return;
        }
        break;
      }
      case State::quoted:
        p = static_cast<std::size_t>(quoted_.find(data + p) - data);
        if (p >= size) break;
        if (data[p] != kQuote) {
          ++p;  // a line break or NUL inside quotes
        } else if (p + 1 == size && !at_end) {
          scanned_ = p;  // a doubled quote or a closing one: the next byte tells
          return;
        } else if (p + 1 < size && syntax::is_doubled_quote(data + p)) {
          p += 2;
        } else {
          state_ = State::after_quote;
          ++p;
        }
        break;
      case State::after_quote:
        if (is_blank(data[p])) {
          ++p;
        } else if (!ends_field(data[p])) {
          state_ = State::unquoted;  // text after a closing quote: the reader reports it
        } else if (!end_field(data, size, at_end, p)) {
          scanned_ = p;
          return;
        }
        break;
    }
  }
  scanned_ = size;
}

bool RecordCutter::over_limits() const {
  if (fields_ended_ > max_columns_) return true;
  // Two bytes of slack: however the reader counts a quote at the end, the field is too long.
  return (state_ == State::unquoted || state_ == State::quoted) &&
         size_ - field_begin_ > max_field_bytes_ + 2;
}

void RecordCutter::drop(std::size_t count) {
  scanned_ -= count;
  size_ -= count;
  boundary_ = 0;
  field_begin_ -= count;
}

}  // namespace mlctl::csv::detail
