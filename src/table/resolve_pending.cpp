#include "table/resolve_pending.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "common/error.hpp"
#include "csv/block_reader.hpp"
#include "csv/plain_block.hpp"

namespace mlctl::table::detail {

namespace {

[[noreturn]] void input_changed(const csv::Reader& input) {
  throw Error(ErrorKind::io, "the input changed while it was read", {input.display_name()});
}

// The fields of the columns with values pending, for one block's records in input order,
// taken on a worker thread for resolve_pending.
struct PendingFields {
  std::vector<std::uint64_t> lines;
  std::vector<char> bytes;        // the fields' texts one after another, row by row
  std::vector<std::size_t> ends;  // where each text ends in `bytes`: rows x columns
  std::vector<std::uint8_t> missing;

  void add(std::string_view text, bool is_missing) {
    bytes.insert(bytes.end(), text.begin(), text.end());
    ends.push_back(bytes.size());
    missing.push_back(is_missing ? 1 : 0);
  }
};

// Receives the pending fields of csv::read_plain_records: in field order, which is the order
// of `fields` (ascending).
struct PendingSink {
  PendingFields& out;
  const csv::Reader& reader;

  void number(int, double, std::string_view text, std::uint64_t) { out.add(text, false); }
  void field(int, std::string_view text, std::uint64_t) { out.add(text, reader.is_missing(text)); }
  void end_record(std::uint64_t line) { out.lines.push_back(line); }
};

// The fields at positions `fields` (ascending) of every record of `block`.
PendingFields read_pending_fields(csv::Reader& block, const std::vector<std::size_t>& fields) {
  PendingFields out;
  PendingSink sink{out, block};
  if (csv::read_plain_block(block, csv::field_columns(block.header().size(), fields), sink)) {
    return out;
  }
  out = {};
  csv::Row row;
  while (block.next(row)) {
    out.lines.push_back(row.line);
    for (const std::size_t i : fields) out.add(row.fields[i], block.is_missing(row.fields[i]));
  }
  return out;
}

}  // namespace

void resolve_pending(csv::Reader& input, const std::vector<std::size_t>& positions,
                     std::vector<ColumnBuilder>& builders, const Lines& lines, unsigned threads) {
  std::vector<std::size_t> pending;
  std::size_t end = 0;
  for (std::size_t k = 0; k < builders.size(); ++k) {
    if (builders[k].pending_end() == 0) continue;
    pending.push_back(k);
    end = std::max(end, builders[k].pending_end());
  }
  if (pending.empty()) return;
  // Kept columns are distinct fields (a column kept twice is read by the Reader, row by row).
  std::vector<std::size_t> fields;
  for (const std::size_t k : pending) fields.push_back(positions[k]);
  const bool ascending = std::is_sorted(fields.begin(), fields.end()) &&
                         std::adjacent_find(fields.begin(), fields.end()) == fields.end();
  for (const std::size_t k : pending) builders[k].resolve_begin();
  std::size_t r = 0;
  if (ascending && csv::reads_in_blocks(input, threads)) {
    csv::read_blocks_while<PendingFields>(
        input, threads, [&](csv::Reader& block) { return read_pending_fields(block, fields); },
        [&](PendingFields&& part) {
          for (std::size_t i = 0; i < part.lines.size() && r < end; ++i, ++r) {
            if (r >= lines.size() || part.lines[i] != lines[r]) input_changed(input);
            for (std::size_t k = 0; k < pending.size(); ++k) {
              const std::size_t at = i * pending.size() + k;
              const std::size_t begin = at == 0 ? 0 : part.ends[at - 1];
              builders[pending[k]].resolve_row(
                  std::string_view(part.bytes.data() + begin, part.ends[at] - begin),
                  part.missing[at] != 0);
            }
          }
          return r < end;
        });
  } else {
    csv::Row row;
    while (r < end && input.next(row)) {
      if (r >= lines.size() || row.line != lines[r]) input_changed(input);
      for (const std::size_t k : pending) {
        const std::string_view field = row.fields[positions[k]];
        builders[k].resolve_row(field, input.is_missing(field));
      }
      ++r;
    }
  }
  for (const std::size_t k : pending) builders[k].resolve_end();
}

}  // namespace mlctl::table::detail
