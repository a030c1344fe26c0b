#include "table/table.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/near_match.hpp"
#include "csv/block_reader.hpp"
#include "csv/plain_block.hpp"
#include "csv/reader.hpp"
#include "csv/reopen.hpp"
#include "table/column_builder.hpp"
#include "table/resolve_pending.hpp"

namespace mlctl::table {

const char* to_string(ColumnType type) {
  return type == ColumnType::numeric ? "numeric" : "categorical";
}

bool Column::is_missing(std::size_t row) const {
  return type == ColumnType::numeric ? std::isnan(numbers[row]) : codes[row] < 0;
}

std::size_t Column::missing_count() const {
  std::size_t missing = 0;
  const std::size_t n = type == ColumnType::numeric ? numbers.size() : codes.size();
  for (std::size_t r = 0; r < n; ++r) missing += is_missing(r) ? 1 : 0;
  return missing;
}

std::size_t Column::distinct_count() const {
  if (type == ColumnType::categorical) {
    std::vector<bool> seen(labels.size(), false);
    std::size_t distinct = 0;
    for (const auto code : codes) {
      if (code >= 0 && !seen[static_cast<std::size_t>(code)]) {
        seen[static_cast<std::size_t>(code)] = true;
        ++distinct;
      }
    }
    return distinct;
  }
  // Sorting a copy: no allocation per value, unlike a hash set (which dominated training time
  // on a million rows).
  std::vector<double> values;
  values.reserve(numbers.size());
  for (const double v : numbers) {
    if (!std::isnan(v)) values.push_back(v == 0.0 ? 0.0 : v);  // -0 and 0 are one value
  }
  std::sort(values.begin(), values.end());
  return static_cast<std::size_t>(std::unique(values.begin(), values.end()) - values.begin());
}

std::string Column::text(std::size_t row) const {
  if (is_missing(row)) return {};
  if (type == ColumnType::numeric) return fmt::format("{}", numbers[row]);
  return labels[static_cast<std::size_t>(codes[row])];
}

const std::string& Table::source_of(std::size_t row) const {
  const std::string* found = &source;
  for (const auto& part : parts) {
    if (part.first_row > row) break;
    found = &part.source;
  }
  return *found;
}

const Column* Table::find(std::string_view name) const {
  for (const auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const Column& Table::column(std::string_view name) const {
  if (const Column* c = find(name)) return *c;
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.name);
  throw Error(ErrorKind::usage,
              fmt::format("no column named \"{}\" in the data{}", name, did_you_mean(name, names)),
              {source});
}

namespace {

using detail::ColumnBuilder;
using detail::resolve_pending;

// The header positions of the columns named in `keep` (all when empty).
std::vector<std::size_t> positions_of(const csv::Reader& reader,
                                      const std::vector<std::string>& keep) {
  const auto& header = reader.header();
  std::vector<std::size_t> positions;
  if (keep.empty()) {
    for (std::size_t i = 0; i < header.size(); ++i) positions.push_back(i);
    return positions;
  }
  for (const auto& name : keep) {
    std::size_t i = 0;
    while (i < header.size() && header[i] != name) ++i;
    if (i == header.size()) {
      throw Error(
          ErrorKind::usage,
          fmt::format("no column named \"{}\" in the data{}", name, did_you_mean(name, header)),
          {reader.display_name()});
    }
    positions.push_back(i);
  }
  return positions;
}

// How each kept column is to be built: what was declared of it, and whether its numbers keep
// their text (an input that cannot be read again).
struct BuildPlan {
  std::vector<detail::Declared> declared;  // per kept column
  bool keep_text = false;
  std::shared_ptr<Spool> spool;  // where the whole read's columns keep it (keep_text)
};

// Checks `declared` against the header: every name in it, none declared both ways.
BuildPlan plan_of(const csv::Reader& reader, const std::vector<std::size_t>& positions,
                  const DeclaredTypes& declared) {
  const auto& header = reader.header();
  const auto check = [&](const std::vector<std::string>& names, const char* flag) {
    for (const auto& name : names) {
      if (std::find(header.begin(), header.end(), name) == header.end()) {
        throw Error(ErrorKind::usage,
                    fmt::format("{}: no column named \"{}\" in the data", flag, name),
                    {reader.display_name()});
      }
    }
  };
  check(declared.categorical, "--categorical");
  check(declared.numeric, "--numeric");
  for (const auto& name : declared.categorical) {
    if (std::find(declared.numeric.begin(), declared.numeric.end(), name) !=
        declared.numeric.end()) {
      throw Error(ErrorKind::usage,
                  fmt::format("column \"{}\" is declared both categorical and numeric", name));
    }
  }
  BuildPlan plan;
  for (const auto i : positions) {
    const auto declared_as = [&](const std::vector<std::string>& names) {
      return std::find(names.begin(), names.end(), header[i]) != names.end();
    };
    plan.declared.push_back(declared_as(declared.categorical) ? detail::Declared::categorical
                            : declared_as(declared.numeric)   ? detail::Declared::numeric
                                                              : detail::Declared::none);
  }
  plan.keep_text = !csv::can_reopen(reader);
  if (plan.keep_text) plan.spool = std::make_shared<Spool>();
  return plan;
}

// The whole read's builders keep text in the spool (`whole`), a block's in memory.
std::vector<ColumnBuilder> builders_of(const csv::Reader& reader,
                                       const std::vector<std::size_t>& positions,
                                       const BuildPlan& plan, bool whole = false,
                                       SpillArena* arena = nullptr) {
  std::vector<ColumnBuilder> builders;
  builders.reserve(positions.size());
  for (std::size_t k = 0; k < positions.size(); ++k) {
    const std::size_t i = positions[k];
    builders.emplace_back(reader.header()[i], plan.declared[k], plan.keep_text,
                          reader.display_name(), i + 1, whole ? plan.spool : nullptr, arena);
  }
  return builders;
}

void read_rows(csv::Reader& reader, const std::vector<std::size_t>& positions,
               std::vector<ColumnBuilder>& builders, Lines& lines,
               const std::function<void(const csv::ReadProgress&)>& progress) {
  csv::Row row;
  while (reader.next(row)) {
    for (std::size_t k = 0; k < positions.size(); ++k) {
      const std::string_view field = row.fields[positions[k]];
      builders[k].add(field, reader.is_missing(field), row.line);
    }
    lines.push_back(row.line);
    if (lines.size() % csv::kProgressEveryRows == 0) {
      if (progress) progress(reader.progress());
      // Spilled columns fill as fast as the input is read: keep to the limit from here too.
      if (SpillArena* arena = lines.get_allocator().arena()) arena->check();
    }
  }
}

// The columns of one block of the input, as that block alone shows them.
struct BlockPart {
  std::vector<Column> columns;
  std::vector<bool> read_numbers;  // per column: see ColumnBuilder::read_numbers
  std::vector<std::string> texts;  // per column: the text of its numbers (BuildPlan::keep_text)
  std::vector<bool> in_place;      // per column: its numbers were written in place, from row
  std::uint64_t first_row = 0;     // `first_row` on (ColumnBuilder::write_numbers_to)
  std::optional<std::uint64_t> plain_first_line;  // a plain block's first line
  Lines lines;
  std::optional<csv::BlockSource> source;  // to read the block again, when it may be needed
};

// Receives the fields of csv::read_plain_records.
struct PlainSink {
  std::vector<ColumnBuilder>& builders;
  const csv::Reader& reader;
  Lines& lines;

  void number(int column, double value, std::string_view text, std::uint64_t line) {
    builders[static_cast<std::size_t>(column)].add_number(value, text, line);
  }
  void field(int column, std::string_view text, std::uint64_t line) {
    builders[static_cast<std::size_t>(column)].add(text, reader.is_missing(text), line);
  }
  void end_record(std::uint64_t line) { lines.push_back(line); }
};

// Where the blocks of a parallel read write the numbers of numeric columns: in place, in the
// merged columns, which read_table sizes once the first block is merged. Immutable once
// published to the workers.
struct InPlace {
  std::uint64_t first_line = 0;  // the first block's: a record's row is at most its line - this
  std::size_t rows = 0;          // room in each column
  std::vector<double*> numbers;  // per kept column; nullptr for a column that is categorical
};

// Reads a plain block (csv/plain_block.hpp) in one pass; false when it must be read by the
// Reader instead (`builders` and `lines` are then to be thrown away). With `in_place`, numbers
// go straight to the merged columns when the block's rows surely fit in their room.
bool read_plain_rows(csv::Reader& block, const std::vector<std::size_t>& positions,
                     const InPlace* in_place, std::vector<ColumnBuilder>& builders,
                     BlockPart& part) {
  const auto plain = csv::plain_block(block);
  if (!plain) return false;
  part.plain_first_line = plain->first_line;
  if (in_place != nullptr && plain->first_line >= in_place->first_line) {
    // Each record takes at least one byte per field; rows before this block are at most its
    // lines before it.
    const std::uint64_t first_row = plain->first_line - in_place->first_line;
    const auto most_rows = static_cast<std::uint64_t>(plain->last - plain->first) /
                               std::max<std::size_t>(plain->fields, 1) +
                           1;
    if (first_row + most_rows <= in_place->rows) {
      part.first_row = first_row;
      for (std::size_t k = 0; k < builders.size(); ++k) {
        if (in_place->numbers[k] != nullptr) {
          builders[k].write_numbers_to(in_place->numbers[k] + first_row);
        }
      }
    }
  }
  std::vector<int> column_of_field(plain->fields, -1);
  for (std::size_t k = 0; k < positions.size(); ++k) {
    if (column_of_field[positions[k]] >= 0) return false;  // a column kept twice
    column_of_field[positions[k]] = static_cast<int>(k);
  }
  PlainSink sink{builders, block, part.lines};
  const auto rows = csv::read_plain_records(*plain, column_of_field, sink);
  if (!rows) return false;
  csv::finish_plain_block(block, *rows);
  return true;
}

// One block of read_blocks (a Reader of its block, never the whole input: read_table reads
// an input it does not cut into blocks itself) read into columns of its own.
BlockPart read_part(csv::Reader& block, const std::vector<std::size_t>& positions,
                    const BuildPlan& plan, const InPlace* in_place) {
  std::vector<ColumnBuilder> builders = builders_of(block, positions, plan);
  BlockPart part;
  if (!read_plain_rows(block, positions, in_place, builders, part)) {
    builders = builders_of(block, positions, plan);
    part.lines.clear();
    part.plain_first_line.reset();
    read_rows(block, positions, builders, part.lines, {});
  }
  // A column that turned categorical within the block: the text of its numbers before, from the
  // block's bytes.
  const bool pending = std::any_of(builders.begin(), builders.end(),
                                   [](const ColumnBuilder& b) { return b.pending_end() > 0; });
  if (pending) {
    csv::Reader again = csv::BlockSource(block).open();
    resolve_pending(again, positions, builders, part.lines, 1);
  }
  bool any_numbers = false;
  for (auto& b : builders) {
    part.read_numbers.push_back(b.read_numbers());
    part.texts.push_back(b.take_text());
    part.in_place.push_back(b.wrote_numbers_in_place());
    any_numbers = any_numbers || b.read_numbers();
    part.columns.push_back(std::move(b).finish());
  }
  if (any_numbers) part.source.emplace(block);
  return part;
}

// Appends a block's columns to the columns built from the blocks before it, so that they end
// as the sequential read builds them. The one case a block cannot settle alone: a column that
// an earlier block made categorical, where this block read numbers. The sequential read would
// have kept those values as written, and only the text has them, so the block is read again.
void merge_part(std::vector<ColumnBuilder>& merged, BlockPart&& part,
                const std::vector<std::size_t>& positions) {
  std::vector<std::size_t> read_again;
  for (std::size_t k = 0; k < merged.size(); ++k) {
    Column& column = part.columns[k];
    if (part.in_place[k]) {
      if (merged[k].type() == ColumnType::numeric) {
        merged[k].take_numbers_in_place(part.first_row, part.lines.size(), part.texts[k]);
      } else if (part.read_numbers[k]) {
        read_again.push_back(k);
      } else {
        merged[k].append_missing(part.lines.size());
      }
    } else if (merged[k].type() == ColumnType::numeric) {
      if (column.type == ColumnType::numeric) {
        merged[k].append_numbers(column.numbers, part.texts[k]);
      } else {
        merged[k].turn_categorical(column.first_non_number, column.first_non_number_line);
        merged[k].append_codes(column);
      }
    } else if (part.read_numbers[k]) {
      read_again.push_back(k);
    } else {
      merged[k].append_codes(column);
    }
    column = Column{};  // its memory is not needed any more
    part.texts[k] = {};
  }
  if (read_again.empty()) return;
  if (!part.source) {
    throw Error(ErrorKind::internal, "read_table: a block to read again has no source");
  }
  csv::Reader reader = part.source->open();
  csv::Row row;
  while (reader.next(row)) {
    for (const std::size_t k : read_again) {
      const std::string_view field = row.fields[positions[k]];
      merged[k].add_text(field, reader.is_missing(field));
    }
  }
}

// Values read as numbers in columns that turned categorical later: their text as written, from
// the blocks of the first read (`extents`) read again by the workers, or else from the input
// read again here.
void resolve_late_text(const csv::Reader& reader, const std::vector<csv::BlockExtent>& extents,
                       const std::vector<std::size_t>& positions,
                       std::vector<ColumnBuilder>& builders, const Lines& lines, unsigned threads) {
  if (std::none_of(builders.begin(), builders.end(),
                   [](const ColumnBuilder& b) { return b.pending_end() > 0; })) {
    return;
  }
  if (detail::resolve_pending_again(reader, extents, positions, builders, lines, threads)) return;
  auto again = csv::reopen(reader);
  if (!again) throw Error(ErrorKind::internal, "read_table: values to read again, no input");
  resolve_pending(*again, positions, builders, lines, threads);
}

}  // namespace

Table read_table(csv::Reader& reader, const std::vector<std::string>& keep,
                 const std::function<void(const csv::ReadProgress&)>& progress, unsigned threads,
                 const DeclaredTypes& declared, SpillArena* arena) {
  const std::vector<std::size_t> positions = positions_of(reader, keep);
  const BuildPlan plan = plan_of(reader, positions, declared);
  std::vector<ColumnBuilder> builders = builders_of(reader, positions, plan, true, arena);
  Table table;
  table.lines = Lines(SpillAllocator<std::uint64_t>(arena));
  table.source = reader.display_name();
  std::vector<csv::BlockExtent> extents;  // where the read in blocks cut the input
  if (!csv::reads_in_blocks(reader, threads)) {
    read_rows(reader, positions, builders, table.lines, progress);
  } else {
    bool reserved = false;
    std::optional<std::uint64_t> first_line;  // the first block's, when it was plain
    InPlace in_place;
    std::atomic<const InPlace*> published{nullptr};
    csv::read_blocks<BlockPart>(
        reader, threads,
        [&](csv::Reader& block) {
          return read_part(block, positions, plan, published.load(std::memory_order_acquire));
        },
        [&](BlockPart&& part) {
          if (!reserved && !first_line) first_line = part.plain_first_line;
          table.lines.insert(table.lines.end(), part.lines.begin(), part.lines.end());
          merge_part(builders, std::move(part), positions);
          if (arena != nullptr) arena->check();  // as read_rows does
        },
        [&](const csv::ReadProgress& read) {
          // After the first block, room for the rows the input's size suggests: appending
          // block after block would copy the columns each time they double. Numeric columns
          // get room for more (left unwritten until used), and later blocks write their numbers
          // there in place when the first block was plain (no record spans lines).
          const std::optional<std::uint64_t> estimate =
              reserved ? std::nullopt : csv::estimated_rows(read);
          if (estimate) {
            reserved = true;
            const auto rows = static_cast<std::size_t>(*estimate);
            table.lines.reserve(rows);
            if (first_line) {
              in_place.first_line = *first_line;
              in_place.rows = rows + rows / 8 + 65536;
              for (auto& b : builders) {
                in_place.numbers.push_back(b.make_room(in_place.rows));
                if (in_place.numbers.back() == nullptr) b.reserve(rows);
              }
              published.store(&in_place, std::memory_order_release);
            } else {
              for (auto& b : builders) b.reserve(rows);
            }
          }
          if (progress) progress(read);
        },
        &extents);
  }
  resolve_late_text(reader, extents, positions, builders, table.lines, threads);
  for (auto& b : builders) table.columns.push_back(std::move(b).finish());
  table.input_bytes = reader.bytes_read();
  table.input_hash = reader.input_hash();
  return table;
}

}  // namespace mlctl::table
