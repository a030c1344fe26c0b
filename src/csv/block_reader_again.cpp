// read_blocks_again (block_reader.hpp): the blocks of an earlier read, each read from the file
// by the worker that parses it. A second pass (a column found to be text late, whose earlier
// values are wanted as written) then costs the calling thread nothing: read_blocks has it read
// and cut the whole input, a quarter of `describe`'s time on a file whose column turns late.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/block_bytes.hpp"
#include "csv/block_reader.hpp"
#include "csv/block_workers.hpp"
#include "csv/byte_scan.hpp"
#include "csv/offset_file.hpp"
#include "csv/reopen.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv {
namespace detail {
namespace {

[[noreturn]] void changed(const std::string& name, const char* how) {
  throw Error(ErrorKind::io, fmt::format("the input changed while it was read ({})", how), {name});
}

// The bytes of `extent`, as the block reader held them: a NUL sentinel and zeroed padding after.
std::shared_ptr<const BlockBytes> load(const OffsetFile& file, const BlockExtent& extent,
                                       const std::shared_ptr<const ReaderSetup>& setup,
                                       const std::shared_ptr<BufferPool>& pool) {
  auto block = std::make_shared<BlockBytes>();
  block->setup = setup;
  // A block larger than the pool's buffers (a long record) gets its own, as in the first read.
  if (extent.size <= pool->data_bytes()) {
    block->pool = pool;
    block->data = pool->take();
  } else {
    block->data = std::unique_ptr<char[]>(new char[extent.size + 1 + kScanPadding]);
  }
  if (file.read(block->data.get(), extent.size, extent.offset) != extent.size) {
    changed(setup->display_name, "it is shorter");
  }
  std::memset(block->data.get() + extent.size, 0, 1 + kScanPadding);
  block->size = extent.size;
  block->first_line = extent.first_line;
  block->after_cr = extent.after_cr;
  block->offset = extent.offset;
  block->plain = syntax::scan_lines(block->data.get(), extent.size, extent.after_cr).plain;
  return block;
}

}  // namespace

void read_blocks_again(const Reader& reader, const std::vector<BlockExtent>& extents,
                       unsigned threads,
                       const std::function<void(Reader& block, std::size_t slot)>& work,
                       const std::function<bool(std::size_t slot)>& consume) {
  if (!can_read_blocks_again(reader)) {
    throw Error(ErrorKind::internal, "read_blocks_again of an input it cannot read at offsets");
  }
  const OffsetFile file(reader.display_name());
  const auto setup = setup_of(reader);
  const std::size_t slots = blocks_in_flight(threads);
  const auto pool = std::make_shared<BufferPool>(
      2 * std::max<std::size_t>(setup->options.parallel_block_size, 1), slots + 2);
  const auto loader = [&](const BlockExtent& extent) {
    return [&file, &setup, &pool, extent] { return load(file, extent, setup, pool); };
  };
  std::size_t consumed = 0;
  const auto finish = [&](Workers::Slot& slot, std::size_t index) {
    if (slot.error) std::rethrow_exception(slot.error);
    if (slot.rows != extents[consumed].rows) changed(setup->display_name, "its records moved");
    ++consumed;
    return consume(index);
  };
  if (threads <= 1) {
    for (const BlockExtent& extent : extents) {
      Workers::Slot slot{nullptr, loader(extent), false, nullptr, 0};
      Workers::parse(work, slot, 0);
      if (!finish(slot, 0)) return;
    }
    return;
  }
  // Declared after what its threads use (the file, the pool): joined before they go.
  Workers workers(slots, work);
  workers.start(threads);
  std::size_t submitted = 0;
  const auto consume_next = [&] {
    const std::size_t index = consumed % slots;
    Workers::Slot slot = workers.take(index);
    return finish(slot, index);
  };
  for (const BlockExtent& extent : extents) {
    while (consumed < submitted &&
           (submitted - consumed == slots || workers.done(consumed % slots))) {
      if (!consume_next()) return;
    }
    workers.submit(submitted % slots, loader(extent));
    ++submitted;
  }
  while (consumed < submitted) {
    if (!consume_next()) return;
  }
}

}  // namespace detail

bool can_read_blocks_again(const Reader& reader) {
  return can_reopen(reader) && !reader.compressed() && reader.range() == nullptr &&
         !reads_stdin(reader);
}

bool reads_blocks_again(const Reader& reader, const std::vector<BlockExtent>& extents,
                        unsigned threads) {
  return !extents.empty() && threads > 1 && can_read_blocks_again(reader);
}

}  // namespace mlctl::csv
