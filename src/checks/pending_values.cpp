#include "checks/pending_values.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string_view>

#include "common/error.hpp"
#include "csv/block_reader.hpp"
#include "csv/plain_block.hpp"
#include "csv/reopen.hpp"

namespace mlctl::checks {

namespace {

// The text keys (text_key, 0 for a missing value) of some columns' values in one block's rows,
// row by row: hashed on a worker thread for count_pending.
struct PendingKeys {
  std::uint64_t rows = 0;
  std::vector<std::uint64_t> keys;  // rows x columns
};

// Receives the pending columns' fields of csv::read_chosen_fields, in column order.
struct KeySink {
  PendingKeys& out;
  const csv::Reader& reader;

  void number(int, double, std::string_view text, std::uint64_t) {
    out.keys.push_back(text_key(text));
  }
  void field(int, std::string_view text, std::uint64_t) {
    out.keys.push_back(reader.is_missing(text) ? 0 : text_key(text));
  }
  void end_record(std::uint64_t) { ++out.rows; }
};

PendingKeys pending_keys(csv::Reader& block, const std::vector<std::size_t>& columns) {
  PendingKeys out;
  KeySink sink{out, block};
  // As in the first pass: a ragged record is no row (it was reported then).
  block.skip_ragged_records([](std::uint64_t, std::size_t) {});
  csv::read_chosen_fields(block, columns, sink, [&] { out = {}; });
  return out;
}

}  // namespace

void count_pending(const csv::Reader& reader, std::vector<ColumnProfile>& profiles,
                   unsigned threads, const std::vector<csv::BlockExtent>& extents) {
  std::uint64_t end = 0;
  std::vector<std::size_t> columns;
  for (std::size_t j = 0; j < profiles.size(); ++j) {
    if (profiles[j].pending_end == 0) continue;
    columns.push_back(j);
    end = std::max(end, profiles[j].pending_end);
  }
  if (end == 0) return;
  std::uint64_t r = 0;
  const std::function<PendingKeys(csv::Reader&)> work = [&](csv::Reader& block) {
    return pending_keys(block, columns);
  };
  const std::function<bool(PendingKeys &&)> consume = [&](PendingKeys&& part) {
    for (std::uint64_t i = 0; i < part.rows && r < end; ++i, ++r) {
      for (std::size_t k = 0; k < columns.size(); ++k) {
        ColumnProfile& profile = profiles[columns[k]];
        if (r < profile.pending_end) profile.add_pending(part.keys[i * columns.size() + k]);
      }
    }
    return r < end;
  };
  if (csv::reads_blocks_again(reader, extents, threads)) {
    // The blocks of the first read, each read from the file by the worker that hashes it.
    csv::read_blocks_again(reader, extents, threads, work, consume);
  } else {
    auto again = csv::reopen(reader);
    if (!again) throw Error(ErrorKind::internal, "lint-data: values to read again, no input");
    csv::read_blocks_while(*again, threads, work, consume);
  }
  if (r < end) {
    throw Error(ErrorKind::io, "the input changed while it was read (it has fewer rows)",
                {reader.display_name()});
  }
}

}  // namespace mlctl::checks
