// The line count of csv/syntax.hpp. The block reader's feeding thread counts the lines of every
// block it cuts, on the one thread all workers wait for, hence the SSE2 loop.
#include "csv/syntax.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mlctl::csv::syntax {

LineScan scan_lines(const char* data, std::size_t size, bool after_cr) {
  std::uint64_t lf = 0;
  std::uint64_t cr = 0;
  bool quote = false;
  std::size_t i = 0;
#if defined(__SSE2__)
  // Per-byte counters (a match subtracts -1), summed every 255 rounds before they wrap.
  const __m128i lf_byte = _mm_set1_epi8('\n');
  const __m128i cr_byte = _mm_set1_epi8('\r');
  const __m128i quote_byte = _mm_set1_epi8(kQuote);
  const __m128i zero = _mm_setzero_si128();
  const auto total = [&zero](__m128i counts) {
    const __m128i sums = _mm_sad_epu8(counts, zero);
    return static_cast<std::uint64_t>(_mm_cvtsi128_si32(sums)) +
           static_cast<std::uint64_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  };
  __m128i quotes = zero;
  while (i + 16 <= size) {
    __m128i lf_counts = zero;
    __m128i cr_counts = zero;
    for (int round = 0; round < 255 && i + 16 <= size; ++round, i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      lf_counts = _mm_sub_epi8(lf_counts, _mm_cmpeq_epi8(bytes, lf_byte));
      cr_counts = _mm_sub_epi8(cr_counts, _mm_cmpeq_epi8(bytes, cr_byte));
      quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(bytes, quote_byte));
    }
    lf += total(lf_counts);
    cr += total(cr_counts);
  }
  quote = _mm_movemask_epi8(quotes) != 0;
#endif
  for (; i < size; ++i) {
    lf += data[i] == '\n' ? 1 : 0;
    cr += data[i] == '\r' ? 1 : 0;
    quote |= data[i] == kQuote;
  }
  std::uint64_t crlf = 0;
  if (cr > 0) {
    for (const char* p = data; (p = static_cast<const char*>(std::memchr(
                                    p, '\r', static_cast<std::size_t>(data + size - p))));
         ++p) {
      if (p + 1 < data + size && continues_line_break(p[0], p[1])) ++crlf;
    }
  }
  const std::uint64_t lf_of_previous_cr =
      after_cr && size > 0 && continues_line_break('\r', data[0]) ? 1 : 0;
  return {lf + cr - crlf - lf_of_previous_cr, !quote && cr == 0};
}

}  // namespace mlctl::csv::syntax
