// The block reader (block_reader.hpp). The calling thread reads and cuts the input (BlockFeed)
// and consumes results in order; worker threads (Workers, block_workers.hpp) parse blocks into
// result slots. A slot is reused once its result is consumed, which bounds the blocks and
// results in memory.

#include "csv/block_reader.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <mutex>

#include "common/error.hpp"
#include "csv/block_bytes.hpp"
#include "csv/block_workers.hpp"
#include "csv/byte_scan.hpp"
#include "csv/record_cutter.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv {

namespace detail {

std::size_t blocks_in_flight(unsigned threads) {
  return 2 * std::max(threads, 1u);
}

namespace {

std::unique_ptr<char[]> uninitialised(std::size_t data_bytes) {
  return std::unique_ptr<char[]>(new char[data_bytes + 1 + kScanPadding]);
}

}  // namespace

std::shared_ptr<const ReaderSetup> setup_of(const Reader& reader) {
  return std::make_shared<const ReaderSetup>(
      ReaderSetup{reader.display_name(), reader.header(), reader.delimiter(), reader.options(),
                  reader.range() != nullptr && reader.range()->cut});
}

std::unique_ptr<char[]> BufferPool::take() {
  {
    const std::lock_guard lock(mutex_);
    if (!spare_.empty()) {
      auto buffer = std::move(spare_.back());
      spare_.pop_back();
      return buffer;
    }
  }
  return uninitialised(data_bytes_);
}

void BufferPool::give_back(std::unique_ptr<char[]> buffer) {
  const std::lock_guard lock(mutex_);
  if (spare_.size() < most_) spare_.push_back(std::move(buffer));
}

namespace {

// Reads the input after the header and cuts it into blocks of whole records.
class BlockFeed {
 public:
  BlockFeed(Reader& reader, std::size_t spare_buffers)
      : reader_(reader),
        setup_(setup_of(reader)),
        target_(std::max<std::size_t>(setup_->options.parallel_block_size, 1)),
        pool_(std::make_shared<BufferPool>(2 * target_, spare_buffers)),
        cutter_(setup_->delimiter, setup_->options.max_field_bytes, setup_->options.max_columns,
                setup_->options.trim) {
    Reader::Rest at = reader.take_rest();
    buffer_ = new_buffer(at.buffered.size() + target_);
    std::memcpy(buffer_.get(), at.buffered.data(), at.buffered.size());
    size_ = at.buffered.size();
    line_ = at.line;
    after_cr_ = at.after_cr;
    at_end_ = at.at_end;
    offset_ = at.offset;
    seal();
    cutter_.scan(buffer_.get(), size_, at_end_);
  }

  // The next block, or nullptr after the last.
  std::shared_ptr<BlockBytes> next() {
    for (;;) {
      if (done_ || (at_end_ && size_ == 0)) return nullptr;
      if (at_end_) return cut(size_, false);
      if (cutter_.boundary() > 0 && size_ >= target_) return cut(cutter_.boundary(), false);
      if (cutter_.over_limits()) return cut(size_, true);
      read_more();
      cutter_.scan(buffer_.get(), size_, at_end_);
    }
  }

  bool exhausted() const { return done_ || (at_end_ && size_ == 0); }

 private:
  // A buffer for at least `data_bytes`, from the pool when it is of the pool's size.
  std::unique_ptr<char[]> new_buffer(std::size_t data_bytes) {
    if (data_bytes <= pool_->data_bytes()) {
      capacity_ = pool_->data_bytes();
      return pool_->take();
    }
    capacity_ = data_bytes;
    return uninitialised(data_bytes);
  }

  // A NUL sentinel and zeroed padding after the data, for the scans.
  void seal() { std::memset(buffer_.get() + size_, 0, 1 + kScanPadding); }

  void read_more() {
    if (capacity_ - size_ < target_) {
      capacity_ = std::max(2 * capacity_, size_ + target_);
      auto bigger = uninitialised(capacity_);
      std::memcpy(bigger.get(), buffer_.get(), size_);
      buffer_ = std::move(bigger);
    }
    std::size_t got = 0;
    while (got < target_) {
      const std::size_t n = reader_.read_more(buffer_.get() + size_, target_ - got);
      if (n == 0) {
        at_end_ = true;
        break;
      }
      size_ += n;
      got += n;
    }
    seal();
  }

  // Hands over buffer_[0, count) as a block; the bytes after it start the next buffer.
  std::shared_ptr<BlockBytes> cut(std::size_t count, bool truncated) {
    auto block = std::make_shared<BlockBytes>();
    block->setup = setup_;
    block->size = count;
    block->first_line = line_;
    block->after_cr = after_cr_;
    block->offset = offset_;
    block->truncated = truncated;
    const std::size_t rest = size_ - count;
    if (capacity_ == pool_->data_bytes()) block->pool = pool_;
    block->data = std::move(buffer_);
    buffer_ = new_buffer(rest + target_);
    std::memcpy(buffer_.get(), block->data.get() + count, rest);
    std::memset(block->data.get() + count, 0, 1 + kScanPadding);
    size_ = rest;
    seal();
    cutter_.drop(count);

    const syntax::LineScan scanned = syntax::scan_lines(block->data.get(), count, after_cr_);
    line_ += scanned.lines;
    block->plain = scanned.plain;
    after_cr_ = count > 0 ? block->data[count - 1] == '\r' : after_cr_;
    offset_ += count;
    if (truncated) done_ = true;
    return block;
  }

  Reader& reader_;
  std::shared_ptr<const ReaderSetup> setup_;
  std::size_t target_;
  std::shared_ptr<BufferPool> pool_;
  RecordCutter cutter_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  std::uint64_t line_ = 1;
  bool after_cr_ = false;
  bool at_end_ = false;
  bool done_ = false;
  std::uint64_t offset_ = 0;
};

}  // namespace

}  // namespace detail

bool reads_in_blocks(const Reader& reader, unsigned threads) {
  const auto total = reader.total_bytes();
  // A small file is one block; a small compressed file may hold many.
  const bool small_file = total && *total <= reader.options().parallel_block_size;
  if (reader.compressed()) return threads > 1;
  // With one thread, a file of several blocks only: a pipe is read as it comes.
  return threads > 1 ? !small_file : total && !small_file;
}

namespace detail {

namespace {

BlockExtent extent_of(const BlockBytes& block, std::uint64_t rows) {
  return {block.offset, block.size, block.first_line, block.after_cr, rows};
}

std::shared_ptr<BlockBytes> empty_block(Reader& reader) {
  auto block = std::make_shared<BlockBytes>();
  block->setup = setup_of(reader);
  block->data = uninitialised(0);
  std::memset(block->data.get(), 0, 1 + kScanPadding);
  block->offset = reader.bytes_read();
  return block;
}

}  // namespace

void read_blocks(Reader& reader, unsigned threads,
                 const std::function<void(Reader& block, std::size_t slot)>& work,
                 const std::function<bool(std::size_t slot)>& consume,
                 const std::function<void(const ReadProgress&)>& progress,
                 std::vector<BlockExtent>* extents) {
  const auto total = reader.total_bytes();
  if (!reads_in_blocks(reader, threads)) {
    work(reader, 0);
    consume(0);
    if (progress) progress(reader.progress());
    return;
  }

  BlockFeed feed(reader, threads <= 1 ? 1 : blocks_in_flight(threads) + 2);
  std::shared_ptr<BlockBytes> first = feed.next();
  // False when the consumer has read enough.
  const auto finish = [&](Workers::Slot& slot, std::size_t index) {
    if (slot.error) std::rethrow_exception(slot.error);
    reader.mark_read(slot.rows);
    if (extents != nullptr) extents->push_back(extent_of(*slot.block, slot.rows));
    const bool more = consume(index);
    if (progress) {
      // For a compressed input, the stored bytes read so far (the feed is ahead of the blocks).
      const std::uint64_t at =
          reader.compressed() ? reader.progress().bytes : slot.block->offset + slot.block->size;
      progress({at, total, reader.rows_read()});
    }
    return more;
  };
  if (!first) first = empty_block(reader);  // no record: the work still gets a block
  if (threads <= 1 || feed.exhausted()) {
    // On this thread: one block, or one thread, which then reads block by block all the same,
    // as the threads would (a plain block in one pass: csv/plain_block.hpp).
    for (; first; first = feed.next()) {
      Workers::Slot slot{std::move(first), {}, false, nullptr, 0};
      Workers::parse(work, slot, 0);
      if (!finish(slot, 0)) return;
    }
    return;
  }

  const std::size_t slots = blocks_in_flight(threads);
  Workers workers(slots, work);
  workers.start(threads);
  std::uint64_t consumed = 0;
  std::uint64_t submitted = 0;
  // Blocks still parsing when the consumer has read enough are dropped with `workers`.
  const auto consume_next = [&] {
    const std::size_t index = consumed % slots;
    Workers::Slot slot = workers.take(index);
    ++consumed;
    return finish(slot, index);
  };
  workers.submit(0, std::move(first));
  ++submitted;
  for (;;) {
    std::shared_ptr<BlockBytes> block;
    try {
      block = feed.next();
    } catch (...) {
      // The blocks before a read error come first, and so do their errors.
      while (consumed < submitted) {
        if (!consume_next()) return;
      }
      throw;
    }
    if (!block) break;
    while (consumed < submitted &&
           (submitted - consumed == slots || workers.done(consumed % slots))) {
      if (!consume_next()) return;
    }
    workers.submit(submitted % slots, std::move(block));
    ++submitted;
  }
  while (consumed < submitted) {
    if (!consume_next()) return;
  }
}

}  // namespace detail

BlockSource::BlockSource(const Reader& block) : bytes_(block.block()) {
  if (!bytes_) {
    throw Error(ErrorKind::internal, "BlockSource of a Reader that does not read a block");
  }
}

Reader BlockSource::open() const {
  return Reader(bytes_);
}

bool is_block(const Reader& reader) {
  return reader.block() != nullptr;
}

}  // namespace mlctl::csv
