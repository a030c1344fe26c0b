#pragma once
// How often each distinct text occurs: a categorical column's counts (stats/
// column_accumulator.hpp), added to once per value read, so the lookup is the hot path.
//
// Open addressing over an array of entry numbers, by xxh3 (inlined: it runs once per value).
// An entry keeps its text's first and last eight bytes, which for a text of up to 16 bytes are
// the whole text: such texts (most labels) are compared as two words, with no call to memcmp. The
// entries keep the order in which their texts first came; nothing that reads them depends on it.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

// xxh3 compiled into the caller rather than called in the library: for a label of a few bytes
// the call would cost more than the hash.
#define XXH_INLINE_ALL
#include <xxhash.h>
#undef XXH_INLINE_ALL

namespace mlctl::stats {

class TextCounts {
 public:
  // Counts `text` `count` more times.
  void add(std::string_view text, std::uint64_t count = 1) {
    const Key key = key_of(text);
    if (!slots_.empty()) {
      for (std::size_t at = key.hash >> shift_;; at = (at + 1) & (slots_.size() - 1)) {
        const std::uint32_t entry = slots_[at];
        if (entry == 0) break;
        Entry& e = entries_[entry - 1];
        if (e.key.hash == key.hash && e.key.head == key.head && e.key.tail == key.tail &&
            e.text.size() == text.size() &&
            (text.size() <= 16 || std::memcmp(e.text.data(), text.data(), text.size()) == 0)) {
          e.count += count;
          return;
        }
      }
    }
    insert(key, text, count);
  }

  std::size_t size() const { return entries_.size(); }  // distinct texts
  template <typename Visit>                             // visit(text, count) for each distinct text
  void for_each(const Visit& visit) const {
    for (const Entry& e : entries_) visit(std::string_view(e.text), e.count);
  }

 private:
  struct Key {
    std::uint64_t hash, head, tail;  // head, tail: the first and last 8 bytes, zero-padded
  };
  struct Entry {
    Key key;
    std::string text;
    std::uint64_t count;
  };

  static Key key_of(std::string_view text) {
    Key key{0, 0, 0};
    const std::size_t n = text.size();
    if (n >= 8) {
      std::memcpy(&key.head, text.data(), 8);
      std::memcpy(&key.tail, text.data() + n - 8, 8);
    } else if (n >= 4) {  // the bytes zero-padded, from two loads that may overlap
      std::uint32_t first, last;
      std::memcpy(&first, text.data(), 4);
      std::memcpy(&last, text.data() + n - 4, 4);
      key.head = first | (std::uint64_t{last} << (8 * (n - 4)));
    } else if (n > 0) {
      const auto byte = [&](std::size_t i) {
        return std::uint64_t{static_cast<unsigned char>(text[i])} << (8 * i);
      };
      key.head = byte(0) | byte(n / 2) | byte(n - 1);
    }
    key.hash = XXH3_64bits(text.data(), n);
    return key;
  }

  void insert(const Key& key, std::string_view text, std::uint64_t count);

  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;  // entry number + 1, 0 when free; a power of two in size
  int shift_ = 64;                    // a hash's slot is its top bits
};

}  // namespace mlctl::stats
