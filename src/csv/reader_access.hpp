#pragma once
// What the block reader (csv/block_reader.cpp) needs of a Reader: its bytes after the header,
// further input read through it (so its byte count and hash stay whole), and Readers over
// blocks of records held in memory. Internal to src/csv/.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "csv/reader.hpp"

namespace mlctl::csv::detail {

// What every Reader over one input shares, fixed once the header is read.
struct ReaderSetup {
  std::string display_name;
  std::vector<std::string> header;
  char delimiter = ',';
  ReaderOptions options;
};

// Spare block buffers of one size, so that each block reuses memory instead of faulting in
// fresh pages (a third of the reading thread's time without it). Thread-safe.
class BufferPool {
 public:
  BufferPool(std::size_t data_bytes, std::size_t most) : data_bytes_(data_bytes), most_(most) {}
  std::size_t data_bytes() const { return data_bytes_; }
  // A buffer of data_bytes() bytes plus the sentinel and padding, uninitialised.
  std::unique_ptr<char[]> take();
  void give_back(std::unique_ptr<char[]> buffer);

 private:
  std::size_t data_bytes_;
  std::size_t most_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<char[]>> spare_;
};

// Whole records of one input, in memory and never written to, so that they can be read again.
struct BlockBytes {
  BlockBytes() = default;
  BlockBytes(const BlockBytes&) = delete;
  BlockBytes& operator=(const BlockBytes&) = delete;
  ~BlockBytes() {
    if (pool && data) pool->give_back(std::move(data));
  }
  std::shared_ptr<BufferPool> pool;  // where `data` goes back, when it came from there

  std::shared_ptr<const ReaderSetup> setup;
  // `size` bytes, then a NUL sentinel and kScanPadding readable bytes (csv/byte_scan.hpp).
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  std::uint64_t first_line = 1;  // the physical line the block starts on
  bool after_cr = false;         // the byte before the block was a CR (an LF first is its end)
  std::uint64_t offset = 0;      // of the block's first byte in the input
  // The input was cut short in a record that breaks a limit (--max-field-size, --max-columns):
  // reading the block must end in the error the sequential reader gives.
  bool truncated = false;
};

struct ReaderAccess {
  static std::shared_ptr<const ReaderSetup> setup(const Reader& reader);

  // Where the reader stands after the header. The bytes it has read but not parsed are handed
  // over and dropped from the reader, which then returns no more records by itself.
  struct Position {
    std::string buffered;
    std::uint64_t line = 1;
    bool after_cr = false;
    bool at_end = false;       // the input is exhausted
    std::uint64_t offset = 0;  // of the first byte of `buffered` in the input
  };
  static Position take_buffered(Reader& reader);

  // Reads up to `size` more input bytes into `into`, counted and hashed as the reader's own;
  // 0 at the end of the input.
  static std::size_t read_input(Reader& reader, char* into, std::size_t size);

  // How far the input is read, for progress against total_bytes(): `offset` (a byte offset of
  // the data), or the compressed bytes read so far for a compressed input.
  static std::uint64_t progress_bytes(const Reader& reader, std::uint64_t offset);
  // True when the input is decompressed as it is read (its size says little of its data).
  static bool compressed(const Reader& reader);

  // Adds the rows read by block readers to the reader's own count.
  static void add_rows(Reader& reader, std::uint64_t rows);

  // A Reader over a block whose `rows` records were read without it (csv/plain_block.hpp):
  // it returns no more records and counts them as read.
  static void skip_to_end(Reader& reader, std::uint64_t rows);

  // A Reader over `block` (positioned at its first record) and the block a Reader reads
  // (nullptr for a Reader over a file).
  static Reader open(std::shared_ptr<const BlockBytes> block);
  static std::shared_ptr<const BlockBytes> block_of(const Reader& reader);
};

}  // namespace mlctl::csv::detail
