#include "stats/text_counts.hpp"

#include <algorithm>
#include <bit>
#include <limits>

#include "common/error.hpp"

namespace mlctl::stats {

void TextCounts::insert(const Key& key, std::string_view text, std::uint64_t count) {
  if (entries_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
    throw Error(ErrorKind::internal, "describe: more than 4 billion distinct values in a column");
  }
  entries_.push_back({key, std::string(text), count});
  // At most half the slots taken: probes stay short.
  if (entries_.size() * 2 > slots_.size()) {
    const std::size_t slots = std::max<std::size_t>(16, slots_.size() * 2);
    slots_.assign(slots, 0);
    shift_ = 64 - std::countr_zero(slots);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::size_t at = entries_[i].key.hash >> shift_;
      while (slots_[at] != 0) at = (at + 1) & (slots - 1);
      slots_[at] = static_cast<std::uint32_t>(i + 1);
    }
    return;
  }
  std::size_t at = key.hash >> shift_;
  while (slots_[at] != 0) at = (at + 1) & (slots_.size() - 1);
  slots_[at] = static_cast<std::uint32_t>(entries_.size());
}

}  // namespace mlctl::stats
