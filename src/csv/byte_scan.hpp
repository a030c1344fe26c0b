#pragma once
// The tokenizer's inner loop: find the next byte that ends a run of ordinary bytes. Internal to
// src/csv/.

#include <array>
#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mlctl::csv {

// Bytes the scan may read past the NUL sentinel that ends the buffered data.
inline constexpr std::size_t kScanPadding = 16;

// The stop bytes are `special` plus LF, CR and NUL. A NUL sentinel must follow the data, with
// kScanPadding readable bytes after it.
class ByteScan {
 public:
  explicit ByteScan(char special) : special_(special) {
    for (const char c : {special, '\n', '\r', '\0'}) stops_[static_cast<unsigned char>(c)] = true;
  }

  bool is_stop(char c) const { return stops_[static_cast<unsigned char>(c)]; }

  // The first stop byte at or after p.
  const char* find(const char* p) const {
#if defined(__SSE2__)
    // Sixteen bytes at a time. LF, CR and NUL are all below 0x0E, so one unsigned compare
    // flags them (with the other control bytes, checked one by one), a second the special byte.
    const __m128i special = _mm_set1_epi8(special_);
    const __m128i below = _mm_set1_epi8(0x0D);
    for (;;) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(bytes, below), bytes);
      const auto mask = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(low, _mm_cmpeq_epi8(bytes, special))));
      if (mask == 0) {
        p += 16;
        continue;
      }
      p += __builtin_ctz(mask);
      if (is_stop(*p)) return p;
      ++p;  // a tab or another control byte that is data here
    }
#else
    while (!is_stop(*p)) ++p;
    return p;
#endif
  }

 private:
  char special_;
  std::array<bool, 256> stops_{};
};

}  // namespace mlctl::csv
