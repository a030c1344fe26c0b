// The Reader's record scanner: splits the record at `begin` into fields, by the syntax of
// csv/syntax.hpp, and gives every error of a malformed record with its line and field number.
// The buffer it scans is kept in reader.cpp (reader_impl.hpp explains the NUL sentinel).

#include <algorithm>

#include <fmt/format.h>

#include "csv/reader_impl.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv {

// Reads the next record into fields/count; false at the end of the input.
bool Reader::Impl::read_record() {
  for (;;) {
    skip_blank_lines();
    if (begin == end) return false;
    const Scan scanned = options.trim ? scan_record<true>() : scan_record<false>();
    if (scanned == Scan::record) return true;
    if (scanned == Scan::need_more) refill();
  }
}

bool Reader::next(Row& row) {
  if (!impl_->read_record()) return false;
  ++impl_->rows;
  row.fields = {impl_->fields.data(), impl_->fields.size()};
  row.line = impl_->record_line;
  return true;
}

void Reader::Impl::throw_unterminated(std::uint64_t opened_on) const {
  if (ends_at_cut) {
    // The cut was placed by counting quotes (csv/share.hpp), which a quote inside an unquoted
    // field (5"2) upsets: the reading from the file's start would go on past it.
    throw Error(ErrorKind::data,
                "quoted field runs past where the input was split between processes: a quote "
                "inside an unquoted field earlier in the file upsets the split (quote that "
                "field, writing its quote twice, or use one process)",
                at(opened_on, count + 1));
  }
  throw Error(ErrorKind::data, "unterminated quoted field (opened here)", at(opened_on, count + 1));
}

void Reader::Impl::throw_nul(std::uint64_t at_line, std::size_t field) const {
  throw Error(ErrorKind::data, "NUL byte in input (is this a binary file?)", at(at_line, field));
}
void Reader::Impl::throw_too_long(std::uint64_t at_line, std::size_t field) const {
  throw Error(ErrorKind::data,
              fmt::format("field is longer than {} bytes (raise the limit with --max-field-size)",
                          options.max_field_bytes),
              at(at_line, field));
}

// The scan stopped at the end of the buffered data, in a field starting at `partial`.
Reader::Impl::Scan Reader::Impl::need_more(const char* partial, std::uint64_t partial_line) const {
  check_length(partial, bytes + end, partial_line);
  return Scan::need_more;
}

// A field beyond the slots in `fields` (cold path).
void Reader::Impl::extra_field(std::string_view field) {
  if (count >= options.max_columns) {
    if (reading_header) {
      throw Error(ErrorKind::data,
                  fmt::format("more than {} columns (raise the limit with --max-columns)",
                              options.max_columns),
                  at(record_line, count + 1));
    }
    throw Error(ErrorKind::data,
                fmt::format("expected {} fields (as in the header), found more than {}",
                            fields.size(), options.max_columns),
                at(record_line, fields.size() + 1));
  }
  if (!reading_header) return;  // counted only; the record is refused at its end
  fields.resize(std::min(std::max<std::size_t>(16, 2 * fields.size()), options.max_columns));
  fields[count] = field;
}

// False when the record is skipped (a ragged record reported to `ragged`).
bool Reader::Impl::finish_record() {
  if (!reading_header && count != fields.size()) {
    if (ragged) {
      ragged(record_line, count);
      return false;
    }
    throw Error(ErrorKind::data,
                fmt::format("expected {} fields (as in {}), found {}", fields.size(),
                            options.header ? "the header" : "--columns", count),
                at(record_line, std::min(count, fields.size()) + 1));
  }
  if (!to_unescape.empty()) unescape();
  if (options.decimal != '.' && !reading_header) rewrite_decimals();
  return true;
}

// From `p`, just after a quoted field's opening quote (opened on line `opened_on`): its closing
// quote, or nullptr when the buffered data ends before it is known. Counts the lines inside the
// field in `ln` and notes doubled quotes (`doubled`, doubled_quotes). Part of scan_record's loop.
[[gnu::always_inline]] inline const char* Reader::Impl::closing_quote(const char* p,
                                                                      std::uint64_t opened_on,
                                                                      std::uint64_t& ln,
                                                                      bool& doubled) {
  const char* const stop = bytes + end;  // *stop is the NUL sentinel
  const char* const first = p;
  for (;;) {
    p = quoted_scan.find(p);
    const char c = *p;
    if (c == syntax::kQuote) {
      if (p + 1 == stop && !eof) return nullptr;  // a doubled quote or a closing one?
      if (!syntax::is_doubled_quote(p)) return p;
      doubled = true;
      doubled_quotes.push_back(p);
      p += 2;
    } else if (syntax::is_line_break(c)) {
      if (!syntax::continues_line_break(p[-1], c)) ++ln;
      ++p;
    } else if (p != stop) {
      // A field too long before the NUL is too long, however much of it a read brought.
      check_length(first, p, opened_on);
      throw_nul(ln, count + 1);
    } else if (!eof) {
      return nullptr;
    } else {
      check_length(first, p, opened_on);  // the same error whatever the block size
      throw_unterminated(opened_on);
    }
  }
}

// The Reader's hot loop, over the size limit on purpose: every byte of a sequential read passes
// through it (and of a parallel read that is not plain, csv/plain_block.hpp), so it stays one
// function whose locals (p, ln, count, the slots) live in registers. Only the quoted field's
// loop is apart (closing_quote, always inlined); measured with it apart, `describe --threads 1`
// used the same user time as before (mixed_1M.csv 1.03 s, a quoted 500k-row file 0.49/0.46 s).
// `Trim`: spaces and tabs around unquoted fields are dropped, and around quoted ones skipped.
template <bool Trim>
Reader::Impl::Scan Reader::Impl::scan_record() {
  const char* const data = bytes;
  const char* const stop = data + end;  // *stop is the NUL sentinel
  const char* p = data + begin;
  const ByteScan& plain = unquoted_scan;
  const char delim = delimiter;
  std::uint64_t ln = line;
  record_line = line;
  count = 0;
  to_unescape.clear();
  doubled_quotes.clear();
  std::string_view* slots = fields.data();
  std::size_t slot_count = fields.size();

  const auto store = [&](const char* first, const char* last) {
    const std::string_view field(first, static_cast<std::size_t>(last - first));
    if (count < slot_count) {
      slots[count] = field;
    } else {
      extra_field(field);
      slots = fields.data();
      slot_count = fields.size();
    }
    ++count;
  };

  char c;
  for (;;) {
    if constexpr (Trim) {
      while (syntax::is_blank(*p, delim)) ++p;
    }
    if (*p != syntax::kQuote) {
      const char* const first = p;
      p = plain.find(p);
      c = *p;
      if (c == syntax::kNul) {
        if (p != stop) {
          // As need_more would have found: too long before the NUL is too long.
          check_length(first, p, ln);
          throw_nul(ln, count + 1);
        }
        if (!eof) return need_more(first, ln);
      }
      check_length(first, p, ln);
      if constexpr (Trim) {
        const char* last = p;
        while (last != first && syntax::is_blank(last[-1], delim)) --last;
        store(first, last);
      } else {
        store(first, p);
      }
      if (c == delim) {
        ++p;
        continue;
      }
      break;  // a line break or the end of the input
    }

    const char* const first = ++p;
    const std::uint64_t opened_on = ln;
    bool doubled = false;
    p = closing_quote(p, opened_on, ln, doubled);
    if (p == nullptr) return need_more(first, opened_on);
    check_length(first, p, opened_on);
    if (doubled) to_unescape.push_back(count);
    store(first, p);
    c = *++p;  // after the closing quote
    if constexpr (Trim) {
      while (syntax::is_blank(c, delim)) c = *++p;
    }
    if (c == delim) {
      ++p;
      continue;
    }
    if (syntax::is_line_break(c)) break;
    if (p == stop) {
      if (!eof) return need_more(first, opened_on);
      break;
    }
    if (c == syntax::kNul) throw_nul(ln, count);
    throw Error(ErrorKind::data,
                "unexpected text after a closing quote (a quote inside a quoted field is "
                "written as two quotes)",
                at(ln, count));
  }

  // The record ended at c: a line break, or the end of the input.
  if (syntax::is_line_break(c)) {
    ++ln;
    ++p;
    after_cr = c == '\r';
  }
  begin = static_cast<std::size_t>(p - data);
  line = ln;
  return finish_record() ? Scan::record : Scan::skipped;
}

}  // namespace mlctl::csv
