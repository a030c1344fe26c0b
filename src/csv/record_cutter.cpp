#include "csv/record_cutter.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mlctl::csv::detail {

namespace {
constexpr char kQuote = '"';
}  // namespace

RecordCutter::RecordCutter(char delimiter, std::size_t max_field_bytes, std::size_t max_columns,
                           bool trim)
    : delimiter_(delimiter),
      trim_(trim),
      max_field_bytes_(max_field_bytes),
      max_columns_(max_columns),
      unquoted_(delimiter),
      quoted_(kQuote) {}

void RecordCutter::scan(const char* data, std::size_t size, bool at_end) {
  size_ = size;
  const std::size_t from = scanned_;
  if (from >= size) return;
  // Without a quote ahead (the common case), every line break ends a record: take the last.
  if ((state_ == State::field_start || state_ == State::unquoted) &&
      std::memchr(data + from, kQuote, size - from) == nullptr) {
    const auto* lf = static_cast<const char*>(::memrchr(data + from, '\n', size - from));
    const std::size_t after_lf = lf ? static_cast<std::size_t>(lf - data) + 1 : from;
    const auto* cr = static_cast<const char*>(::memrchr(data + after_lf, '\r', size - after_lf));
    std::size_t end = 0;
    // A CR last in the data may be the first half of a CRLF.
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
        } else if (p + 1 < size && data[p + 1] == kQuote) {
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

std::uint64_t line_breaks(const char* data, std::size_t size, bool after_cr) {
  std::uint64_t lf = 0;
  std::uint64_t cr = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  // Per-byte counters (a match subtracts -1), summed every 255 rounds before they wrap.
  const __m128i lf_byte = _mm_set1_epi8('\n');
  const __m128i cr_byte = _mm_set1_epi8('\r');
  const __m128i zero = _mm_setzero_si128();
  const auto total = [&zero](__m128i counts) {
    const __m128i sums = _mm_sad_epu8(counts, zero);
    return static_cast<std::uint64_t>(_mm_cvtsi128_si32(sums)) +
           static_cast<std::uint64_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  };
  while (i + 16 <= size) {
    __m128i lf_counts = zero;
    __m128i cr_counts = zero;
    for (int round = 0; round < 255 && i + 16 <= size; ++round, i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      lf_counts = _mm_sub_epi8(lf_counts, _mm_cmpeq_epi8(bytes, lf_byte));
      cr_counts = _mm_sub_epi8(cr_counts, _mm_cmpeq_epi8(bytes, cr_byte));
    }
    lf += total(lf_counts);
    cr += total(cr_counts);
  }
#endif
  for (; i < size; ++i) {
    lf += data[i] == '\n' ? 1 : 0;
    cr += data[i] == '\r' ? 1 : 0;
  }
  std::uint64_t crlf = 0;
  if (cr > 0) {
    for (const char* p = data; (p = static_cast<const char*>(std::memchr(
                                    p, '\r', static_cast<std::size_t>(data + size - p))));
         ++p) {
      if (p + 1 < data + size && p[1] == '\n') ++crlf;
    }
  }
  const std::uint64_t lf_of_previous_cr = after_cr && size > 0 && data[0] == '\n' ? 1 : 0;
  return lf + cr - crlf - lf_of_previous_cr;
}

}  // namespace mlctl::csv::detail
