#include "stats/block_stats.hpp"

#include <algorithm>
#include <atomic>

#include "csv/plain_block.hpp"

namespace mlctl::stats {
namespace {

static_assert(TextForm::kShortest == csv::DecimalForm::kShortest &&
              TextForm::kShortestWithPoint == csv::DecimalForm::kShortestWithPoint);

// Receives the fields of csv::read_plain_records.
struct Sink {
  DatasetAccumulator& columns;
  const csv::Reader& reader;
  bool any_missing = false;

  void number(int column, double value, std::string_view text, std::uint64_t line,
              csv::DecimalForm form) {
    columns.column(static_cast<std::size_t>(column))
        .add(text, value, line, TextForm{form.decimals, form.shortest});
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
  Sink sink{columns, block};
  return csv::read_plain_block(block, csv::field_columns(block.header().size()), sink).has_value();
}

// One block's pending values (count_pending_in_blocks): per column with values pending, the
// counts of its texts over all of the block's rows.
struct PendingPart {
  std::uint64_t rows = 0;
  std::vector<TextCounts> counts;
  std::optional<csv::BlockSource> source;  // to count again up to a pending_end inside
};

// Receives the pending columns' fields of csv::read_chosen_fields.
struct PendingSink {
  std::vector<TextCounts>& counts;
  const csv::Reader& reader;

  void number(int k, double, std::string_view text, std::uint64_t) {
    counts[static_cast<std::size_t>(k)].add(text);
  }
  void field(int k, std::string_view text, std::uint64_t) {
    if (!reader.is_missing(text)) counts[static_cast<std::size_t>(k)].add(text);
  }
  void end_record(std::uint64_t) {}
};

PendingPart count_block_texts(csv::Reader& block, const std::vector<std::size_t>& pending) {
  PendingPart part;
  part.counts.resize(pending.size());
  PendingSink sink{part.counts, block};
  csv::read_chosen_fields(block, pending, sink, [&] { part.counts.assign(pending.size(), {}); });
  part.rows = block.rows_read();
  part.source.emplace(block);
  return part;
}

// Gives `part`, the block from row `row` on, to the pending columns: its counts, or, when it
// holds a column's pending_end, the block read again by count_pending_rows, which stops each
// column at its own.
void join_pending(DatasetAccumulator& columns, const std::vector<std::size_t>& pending,
                  const PendingPart& part, std::uint64_t row) {
  const std::uint64_t after = row + part.rows;
  const bool holds_an_end = std::any_of(pending.begin(), pending.end(), [&](std::size_t i) {
    const std::uint64_t end = columns.column(i).pending_end();
    return row < end && end < after;
  });
  if (holds_an_end) {
    csv::Reader again = part.source->open();
    count_pending_rows(again, columns, row, after);
    return;
  }
  for (std::size_t k = 0; k < pending.size(); ++k) {
    ColumnAccumulator& column = columns.column(pending[k]);
    if (after > column.pending_end()) continue;
    part.counts[k].for_each(
        [&](std::string_view text, std::uint64_t count) { column.add_pending(text, count); });
  }
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

namespace {

// The columns with values pending.
std::vector<std::size_t> pending_columns(const DatasetAccumulator& accumulator) {
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < accumulator.size(); ++i) {
    if (accumulator.column(i).pending_end() != 0) pending.push_back(i);
  }
  return pending;
}

// count_pending_in_blocks over the blocks that `read_while(work, consume)` hands over in order
// (csv::read_blocks_while or csv::read_blocks_again), up to the row `end`.
template <class ReadWhile>
std::uint64_t count_pending_blocks(DatasetAccumulator& accumulator,
                                   const std::vector<std::size_t>& pending, std::uint64_t end,
                                   const ReadWhile& read_while) {
  std::uint64_t row = 0;
  std::atomic<bool> enough{false};  // blocks after the last pending_end are not counted
  read_while(
      [&](csv::Reader& block) {
        return enough.load(std::memory_order_relaxed) ? PendingPart{}
                                                      : count_block_texts(block, pending);
      },
      [&](PendingPart&& part) {
        join_pending(accumulator, pending, part, row);
        row += part.rows;
        if (row < end) return true;
        enough.store(true, std::memory_order_relaxed);
        return false;
      });
  return row;
}

}  // namespace

std::uint64_t count_pending_in_blocks(csv::Reader& again, DatasetAccumulator& accumulator,
                                      unsigned threads) {
  const std::uint64_t end = accumulator.pending_end();
  if (end == 0) return 0;
  const std::vector<std::size_t> pending = pending_columns(accumulator);
  if (!csv::reads_in_blocks(again, threads)) return count_pending_rows(again, accumulator, 0, end);
  return count_pending_blocks(accumulator, pending, end,
                              [&](const auto& work, const auto& consume) {
                                csv::read_blocks_while<PendingPart>(again, threads, work, consume);
                              });
}

std::uint64_t count_pending_in_blocks_again(const csv::Reader& reader,
                                            const std::vector<csv::BlockExtent>& extents,
                                            DatasetAccumulator& accumulator, unsigned threads) {
  const std::uint64_t end = accumulator.pending_end();
  if (end == 0) return 0;
  const std::vector<std::size_t> pending = pending_columns(accumulator);
  return count_pending_blocks(
      accumulator, pending, end, [&](const auto& work, const auto& consume) {
        csv::read_blocks_again<PendingPart>(reader, extents, threads, work, consume);
      });
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
  if (const std::uint64_t end = part.columns.pending_end(); end > 0) {
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
