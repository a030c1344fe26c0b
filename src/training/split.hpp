#pragma once
// Reproducible train/held-out splits that do not depend on how the rows were read: each row's
// side (holdout) or fold (k-fold) is a pure function of the seed and of where the row stands in
// the file, so a reader that sees the rows in memory, streamed in chunks, or spread over
// processes, assigns every row exactly as this file's wrappers do. docs/guide.md ("How rows are
// split") states the same rule for reimplementation.
//
// The rule. The rows are the rows with a target, each known by its data-row number in the input
// (0-based; the header and blank lines are not data rows; a row without a target has no place in
// the split and does not count). A stratum is a class for a classifier, c its class code (the
// trainer's: the class's index in the model's sorted classes, which every reader of a piece of
// the data must agree on; strata in ascending code order), else one stratum, c = 0. For a row of
// stratum c:
//   n_c      rows in stratum c; start_c = the sum of n_c' over the strata before c; N = the total;
//   o        its ordinal: how many rows of stratum c come before it (by row number);
//   b        = o / B, its block (B = kSplitBlock); s = b * B, L = min(B, n_c - s), the block's
//            first ordinal and length;
//   order    = block_order(seed, c, b, L): 0..L-1 shuffled by Fisher-Yates (Random::shuffle)
//            with Random(XXH64(le64(seed) le64(c) le64(b), 0));
//   p        = start_c + s + order[o - s], its position: a permutation of 0..N-1 that keeps each
//            stratum on consecutive positions and each block of B rows on its own B positions.
// Holdout with fraction f in (0, 1): with u = (XXH64(le64(seed), 0) >> 11) * 2^-53 in [0, 1) and
// H(t) = floor(t * f + u), the row is held out when H(p + 1) - H(p) = 1, except that a stratum
// whose rows would all be held out keeps its row at position start_c + n_c - 1 in training (a
// single-row class is never hidden from the model).
// K folds: the row's fold is (p + XXH64(le64(seed), 0)) mod K.
//
// Properties (tested in tests/training/split_test.cpp and split_rule_test.cpp):
// - exact stratification: stratum c holds out floor(f n_c) or ceil(f n_c) rows (one fewer when
//   that would be all of them), and H(N) - H(0) rows are held out in all (floor or ceil of f N,
//   before that exception); a stratum's fold sizes differ by at most 1, and so do the folds';
// - within each block of B rows of a stratum, which rows are held out (or go to which fold) is a
//   uniformly random choice, seeded; different seeds give different splits;
// - a reader needs, per row, only its stratum and ordinal (counted as it streams, or an exclusive
//   prefix sum of per-rank stratum counts under MPI) and the per-stratum totals n_c (a counting
//   pass, or an allreduce): the split is the same however the rows were read;
// - the same on every platform: XXH64, std::mt19937_64 and our own Fisher-Yates are fixed
//   (std::shuffle and std:: distributions are implementation-defined, so neither is used), and
//   H is evaluated in IEEE double arithmetic with the product rounded on its own.

#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

#include "distributed/communicator.hpp"
#include "table/table.hpp"

namespace mlctl::training {

// Rows of a stratum are shuffled in blocks of this many consecutive ordinals.
inline constexpr std::uint64_t kSplitBlock = 1024;

// Where a row stands among the rows of the split (the rule above).
struct RowPlace {
  std::int64_t stratum = 0;         // class code (0 when unstratified)
  std::uint64_t stratum_start = 0;  // start_c: rows of the strata before this one
  std::uint64_t stratum_rows = 0;   // n_c
  std::uint64_t ordinal = 0;        // o < n_c
};

// 0..length-1 in the seeded order of block `block` of `stratum`.
std::vector<std::uint64_t> block_order(std::uint64_t seed, std::int64_t stratum,
                                       std::uint64_t block, std::uint64_t length);

// The row's position p. Computes its block's order (O(B)): a reader that places many rows keeps
// the order of each stratum's current block and adds start_c + s + order[o - s] itself.
std::uint64_t split_position(std::uint64_t seed, const RowPlace& row);

// Whether the row at `position` (of `row`'s stratum) is held out; fraction in (0, 1).
bool held_out_at(std::uint64_t seed, double fraction, const RowPlace& row, std::uint64_t position);
// The row's fold, 0..folds-1, from its position; folds >= 1.
std::uint64_t fold_at(std::uint64_t seed, std::uint64_t folds, std::uint64_t position);

// The same, from the row's place alone.
bool held_out(std::uint64_t seed, double fraction, const RowPlace& row);
std::uint64_t fold_of(std::uint64_t seed, std::uint64_t folds, const RowPlace& row);

struct Split {
  table::RowVector<std::size_t> train;     // table row indices, ascending
  table::RowVector<std::size_t> held_out;  // table row indices, ascending
};

// The rule over rows in memory; each side's row numbers take their memory from `arena` (the
// table's, Table::arena; null: the heap). `rows` are distinct data-row numbers (in any order:
// ordinals follow row numbers); classes[i] is the class of rows[i] (empty: unstratified). Each side
// is returned in ascending row order. With `processes`, this process holds one contiguous share
// of the job's rows (ranks in row order) and class codes 0..K-1 agreed by every rank: its rows
// are split as they would be in one process's table of all the rows (one prefix sum and one
// allreduce of per-class counts; collective, so every rank calls it).

// The holdout; fraction must be in (0, 1) (else Error(usage)).
Split holdout_split(std::span<const std::size_t> rows, std::span<const int> classes,
                    double fraction, std::uint64_t seed, SpillArena* arena = nullptr,
                    distributed::Communicator* processes = nullptr);

// K folds (2 <= K <= rows, else Error(usage)); fold k holds out its rows.
std::vector<Split> kfold_splits(std::span<const std::size_t> rows, std::span<const int> classes,
                                int folds, std::uint64_t seed, SpillArena* arena = nullptr,
                                distributed::Communicator* processes = nullptr);

// std::mt19937_64's sequence is fixed by the standard; the distribution on top is ours.
class Random {
 public:
  explicit Random(std::uint64_t seed);
  std::uint64_t below(std::uint64_t bound);
  // Fisher-Yates shuffle: for i = n down to 2, swap values[i-1] with values[below(i)].
  template <typename T>
  void shuffle(std::vector<T>& values) {
    for (std::size_t i = values.size(); i > 1; --i) {
      std::swap(values[i - 1], values[below(i)]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace mlctl::training
