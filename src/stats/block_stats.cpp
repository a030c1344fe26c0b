#include "stats/block_stats.hpp"

#include <algorithm>

#include "csv/plain_block.hpp"

namespace mlctl::stats {
namespace {

// Receives the fields of csv::read_plain_records.
struct Sink {
  DatasetAccumulator& columns;
  const csv::Reader& reader;
  bool any_missing = false;

  void number(int column, double value, std::string_view text, std::uint64_t line) {
    columns.column(static_cast<std::size_t>(column)).add(text, value, line);
  }
  void field(int column, std::string_view text, std::uint64_t line) {
    ColumnAccumulator& c = columns.column(static_cast<std::size_t>(column));
    if (reader.is_missing(text)) {
      c.add_missing();
      any_missing = true;
      return;
    }
    c.add(text, c.numeric() ? csv::parse_number(text) : std::nullopt, line);
  }
  void end_record(std::uint64_t) {
    columns.end_row(any_missing);
    any_missing = false;
  }
};

// The columns of `plan` already text, as such in `columns` (their first non-number is the
// earlier block's, which join_block keeps).
void mark_text(DatasetAccumulator& columns, const BlockPlan& plan) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (plan.text[i].load(std::memory_order_acquire)) columns.column(i).turn_categorical({});
  }
}

// Reads a plain block in one pass; false when the Reader must read it instead.
bool read_plain(csv::Reader& block, DatasetAccumulator& columns) {
  const auto plain = csv::plain_block(block);
  if (!plain) return false;
  std::vector<int> column_of_field(plain->fields);
  for (std::size_t i = 0; i < column_of_field.size(); ++i) column_of_field[i] = static_cast<int>(i);
  Sink sink{columns, block};
  const auto rows = csv::read_plain_records(*plain, column_of_field, sink);
  if (!rows) return false;
  csv::finish_plain_block(block, *rows);
  return true;
}

bool any_numbers(DatasetAccumulator& columns) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns.column(i).numeric() && !columns.column(i).numbers().empty()) return true;
  }
  return false;
}

// keep_text: the text of each numeric column's rows, read again from the block.
void join_texts(const csv::BlockSource& source, BlockPart& part) {
  DatasetAccumulator& columns = part.columns;
  part.joined.assign(columns.size(), {});
  std::vector<std::size_t> numeric;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns.column(i).numeric()) numeric.push_back(i);
  }
  csv::Reader again = source.open();
  csv::Row row;
  while (again.next(row)) {
    for (const std::size_t i : numeric) {
      const std::string_view field = row.fields[i];
      if (!again.is_missing(field)) part.joined[i].append(field);
      part.joined[i].push_back('\0');
    }
  }
}

}  // namespace

void accumulate_rows(csv::Reader& reader, DatasetAccumulator& accumulator,
                     const std::function<void(const csv::ReadProgress&)>& progress) {
  csv::Row row;
  std::uint64_t rows = 0;
  while (reader.next(row)) {
    bool any_missing = false;
    for (std::size_t i = 0; i < accumulator.size(); ++i) {
      const std::string_view field = row.fields[i];
      ColumnAccumulator& column = accumulator.column(i);
      if (reader.is_missing(field)) {
        column.add_missing();
        any_missing = true;
        continue;
      }
      column.add(field, column.numeric() ? csv::parse_number(field) : std::nullopt, row.line);
    }
    accumulator.end_row(any_missing);
    if (progress && ++rows % csv::kProgressEveryRows == 0) progress(reader.progress());
  }
}

std::uint64_t count_pending_rows(csv::Reader& again, DatasetAccumulator& accumulator,
                                 std::uint64_t row, std::uint64_t end) {
  csv::Row fields;
  for (; row < end && again.next(fields); ++row) {
    for (std::size_t i = 0; i < accumulator.size(); ++i) {
      ColumnAccumulator& column = accumulator.column(i);
      const std::string_view field = fields.fields[i];
      if (row < column.pending_end() && !again.is_missing(field)) column.add_pending(field);
    }
  }
  return row;
}

BlockPlan::BlockPlan(std::size_t columns, bool keep)
    : text(std::make_unique<std::atomic<bool>[]>(columns)), keep_text(keep) {
  for (std::size_t i = 0; i < columns; ++i) text[i].store(false);
}

BlockPart read_block(csv::Reader& block, const BlockPlan& plan) {
  BlockPart part{DatasetAccumulator(block.header()), {}, {}};
  mark_text(part.columns, plan);
  if (!read_plain(block, part.columns)) {
    part.columns = DatasetAccumulator(block.header());
    mark_text(part.columns, plan);
    accumulate_rows(block, part.columns);
  }
  const csv::BlockSource source(block);
  // A column that turned to text within the block: the text of its numbers before.
  std::uint64_t end = 0;
  for (std::size_t i = 0; i < part.columns.size(); ++i) {
    end = std::max(end, part.columns.column(i).pending_end());
  }
  if (end > 0) {
    csv::Reader again = source.open();
    count_pending_rows(again, part.columns, 0, end);
  }
  if (any_numbers(part.columns)) {
    part.source.emplace(source);
    if (plan.keep_text) join_texts(source, part);
  }
  return part;
}

void join_block(DatasetAccumulator& into, BlockPart&& part, BlockPlan& plan) {
  // Columns already text whose values this block read as numbers: counted by their text.
  std::vector<std::size_t> recount;
  for (std::size_t i = 0; i < into.size(); ++i) {
    ColumnAccumulator& later = part.columns.column(i);
    if (!into.column(i).numeric() && later.numeric() && !later.numbers().empty()) {
      recount.push_back(i);
    }
  }
  into.add_rows(part.columns.rows(), part.columns.rows_with_missing());
  for (std::size_t i = 0; i < into.size(); ++i) {
    const std::string_view joined = part.joined.empty() ? std::string_view() : part.joined[i];
    into.column(i).append(std::move(part.columns.column(i)), joined);
    if (!into.column(i).numeric()) plan.text[i].store(true, std::memory_order_release);
  }
  if (recount.empty()) return;
  csv::Reader again = part.source->open();
  csv::Row row;
  while (again.next(row)) {
    for (const std::size_t i : recount) {
      const std::string_view field = row.fields[i];
      if (!again.is_missing(field)) into.column(i).add(field, std::nullopt, 0);
    }
  }
}

}  // namespace mlctl::stats
