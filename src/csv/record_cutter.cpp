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
  if (trim_) {
    scan_states(data, size, at_end, false);
    return;
  }
  // Mid-record: the state machine finishes it; whole records are then skipped by their quotes
  // and line breaks alone, and the state machine takes the last one, which the data may cut
  // (its state is what over_limits and the next scan need).
  if (scanned_ != boundary_ || state_ != State::field_start) {
    scan_states(data, size, at_end, true);
    if (scanned_ != boundary_ || state_ != State::field_start) return;
  }
  skip_records(data, size, at_end);
  scan_states(data, size, at_end, false);
}

void RecordCutter::skip_records(const char* data, std::size_t size, bool at_end) {
  const char* const stop = data + size;  // *stop is the NUL sentinel
  const char* record = data + scanned_;  // the first byte of the record being skipped
  const char* p = record;
  for (;;) {
    p = quoted_.find(p);  // a quote, a line break or NUL
    if (p == stop) break;
    const char c = *p;
    if (c == '\n' || c == '\r') {
      if (c == '\r' && p + 1 == stop && !at_end) break;  // maybe a CRLF: the next byte tells
      record = ++p;
      continue;
    }
    if (c != kQuote || (p != record && p[-1] != delimiter_)) {
      ++p;  // a NUL byte (the reader reports it), or a quote inside an unquoted field: data
      continue;
    }
    // An opening quote: on to its closing one. Line breaks and delimiters inside are data.
    for (++p;; p += 2) {
      p = quoted_.find(p);
      while (*p != kQuote) {
        if (p == stop) break;
        p = quoted_.find(p + 1);
      }
      if (p == stop || (p + 1 == stop && !at_end)) break;  // the data ends inside, or may
      if (!syntax::is_doubled_quote(p)) break;
    }
    if (p == stop || (p + 1 == stop && !at_end)) break;
    ++p;  // after the closing quote: a delimiter, a line break, or text the reader reports
  }
  // Where it started was a record's start, so this is one too: past every record skipped.
  scanned_ = static_cast<std::size_t>(record - data);
  boundary_ = scanned_;
  field_begin_ = scanned_;
  fields_ended_ = 0;
}

bool RecordCutter::end_record(const char* data, std::size_t size, bool at_end, std::size_t& p) {
  if (data[p] == '\r' && p + 1 == size && !at_end) return false;
  ++p;
  ++records_;
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

void RecordCutter::scan_states(const char* data, std::size_t size, bool at_end, bool one_record) {
  std::size_t p = scanned_;
  const std::uint64_t records = records_;
  while (p < size) {
    if (one_record && records_ != records) {
      scanned_ = p;
      return;
    }
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
