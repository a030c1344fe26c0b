#include "stats/csv_stats.hpp"

#include <algorithm>
#include <memory>

#include "common/error.hpp"
#include "csv/reopen.hpp"
#include "distributed/agreed.hpp"
#include "stats/dataset_accumulator.hpp"
#include "stats/job_dataset_stats.hpp"

namespace mlctl::stats {
namespace {

// Every remaining record of `reader`, into `accumulator`.
void accumulate(csv::Reader& reader, DatasetAccumulator& accumulator,
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

// The row before which the columns have values to give again as written (0: none).
std::uint64_t pending_end(DatasetAccumulator& accumulator) {
  std::uint64_t end = 0;
  for (std::size_t i = 0; i < accumulator.size(); ++i) {
    end = std::max(end, accumulator.column(i).pending_end());
  }
  return end;
}

// The pending values of the rows of `again` (read again from its first record), whose first is
// row `row` of the accumulator's, up to row `end`. Returns the row after the last one read.
std::uint64_t count_pending(csv::Reader& again, DatasetAccumulator& accumulator, std::uint64_t row,
                            std::uint64_t end) {
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

[[noreturn]] void changed(const std::string& name) {
  throw Error(ErrorKind::io, "the input changed while it was read (it has fewer rows)", {name});
}

// The values of columns that turned categorical after some were read as numbers, as written:
// the input read again up to the last of them.
void count_pending(const csv::Reader& reader, DatasetAccumulator& accumulator) {
  const std::uint64_t end = pending_end(accumulator);
  if (end == 0) return;
  auto again = csv::reopen(reader);
  if (!again) throw Error(ErrorKind::internal, "describe: values to read again, no input");
  if (count_pending(*again, accumulator, 0, end) < end) changed(reader.display_name());
}

// The same for a share: `first` read its first part, the other parts are opened again.
void count_pending(const csv::Reader& first, const csv::Share& share,
                   const csv::ReaderOptions& options, DatasetAccumulator& accumulator) {
  const std::uint64_t end = pending_end(accumulator);
  std::uint64_t row = 0;
  for (std::size_t p = 0; p < share.parts.size() && row < end; ++p) {
    std::optional<csv::Reader> again =
        p == 0 ? csv::reopen(first) : csv::open_part(share.parts[p], options);
    if (!again) throw Error(ErrorKind::internal, "describe: values to read again, no input");
    row = count_pending(*again, accumulator, row, end);
  }
  if (row < end) changed(first.display_name());
}

// Text kept beside the numbers when `reader`'s input cannot be read again (a pipe).
void keep_text_unless_reopenable(const csv::Reader& reader, DatasetAccumulator& accumulator) {
  if (csv::can_reopen(reader)) return;
  const auto spool = std::make_shared<Spool>();
  for (std::size_t i = 0; i < accumulator.size(); ++i) accumulator.column(i).keep_text(spool);
}

}  // namespace

DatasetStats collect_csv_stats(csv::Reader& reader, const SummaryOptions& options,
                               const std::function<void(const csv::ReadProgress&)>& progress) {
  DatasetAccumulator accumulator(reader.header());
  keep_text_unless_reopenable(reader, accumulator);
  accumulate(reader, accumulator, progress);
  count_pending(reader, accumulator);
  return accumulator.summarize(reader.display_name(), options);
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
      accumulate(reader, accumulator, progress);
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
