#pragma once
// Blocks of whole records of one input, held in memory so that they can be read again: what the
// block reader (csv/block_reader.hpp) cuts its input into and hands to Readers over them
// (Reader's block constructor). Internal to src/csv/.

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
  bool ends_at_cut = false;  // the input ends at a cut (ByteRange::cut)
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
  bool plain = false;            // no quote and no CR in it (syntax::LineScan::plain)
  std::uint64_t offset = 0;      // of the block's first byte in the input
  // The input was cut short in a record that breaks a limit (--max-field-size, --max-columns):
  // reading the block must end in the error the sequential reader gives.
  bool truncated = false;
};

// The setup of `reader`'s input, once its header is read.
std::shared_ptr<const ReaderSetup> setup_of(const Reader& reader);

}  // namespace mlctl::csv::detail
