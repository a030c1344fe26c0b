#include "training/split.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <map>
#include <numeric>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/hash.hpp"

namespace mlctl::training {

Random::Random(std::uint64_t seed) : engine_(seed) {}

std::uint64_t Random::below(std::uint64_t bound) {
  // Reject the top partial range so every value is equally likely. That range is shorter than
  // `bound`, so only a draw above UINT64_MAX - bound needs its limit (a second division).
  std::uint64_t x = engine_();
  if (x > UINT64_MAX - bound) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    while (x >= limit) x = engine_();
  }
  return x % bound;
}

namespace {

// XXH64 (seed 0) of the words, each as 8 little-endian bytes: the same on every platform.
std::uint64_t hash_words(std::initializer_list<std::uint64_t> words) {
  std::array<char, 24> bytes{};
  std::size_t n = 0;
  for (const std::uint64_t word : words) {
    for (int i = 0; i < 8; ++i) bytes[n++] = static_cast<char>((word >> (8 * i)) & 0xffU);
  }
  return xxh64(std::string_view(bytes.data(), n), 0);
}

// u in [0, 1): the top 53 bits of the seed's hash.
double holdout_offset(std::uint64_t seed) {
  return static_cast<double>(hash_words({seed}) >> 11) * 0x1p-53;
}

// H(t) = floor(t f + u). The product is rounded on its own (two statements: no compiler fuses
// them into one multiply-add, which would round differently on some machines).
double cut(std::uint64_t t, double fraction, double offset) {
  const double scaled = static_cast<double>(t) * fraction;
  return std::floor(scaled + offset);
}

}  // namespace

std::vector<std::uint64_t> block_order(std::uint64_t seed, std::int64_t stratum,
                                       std::uint64_t block, std::uint64_t length) {
  std::vector<std::uint64_t> order(length);
  std::iota(order.begin(), order.end(), std::uint64_t{0});
  Random random(hash_words({seed, static_cast<std::uint64_t>(stratum), block}));
  random.shuffle(order);
  return order;
}

std::uint64_t split_position(std::uint64_t seed, const RowPlace& row) {
  const std::uint64_t block = row.ordinal / kSplitBlock;
  const std::uint64_t first = block * kSplitBlock;
  const std::uint64_t length = std::min(kSplitBlock, row.stratum_rows - first);
  const auto order = block_order(seed, row.stratum, block, length);
  return row.stratum_start + first + order[row.ordinal - first];
}

namespace {

// held_out_at with the seed's offset u given: the wrappers hash the seed once, not per row.
bool held_out_with(double u, double fraction, const RowPlace& row, std::uint64_t position) {
  if (!(cut(position + 1, fraction, u) > cut(position, fraction, u))) return false;
  // A stratum held out whole keeps its last position in training.
  const std::uint64_t end = row.stratum_start + row.stratum_rows;
  if (position + 1 == end) {
    const double held = cut(end, fraction, u) - cut(row.stratum_start, fraction, u);
    if (held >= static_cast<double>(row.stratum_rows)) return false;
  }
  return true;
}

// (p + h) mod K without overflow: both terms reduced first (shift = h mod K).
std::uint64_t fold_with(std::uint64_t shift, std::uint64_t folds, std::uint64_t position) {
  return (position % folds + shift) % folds;
}

}  // namespace

bool held_out_at(std::uint64_t seed, double fraction, const RowPlace& row, std::uint64_t position) {
  return held_out_with(holdout_offset(seed), fraction, row, position);
}

std::uint64_t fold_at(std::uint64_t seed, std::uint64_t folds, std::uint64_t position) {
  return fold_with(hash_words({seed}) % folds, folds, position);
}

bool held_out(std::uint64_t seed, double fraction, const RowPlace& row) {
  return held_out_at(seed, fraction, row, split_position(seed, row));
}

std::uint64_t fold_of(std::uint64_t seed, std::uint64_t folds, const RowPlace& row) {
  return fold_at(seed, folds, split_position(seed, row));
}

namespace {

constexpr std::uint64_t kMaxDenseClasses = 1u << 16;

// The rows of each stratum in ascending row order, strata in ascending class order.
// Row numbers, on the arena of the table they index (all of these are a word per row).
using Rows = table::RowVector<std::size_t>;

struct Strata {
  std::vector<std::int64_t> keys;
  std::vector<Rows> rows;
};

// Indices into `rows` in ascending row order (the trainer's rows already are: no sort then).
Rows row_order(std::span<const std::size_t> rows, SpillArena* arena) {
  Rows order(rows.size(), SpillAllocator<std::size_t>(arena));
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (!std::is_sorted(rows.begin(), rows.end())) {
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return rows[a] < rows[b]; });
  }
  return order;
}

Strata strata_of(std::span<const std::size_t> rows, std::span<const int> classes,
                 SpillArena* arena) {
  const Rows order = row_order(rows, arena);
  const Rows none{SpillAllocator<std::size_t>(arena)};
  Strata strata;
  if (classes.empty()) {
    strata.keys.push_back(0);
    strata.rows.push_back(none);
    for (const auto i : order) strata.rows[0].push_back(rows[i]);
    return strata;
  }
  // Classes are small codes (0..K-1 from the trainer): a table by class beats a tree lookup per
  // row; a sparse set of classes still works.
  const auto [lowest, highest] = std::minmax_element(classes.begin(), classes.end());
  const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(*highest) - *lowest);
  std::map<int, Rows> sparse;
  std::vector<Rows> dense(span < kMaxDenseClasses ? span + 1 : 0, none);
  for (const auto i : order) {
    if (dense.empty()) {
      sparse.try_emplace(classes[i], none).first->second.push_back(rows[i]);
    } else {
      dense[static_cast<std::size_t>(classes[i] - *lowest)].push_back(rows[i]);
    }
  }
  for (std::size_t k = 0; k < dense.size(); ++k) {
    if (dense[k].empty()) continue;
    strata.keys.push_back(static_cast<std::int64_t>(*lowest) + static_cast<std::int64_t>(k));
    strata.rows.push_back(std::move(dense[k]));
  }
  for (auto& [key, group] : sparse) {
    strata.keys.push_back(key);
    strata.rows.push_back(std::move(group));
  }
  return strata;
}

constexpr std::size_t kNoPart = SIZE_MAX;

// Where each stratum of `strata` (this process's rows) stands in the job's: its rows on lower
// ranks (ordinals continue from there), its rows in all, and the rows of the strata before it.
// Alone, the first is 0 and the others are counted here.
struct StratumPlace {
  std::uint64_t ordinal_offset = 0;
  std::uint64_t rows = 0;
  std::uint64_t start = 0;
};

std::vector<StratumPlace> places_in_job(const Strata& strata,
                                        distributed::Communicator* processes) {
  std::vector<StratumPlace> places(strata.rows.size());
  if (processes == nullptr) {
    std::uint64_t start = 0;
    for (std::size_t c = 0; c < places.size(); ++c) {
      places[c] = {0, strata.rows[c].size(), start};
      start += strata.rows[c].size();
    }
    return places;
  }
  // The trainer's class codes are 0..K-1 on every rank: one count per code, reduced.
  std::array<std::int64_t, 1> highest{strata.keys.empty() ? -1 : strata.keys.back()};
  processes->allreduce(highest, distributed::Reduction::max);
  if (highest[0] >= static_cast<std::int64_t>(kMaxDenseClasses) ||
      (!strata.keys.empty() && strata.keys.front() < 0))
    throw Error(ErrorKind::internal, "a split over processes needs class codes 0..K-1");
  std::vector<std::int64_t> below(static_cast<std::size_t>(highest[0] + 1), 0);
  for (std::size_t c = 0; c < strata.keys.size(); ++c)
    below[static_cast<std::size_t>(strata.keys[c])] =
        static_cast<std::int64_t>(strata.rows[c].size());
  std::vector<std::int64_t> total = below;
  processes->exclusive_prefix_sum(below);
  processes->allreduce(total, distributed::Reduction::sum);
  std::vector<std::uint64_t> start(total.size() + 1, 0);
  for (std::size_t k = 0; k < total.size(); ++k)
    start[k + 1] = start[k] + static_cast<std::uint64_t>(total[k]);
  for (std::size_t c = 0; c < places.size(); ++c) {
    const auto k = static_cast<std::size_t>(strata.keys[c]);
    places[c] = {static_cast<std::uint64_t>(below[k]), static_cast<std::uint64_t>(total[k]),
                 start[k]};
  }
  return places;
}

// part[row] = part_of(place, position) for every row of the strata, kNoPart for other rows. One
// block order at a time: O(rows + B) memory besides the result.
template <typename PartOf>
Rows parts_by_row(const Strata& strata, const std::vector<StratumPlace>& places, std::uint64_t seed,
                  PartOf part_of, SpillArena* arena) {
  std::size_t end = 0;
  for (const auto& group : strata.rows) end = std::max(end, group.empty() ? 0 : group.back() + 1);
  Rows part(end, kNoPart, SpillAllocator<std::size_t>(arena));
  RowPlace place;
  for (std::size_t c = 0; c < strata.rows.size(); ++c) {
    const auto& group = strata.rows[c];
    place.stratum = strata.keys[c];
    place.stratum_rows = places[c].rows;
    place.stratum_start = places[c].start;
    // This process's ordinals run from the offset on; a block may begin on a lower rank.
    const std::uint64_t first_ordinal = places[c].ordinal_offset;
    const std::uint64_t end_ordinal = first_ordinal + group.size();
    for (std::uint64_t block = first_ordinal / kSplitBlock; block * kSplitBlock < end_ordinal;
         ++block) {
      const std::uint64_t first = block * kSplitBlock;
      const std::uint64_t length = std::min<std::uint64_t>(kSplitBlock, place.stratum_rows - first);
      const auto order = block_order(seed, place.stratum, block, length);
      for (std::uint64_t o = std::max(first, first_ordinal);
           o < std::min(first + length, end_ordinal); ++o) {
        place.ordinal = o;
        part[group[o - first_ordinal]] =
            part_of(place, place.stratum_start + first + order[o - first]);
      }
    }
  }
  return part;
}

// The rows of part `held_out` against those of every other part, each in row order. Row numbers
// are distinct, so a pass over them sorts both: O(rows), where std::sort took a tenth of a
// second on a million.
Split split_in_row_order(const Rows& part, std::size_t held_out, SpillArena* arena) {
  Split split{table::RowVector<std::size_t>(SpillAllocator<std::size_t>(arena)),
              table::RowVector<std::size_t>(SpillAllocator<std::size_t>(arena))};
  for (std::size_t row = 0; row < part.size(); ++row) {
    if (part[row] == held_out) {
      split.held_out.push_back(row);
    } else if (part[row] != kNoPart) {
      split.train.push_back(row);
    }
  }
  return split;
}

}  // namespace

Split holdout_split(std::span<const std::size_t> rows, std::span<const int> classes,
                    double fraction, std::uint64_t seed, SpillArena* arena,
                    distributed::Communicator* processes) {
  if (!(fraction > 0.0 && fraction < 1.0)) {
    throw Error(ErrorKind::usage, fmt::format("--holdout must be in [0, 1), got {}", fraction));
  }
  const double u = holdout_offset(seed);
  const Strata strata = strata_of(rows, classes, arena);
  const auto part = parts_by_row(
      strata, places_in_job(strata, processes), seed,
      [&](const RowPlace& place, std::uint64_t position) {
        return held_out_with(u, fraction, place, position) ? std::size_t{1} : std::size_t{0};
      },
      arena);
  return split_in_row_order(part, 1, arena);
}

std::vector<Split> kfold_splits(std::span<const std::size_t> rows, std::span<const int> classes,
                                int folds, std::uint64_t seed, SpillArena* arena,
                                distributed::Communicator* processes) {
  std::array<std::int64_t, 1> job_rows{static_cast<std::int64_t>(rows.size())};
  if (processes) processes->allreduce(job_rows, distributed::Reduction::sum);
  if (folds < 2 || folds > job_rows[0]) {
    throw Error(ErrorKind::usage,
                fmt::format("--cv needs between 2 and {} folds, got {}", job_rows[0], folds));
  }
  const auto k = static_cast<std::uint64_t>(folds);
  const std::uint64_t shift = hash_words({seed}) % k;
  const Strata strata = strata_of(rows, classes, arena);
  const auto part = parts_by_row(
      strata, places_in_job(strata, processes), seed,
      [&](const RowPlace&, std::uint64_t position) {
        return static_cast<std::size_t>(fold_with(shift, k, position));
      },
      arena);
  std::vector<Split> splits;
  for (std::size_t f = 0; f < k; ++f) splits.push_back(split_in_row_order(part, f, arena));
  return splits;
}

}  // namespace mlctl::training
