#include "stats/order_statistics.hpp"

#include <algorithm>
#include <bit>
#include <new>

#include "stats/number_key.hpp"

namespace mlctl::stats {
namespace {

// A bucket up to this size is counted in one hash table (at most 2 x 8 K slots, 128 KB);
// a larger one is split again.
constexpr std::size_t kSmall = 8192;

// The distinct keys of a small bucket, by open addressing in a table twice its size.
std::uint64_t count_small(std::span<const std::uint64_t> keys, std::vector<std::uint64_t>& table) {
  const auto slots = std::bit_ceil(keys.size() * 2);
  const int shift = 64 - std::countr_zero(slots);
  table.assign(slots, 0);
  std::uint64_t distinct = 0;
  for (const std::uint64_t key : keys) {
    std::size_t at = key_slot(key, shift);
    while (table[at] != 0 && table[at] != key) at = (at + 1) & (slots - 1);
    if (table[at] == 0) {
      table[at] = key;
      ++distinct;
    }
  }
  return distinct;
}

struct Wanted {
  std::size_t rank;  // within the keys at hand
  double* out;
};

std::uint64_t visit(std::span<std::uint64_t> keys, std::span<std::uint64_t> scratch,
                    std::span<const Wanted> wanted, std::vector<std::uint64_t>& table);

// Moves `keys` into `scratch` by the buckets `split` counted, then visits each bucket.
std::uint64_t partition(std::span<std::uint64_t> keys, std::span<std::uint64_t> scratch,
                        std::span<const Wanted> wanted, std::vector<std::uint64_t>& table,
                        KeySplit& split) {
  std::vector<std::size_t>& start = split.counts;
  for (std::size_t b = 1; b <= kBuckets; ++b) start[b] += start[b - 1];
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (const std::uint64_t key : keys) scratch[next[split.bucket(key)]++] = key;
  std::uint64_t distinct = 0;
  std::vector<Wanted> inner;
  for (std::size_t b = 0; b < kBuckets; ++b) {
    const std::size_t size = start[b + 1] - start[b];
    if (size == 0) continue;
    inner.clear();
    for (const Wanted& w : wanted) {
      if (w.rank >= start[b] && w.rank < start[b + 1]) inner.push_back({w.rank - start[b], w.out});
    }
    if (split.shift == 0 || size == 1) {  // one key only in the bucket
      for (const Wanted& w : inner) *w.out = number_of_key(scratch[start[b]]);
      ++distinct;
      continue;
    }
    distinct += visit(scratch.subspan(start[b], size), keys.subspan(start[b], size), inner, table);
  }
  return distinct;
}

// Counts the distinct `keys` and writes the value at each wanted rank; `scratch` is as large as
// `keys`, and both may be reordered.
std::uint64_t visit(std::span<std::uint64_t> keys, std::span<std::uint64_t> scratch,
                    std::span<const Wanted> wanted, std::vector<std::uint64_t>& table) {
  if (keys.size() <= kSmall) {
    for (const Wanted& w : wanted) {
      const auto nth = keys.begin() + static_cast<std::ptrdiff_t>(w.rank);
      std::nth_element(keys.begin(), nth, keys.end());
      *w.out = number_of_key(*nth);
    }
    return count_small(keys, table);
  }
  const auto [low, high] = std::minmax_element(keys.begin(), keys.end());
  if (*low == *high) {
    for (const Wanted& w : wanted) *w.out = number_of_key(*low);
    return 1;
  }
  KeySplit split(*low, *high);
  for (const std::uint64_t key : keys) split.add(key);
  return partition(keys, scratch, wanted, table, split);
}

std::vector<Wanted> wanted_ranks(std::span<const std::size_t> ranks, OrderStatistics& result) {
  result.at.assign(ranks.size(), 0.0);
  std::vector<Wanted> wanted;
  for (std::size_t i = 0; i < ranks.size(); ++i) wanted.push_back({ranks[i], &result.at[i]});
  return wanted;
}

}  // namespace

KeySplit::KeySplit(std::uint64_t least, std::uint64_t greatest)
    : first(least),
      one_key(least == greatest),
      shift(std::max(0, static_cast<int>(std::bit_width(greatest - least)) - kDigitBits)),
      counts(kBuckets + 1, 0) {}

void OrderWorkspace::reserve(std::size_t size, bool with_keys) {
  if (with_keys && key_capacity < size) {
    keys = std::make_unique_for_overwrite<std::uint64_t[]>(size);
    key_capacity = size;
  }
  if (scratch_capacity < size) {
    const std::size_t capacity = std::max(size, largest);
    scratch = std::make_unique_for_overwrite<std::uint64_t[]>(capacity);
    scratch_capacity = capacity;
  }
}

// 1024 slots to start with (16 KB), doubled up to 2 x kMost (512 KB).
FewKeys::FewKeys(std::vector<KeyCount>& table) : table_(table) {
  table_.assign(1024, {0, 0});
  slots_ = table_.data();
  mask_ = table_.size() - 1;
  shift_ = 64 - std::countr_zero(table_.size());
}

void FewKeys::grow() {
  if (distinct_ > kMost) {
    counting_ = false;
    return;
  }
  std::vector<KeyCount> seen;
  seen.reserve(distinct_);
  for (const KeyCount& slot : table_) {
    if (slot.key != 0) seen.push_back(slot);
  }
  table_.assign(table_.size() * 2, {0, 0});
  slots_ = table_.data();
  mask_ = table_.size() - 1;
  shift_ = 64 - std::countr_zero(table_.size());
  for (const KeyCount& entry : seen) {
    std::size_t at = key_slot(entry.key, shift_);
    while (slots_[at].key != 0) at = (at + 1) & mask_;
    slots_[at] = entry;
  }
}

std::span<const KeyCount> FewKeys::sorted() {
  const auto end = std::remove_if(table_.begin(), table_.end(),
                                  [](const KeyCount& slot) { return slot.key == 0; });
  std::sort(table_.begin(), end,
            [](const KeyCount& a, const KeyCount& b) { return a.key < b.key; });
  counting_ = false;  // the table is no longer one
  return {table_.data(), static_cast<std::size_t>(end - table_.begin())};
}

OrderStatistics order_statistics(std::span<const double> values, std::span<const std::size_t> ranks,
                                 OrderWorkspace& workspace) {
  OrderStatistics result;
  const std::vector<Wanted> wanted = wanted_ranks(ranks, result);
  if (values.empty()) return result;
  workspace.reserve(values.size(), true);
  const std::span<std::uint64_t> keys(workspace.keys.get(), values.size());
  const std::span<std::uint64_t> scratch(workspace.scratch.get(), values.size());
  std::transform(values.begin(), values.end(), keys.begin(), number_key);
  result.distinct = visit(keys, scratch, wanted, workspace.table);
  return result;
}

OrderStatistics order_statistics_of_keys(std::span<std::uint64_t> keys, KeySplit& split,
                                         FewKeys& few, std::span<const std::size_t> ranks,
                                         OrderWorkspace& workspace) {
  OrderStatistics result;
  const std::vector<Wanted> wanted = wanted_ranks(ranks, result);
  if (keys.empty()) return result;
  if (few.counted()) {  // ranks from the counts in key order
    const std::span<const KeyCount> counts = few.sorted();
    std::size_t below = 0;
    for (const KeyCount& entry : counts) {
      for (const Wanted& w : wanted) {
        if (w.rank >= below && w.rank - below < entry.count) *w.out = number_of_key(entry.key);
      }
      below += entry.count;
    }
    result.distinct = counts.size();
    return result;
  }
  std::uint64_t* room = workspace.spare.keys(keys.size());
  if (room == nullptr) {
    workspace.reserve(keys.size(), false);
    room = workspace.scratch.get();
  }
  const std::span<std::uint64_t> scratch(room, keys.size());
  if (keys.size() <= kSmall) {
    result.distinct = visit(keys, scratch, wanted, workspace.table);
  } else if (split.one_key) {
    for (const Wanted& w : wanted) *w.out = number_of_key(keys.front());
    result.distinct = 1;
  } else {
    result.distinct = partition(keys, scratch, wanted, workspace.table, split);
  }
  return result;
}

OrderStatistics order_statistics(std::span<const double> values,
                                 std::span<const std::size_t> ranks) {
  OrderWorkspace workspace;
  return order_statistics(values, ranks, workspace);
}

}  // namespace mlctl::stats
