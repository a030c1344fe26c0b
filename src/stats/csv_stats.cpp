#include "stats/csv_stats.hpp"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/prefault.hpp"
#include "csv/block_reader.hpp"
#include "csv/reopen.hpp"
#include "distributed/agreed.hpp"
#include "stats/block_stats.hpp"
#include "stats/dataset_accumulator.hpp"
#include "stats/job_dataset_stats.hpp"

namespace mlctl::stats {
namespace {

[[noreturn]] void changed(const std::string& name) {
  throw Error(ErrorKind::io, "the input changed while it was read (it has fewer rows)", {name});
}

// The values of columns that turned categorical after some were read as numbers, as written:
// the input read again up to the last of them.
// `extents`: where the read in blocks cut the input (none when it did not), so that workers
// read its blocks again themselves.
void count_pending(const csv::Reader& reader, DatasetAccumulator& accumulator, unsigned threads,
                   const std::vector<csv::BlockExtent>& extents) {
  const std::uint64_t end = accumulator.pending_end();
  if (end == 0) return;
  if (csv::reads_blocks_again(reader, extents, threads)) {
    if (count_pending_in_blocks_again(reader, extents, accumulator, threads) < end) {
      changed(reader.display_name());
    }
    return;
  }
  auto again = csv::reopen(reader);
  if (!again) throw Error(ErrorKind::internal, "describe: values to read again, no input");
  if (count_pending_in_blocks(*again, accumulator, threads) < end) changed(reader.display_name());
}

// The same for a share: `first` read its first part, the other parts are opened again.
void count_pending(const csv::Reader& first, const csv::Share& share,
                   const csv::ReaderOptions& options, DatasetAccumulator& accumulator) {
  const std::uint64_t end = accumulator.pending_end();
  std::uint64_t row = 0;
  for (std::size_t p = 0; p < share.parts.size() && row < end; ++p) {
    std::optional<csv::Reader> again =
        p == 0 ? csv::reopen(first) : csv::open_part(share.parts[p], options);
    if (!again) throw Error(ErrorKind::internal, "describe: values to read again, no input");
    row = count_pending_rows(*again, accumulator, row, end);
  }
  if (row < end) changed(first.display_name());
}

// Text kept beside the numbers when `reader`'s input cannot be read again (a pipe).
void keep_text_unless_reopenable(const csv::Reader& reader, DatasetAccumulator& accumulator) {
  if (csv::can_reopen(reader)) return;
  const auto spool = std::make_shared<Spool>();
  for (std::size_t i = 0; i < accumulator.size(); ++i) accumulator.column(i).keep_text(spool);
}

// After the first rows, room for the numbers the input's size suggests: growing one value or
// block at a time would copy the columns (and fault their pages in) each time they double.
// Returns the rows there is room for (0: not now). `prefault`, when given, is started over the
// room (common/prefault.hpp).
std::size_t reserve_once(DatasetAccumulator& accumulator, const csv::ReadProgress& read,
                         bool& reserved, Prefault* prefault) {
  if (reserved) return 0;
  const std::optional<std::uint64_t> estimate = csv::estimated_rows(read);
  if (!estimate) return 0;
  reserved = true;
  const auto rows = static_cast<std::size_t>(*estimate);
  std::vector<std::span<std::byte>> room;
  for (std::size_t i = 0; i < accumulator.size(); ++i) {
    room.push_back(accumulator.column(i).reserve(rows));
  }
  if (prefault != nullptr) prefault->start(std::move(room));
  return rows;
}

// How far the room for `room_rows` is faulted in after `rows` were read: a quarter of the rows
// read and 65,536 rows ahead of the joins, never much past what is written, however far off
// the estimate of the room was.
double prefault_share(std::uint64_t rows, std::size_t room_rows) {
  if (room_rows == 0) return 0;
  return std::min(1.0,
                  (1.25 * static_cast<double>(rows) + 65536.0) / static_cast<double>(room_rows));
}

}  // namespace

DatasetStats collect_csv_stats(csv::Reader& reader, const SummaryOptions& options,
                               const std::function<void(const csv::ReadProgress&)>& progress,
                               unsigned threads) {
  DatasetAccumulator accumulator(reader.header());
  keep_text_unless_reopenable(reader, accumulator);
  bool reserved = false;
  // Read in blocks on threads, the thread joining them into the columns is the one the workers
  // wait for: the columns' fresh pages are faulted in beside it (stopped, if still running, on
  // return). Not with one thread (-j 1: one thread, as asked).
  const bool in_blocks = csv::reads_in_blocks(reader, threads);
  Prefault prefault;
  std::vector<csv::BlockExtent> extents;
  std::size_t room_rows = 0;
  const auto reserve_and_report = [&](const csv::ReadProgress& read) {
    if (const std::size_t rows = reserve_once(accumulator, read, reserved,
                                              in_blocks && threads > 1 ? &prefault : nullptr)) {
      room_rows = rows;
    }
    prefault.allow(prefault_share(read.rows, room_rows));
    if (progress) progress(read);
  };
  if (!in_blocks) {
    accumulate_rows(reader, accumulator, reserve_and_report);
  } else {
    BlockPlan plan(accumulator.size(), !csv::can_reopen(reader));
    csv::read_blocks<BlockPart>(
        reader, threads, [&](csv::Reader& block) { return read_block(block, plan); },
        [&](BlockPart&& part) { join_block(accumulator, std::move(part), plan); },
        reserve_and_report, &extents);
  }
  count_pending(reader, accumulator, threads, extents);
  return std::move(accumulator).summarize(reader.display_name(), options, threads);
}

DatasetStats collect_share_stats(const csv::Share& share, const csv::ReaderOptions& options,
                                 std::string source, distributed::Communicator& comm,
                                 const SummaryOptions& summary,
                                 const std::function<void(const csv::ReadProgress&)>& progress) {
  DatasetAccumulator accumulator(share.header);
  std::optional<csv::Reader> first;  // kept to read again (csv::reopen: stdin from a file too)
  distributed::run_agreed(&comm, [&] {
    for (std::size_t p = 0; p < share.parts.size(); ++p) {
      csv::Reader reader = csv::open_part(share.parts[p], options);
      if (p == 0) keep_text_unless_reopenable(reader, accumulator);
      accumulate_rows(reader, accumulator, progress);
      if (p == 0) first.emplace(std::move(reader));
    }
  });
  agree_column_types(accumulator, comm);
  distributed::run_agreed(&comm, [&] {
    if (first) count_pending(*first, share, options, accumulator);
  });
  return job_dataset_stats(accumulator, std::move(source), comm, summary);
}

}  // namespace mlctl::stats
