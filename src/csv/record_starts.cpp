#include "csv/record_starts.hpp"

#include <algorithm>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "csv/offset_file.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv::detail {

namespace {

constexpr std::size_t kChunk = 1 << 20;

// The quotes in data[0, size), sixteen bytes at a time: std::count is not vectorised at -O2
// (measured: the cut pass took longer than reading the share).
std::uint64_t quotes_in(const char* data, std::size_t size) {
  std::uint64_t quotes = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  // Per-byte counters (a match subtracts -1), summed every 255 rounds before they wrap.
  const __m128i quote = _mm_set1_epi8(syntax::kQuote);
  const __m128i zero = _mm_setzero_si128();
  while (i + 16 <= size) {
    __m128i counts = zero;
    for (int round = 0; round < 255 && i + 16 <= size; ++round, i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(bytes, quote));
    }
    const __m128i sums = _mm_sad_epu8(counts, zero);
    quotes += static_cast<std::uint64_t>(_mm_cvtsi128_si32(sums)) +
              static_cast<std::uint64_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < size; ++i) quotes += data[i] == syntax::kQuote ? 1 : 0;
  return quotes;
}

}  // namespace

char byte_at(const std::string& path, std::uint64_t offset) {
  char byte = '\0';
  OffsetFile(path).read(&byte, 1, offset);
  return byte;
}

QuotesAndLines count_quotes_and_lines(const std::string& path, std::uint64_t begin,
                                      std::uint64_t end, bool after_cr) {
  QuotesAndLines counts;
  if (begin >= end) return counts;
  const OffsetFile file(path);
  std::vector<char> chunk(kChunk);
  for (std::uint64_t at = begin; at < end;) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, end - at));
    const std::size_t got = file.read(chunk.data(), want, at);
    if (got == 0) break;  // the file shrank; the Reader will see it
    counts.quotes += quotes_in(chunk.data(), got);
    counts.lines += syntax::line_breaks(chunk.data(), got, after_cr);
    after_cr = chunk[got - 1] == '\r';
    at += got;
  }
  return counts;
}

RecordStart next_record_start(const std::string& path, std::uint64_t at, std::uint64_t end,
                              std::uint64_t quotes, std::uint64_t line) {
  const OffsetFile file(path);
  std::vector<char> chunk(kChunk + 1);
  // chunk[0] is the byte before chunk[1]: the first is the one before `at`.
  if (file.read(chunk.data(), 1, at - 1) != 1) return {end, line, false};
  bool inside = quotes % 2 == 1;
  for (std::uint64_t p = at; p < end;) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, end - p));
    const std::size_t got = file.read(chunk.data() + 1, want, p);
    // One byte past the chunk is needed to tell a CR from a CRLF: the chunk is read up to the
    // byte after it, which the next round reads again as its first.
    for (std::size_t i = 1; i <= got; ++i) {
      const char previous = chunk[i - 1];
      const char c = chunk[i];
      if (!inside && syntax::is_line_break(previous) &&
          !syntax::continues_line_break(previous, c)) {
        return {p + i - 1, line, previous == '\r'};
      }
      if (c == syntax::kQuote) {
        inside = !inside;
      } else if (syntax::is_line_break(c) && !syntax::continues_line_break(previous, c)) {
        ++line;
      }
    }
    if (got < want || got == 0) return {end, line, false};
    chunk[0] = chunk[got];
    p += got;
  }
  // The end of the data is a record start; after_cr there matters to no one.
  return {end, line, chunk[0] == '\r'};
}

}  // namespace mlctl::csv::detail
