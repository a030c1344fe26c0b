#include "table/resolve_pending.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "csv/block_reader.hpp"
#include "csv/plain_block.hpp"

namespace mlctl::table::detail {

namespace {

[[noreturn]] void input_changed(const std::string& name) {
  throw Error(ErrorKind::io, "the input changed while it was read", {name});
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

// Receives the pending fields of csv::read_chosen_fields: in the order of `fields`.
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
  csv::read_chosen_fields(block, fields, sink, [&] { out = {}; });
  return out;
}

// The columns of `builders` with values pending, and the row their last one is before.
std::size_t pending_columns(const std::vector<ColumnBuilder>& builders,
                            std::vector<std::size_t>& pending) {
  std::size_t end = 0;
  for (std::size_t k = 0; k < builders.size(); ++k) {
    if (builders[k].pending_end() == 0) continue;
    pending.push_back(k);
    end = std::max(end, builders[k].pending_end());
  }
  return end;
}

// The fields of the pending columns, when they are distinct fields in ascending order (what a
// block's one-pass read takes; a column kept twice is read by the Reader, row by row).
std::optional<std::vector<std::size_t>> ascending_fields(const std::vector<std::size_t>& positions,
                                                         const std::vector<std::size_t>& pending) {
  std::vector<std::size_t> fields;
  for (const std::size_t k : pending) fields.push_back(positions[k]);
  if (!std::is_sorted(fields.begin(), fields.end()) ||
      std::adjacent_find(fields.begin(), fields.end()) != fields.end()) {
    return std::nullopt;
  }
  return fields;
}

// The pending values, block by block as `read_while(work, consume)` hands them over in input
// order (csv::read_blocks_while or csv::read_blocks_again); the builders' resolve_begin is
// the caller's.
template <class ReadWhile>
void resolve_in_blocks(const std::string& name, const std::vector<std::size_t>& fields,
                       const std::vector<std::size_t>& pending, std::size_t end,
                       std::vector<ColumnBuilder>& builders, const Lines& lines,
                       const ReadWhile& read_while) {
  std::size_t r = 0;
  const std::function<PendingFields(csv::Reader&)> work = [&](csv::Reader& block) {
    return read_pending_fields(block, fields);
  };
  const std::function<bool(PendingFields &&)> consume = [&](PendingFields&& part) {
    for (std::size_t i = 0; i < part.lines.size() && r < end; ++i, ++r) {
      if (r >= lines.size() || part.lines[i] != lines[r]) input_changed(name);
      for (std::size_t k = 0; k < pending.size(); ++k) {
        const std::size_t at = i * pending.size() + k;
        const std::size_t begin = at == 0 ? 0 : part.ends[at - 1];
        builders[pending[k]].resolve_row(
            std::string_view(part.bytes.data() + begin, part.ends[at] - begin),
            part.missing[at] != 0);
      }
    }
    return r < end;
  };
  read_while(work, consume);
}

}  // namespace

void resolve_pending(csv::Reader& input, const std::vector<std::size_t>& positions,
                     std::vector<ColumnBuilder>& builders, const Lines& lines, unsigned threads) {
  std::vector<std::size_t> pending;
  const std::size_t end = pending_columns(builders, pending);
  if (pending.empty()) return;
  const auto fields = ascending_fields(positions, pending);
  for (const std::size_t k : pending) builders[k].resolve_begin();
  if (fields && csv::reads_in_blocks(input, threads)) {
    resolve_in_blocks(input.display_name(), *fields, pending, end, builders, lines,
                      [&](const auto& work, const auto& consume) {
                        csv::read_blocks_while(input, threads, work, consume);
                      });
  } else {
    std::size_t r = 0;
    csv::Row row;
    while (r < end && input.next(row)) {
      if (r >= lines.size() || row.line != lines[r]) input_changed(input.display_name());
      for (const std::size_t k : pending) {
        const std::string_view field = row.fields[positions[k]];
        builders[k].resolve_row(field, input.is_missing(field));
      }
      ++r;
    }
  }
  for (const std::size_t k : pending) builders[k].resolve_end();
}

bool resolve_pending_again(const csv::Reader& reader, const std::vector<csv::BlockExtent>& extents,
                           const std::vector<std::size_t>& positions,
                           std::vector<ColumnBuilder>& builders, const Lines& lines,
                           unsigned threads) {
  std::vector<std::size_t> pending;
  const std::size_t end = pending_columns(builders, pending);
  if (pending.empty()) return true;
  const auto fields = ascending_fields(positions, pending);
  if (!fields || !csv::reads_blocks_again(reader, extents, threads)) {
    return false;
  }
  for (const std::size_t k : pending) builders[k].resolve_begin();
  resolve_in_blocks(reader.display_name(), *fields, pending, end, builders, lines,
                    [&](const auto& work, const auto& consume) {
                      csv::read_blocks_again(reader, extents, threads, work, consume);
                    });
  for (const std::size_t k : pending) builders[k].resolve_end();
  return true;
}

}  // namespace mlctl::table::detail
