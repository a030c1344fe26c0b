#pragma once
// Parallel reading of one CSV input in blocks of whole records.
//
// The calling thread reads the input (a file or a pipe) in blocks of about
// ReaderOptions::parallel_block_size bytes, cut after the last record that ends in each (by the
// reader's own quoting rules), and counts their lines, bytes and hash in input order. Worker
// threads parse the blocks, each with a Reader over the block's bytes that reports the same
// absolute line numbers and the same errors as the sequential reader. Results are handed back
// on the calling thread in input order, and the first error in input order is the one thrown,
// so a parallel read fails exactly as the sequential one would.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "csv/reader.hpp"

namespace mlctl::csv {

// Where read_blocks cut its input, one per block in input order (read_blocks' `extents`): what
// read_blocks_again needs to read the same blocks again.
struct BlockExtent {
  std::uint64_t offset = 0;  // of the block's first byte in the input
  std::size_t size = 0;
  std::uint64_t first_line = 1;
  bool after_cr = false;  // the byte before the block was a CR
  std::uint64_t rows = 0;
};

namespace detail {
struct BlockBytes;

// At most this many blocks are read ahead of the one being consumed.
std::size_t blocks_in_flight(unsigned threads);

// The type-erased core of read_blocks: `work(block, slot)` runs on a worker thread and leaves
// its result in `slot` (< blocks_in_flight(threads)); `consume(slot)` takes it, in input order,
// and returns whether to read on.
void read_blocks(Reader& reader, unsigned threads,
                 const std::function<void(Reader& block, std::size_t slot)>& work,
                 const std::function<bool(std::size_t slot)>& consume,
                 const std::function<void(const ReadProgress&)>& progress,
                 std::vector<BlockExtent>* extents);

// The type-erased core of read_blocks_again.
void read_blocks_again(const Reader& reader, const std::vector<BlockExtent>& extents,
                       unsigned threads,
                       const std::function<void(Reader& block, std::size_t slot)>& work,
                       const std::function<bool(std::size_t slot)>& consume);

// `work` and `consume` of a Result kept per slot, for the type-erased cores.
template <class Result>
class SlotResults {
 public:
  explicit SlotResults(unsigned threads) : results_(blocks_in_flight(threads)) {}
  std::function<void(Reader&, std::size_t)> work(const std::function<Result(Reader&)>& make) {
    return [this, &make](Reader& block, std::size_t slot) { results_[slot].emplace(make(block)); };
  }
  std::function<bool(std::size_t)> consume(const std::function<bool(Result&&)>& take) {
    return [this, &take](std::size_t slot) {
      Result result = std::move(*results_[slot]);
      results_[slot].reset();
      return take(std::move(result));
    };
  }

 private:
  std::vector<std::optional<Result>> results_;
};
}  // namespace detail

// Whether read_blocks(reader, threads, ...) cuts the input into blocks, or hands `reader` itself
// to one call of `work`: it cuts a file of more than one block, and with threads above 1 also
// a pipe and a compressed input.
bool reads_in_blocks(const Reader& reader, unsigned threads);

// Reads the records after `reader`'s header (no record may have been read yet) in blocks,
// `threads` at a time. `work` runs on worker threads, one call per block, with a Reader over
// that block whose rows carry absolute line numbers; `consume` runs on the calling thread, in
// input order. `progress`, when set, is called on the calling thread after each block.
//
// Without blocks (reads_in_blocks), `work` gets `reader` itself and reads everything, then
// `consume` gets the one result. With threads <= 1 the blocks are read on this thread, one at
// a time; so is an input of one block.
// Memory stays bounded: at most blocks_in_flight(threads) blocks and results exist at once.
// An exception from reading, `work` or `consume` (the first in input order) propagates once
// every thread is joined. Afterwards `reader` reports the totals (bytes_read, rows_read,
// input_hash) as if it had read everything itself; it has no more records.
//
// read_blocks_while: `consume` returns whether to read on. After false no more blocks are
// read, parsed or consumed (those already parsing are dropped), and `reader` counts the rows of
// the blocks consumed.
//
// `extents`, when given, receives where each block was cut (none without blocks).
//
// The result type is named at the call: read_blocks<Result>(reader, threads, work, consume).
template <class Result>
void read_blocks_while(Reader& reader, unsigned threads,
                       const std::function<Result(Reader& block)>& work,
                       const std::function<bool(Result&&)>& consume,
                       const std::function<void(const ReadProgress&)>& progress = {},
                       std::vector<BlockExtent>* extents = nullptr) {
  detail::SlotResults<Result> results(threads);
  detail::read_blocks(reader, threads, results.work(work), results.consume(consume), progress,
                      extents);
}

template <class Result>
void read_blocks(Reader& reader, unsigned threads, const std::function<Result(Reader& block)>& work,
                 const std::function<void(Result&&)>& consume,
                 const std::function<void(const ReadProgress&)>& progress = {},
                 std::vector<BlockExtent>* extents = nullptr) {
  read_blocks_while<Result>(
      reader, threads, work,
      [&](Result&& result) {
        consume(std::move(result));
        return true;
      },
      progress, extents);
}

// Whether read_blocks_again can read `reader`'s input: a regular file named by its path (not
// stdin), neither compressed nor a byte range, so that a block's offset is its offset in the
// file.
bool can_read_blocks_again(const Reader& reader);

// Whether a second read of `reader`'s input takes the blocks of its first (read_blocks_again):
// their `extents` recorded, more than one thread (one thread gains nothing over reading the
// input again), and an input it can read at offsets.
bool reads_blocks_again(const Reader& reader, const std::vector<BlockExtent>& extents,
                        unsigned threads);

// Reads again the blocks that read_blocks cut `reader`'s input into (its `extents`), as
// read_blocks_while would, but each worker reads its own block's bytes from the file (pread):
// the calling thread neither reads nor cuts the input, it only consumes. For a second pass over
// an input read once already (can_read_blocks_again). Throws Error(io) when the file changed
// since: shorter, or a block holding another number of records.
template <class Result>
void read_blocks_again(const Reader& reader, const std::vector<BlockExtent>& extents,
                       unsigned threads, const std::function<Result(Reader& block)>& work,
                       const std::function<bool(Result&&)>& consume) {
  detail::SlotResults<Result> results(threads);
  detail::read_blocks_again(reader, extents, threads, results.work(work), results.consume(consume));
}

// The bytes of the block a worker's Reader reads, kept alive while a copy is held, so that a
// consumer can read a block again (table::read_table does when a column's type changes).
class BlockSource {
 public:
  // Throws Error(internal) when `block` is not a Reader handed to read_blocks' `work` for a
  // block (the sequential case hands over the Reader of the whole input).
  explicit BlockSource(const Reader& block);
  // A fresh Reader over the same records: the same rows, lines and errors.
  Reader open() const;

 private:
  std::shared_ptr<const detail::BlockBytes> bytes_;
};

// True when `reader` reads a block of read_blocks (and BlockSource can be taken of it).
bool is_block(const Reader& reader);

}  // namespace mlctl::csv
