#include "stats/csv_stats.hpp"

#include <algorithm>
#include <memory>

#include "common/error.hpp"
#include "csv/reopen.hpp"
#include "stats/dataset_accumulator.hpp"

namespace mlctl::stats {
namespace {

// The values of columns that turned categorical after some were read as numbers, as written:
// the input read again up to the last of them.
void count_pending(const csv::Reader& reader, DatasetAccumulator& accumulator) {
  std::uint64_t end = 0;
  for (std::size_t i = 0; i < accumulator.size(); ++i) {
    end = std::max(end, accumulator.column(i).pending_end());
  }
  if (end == 0) return;
  auto again = csv::reopen(reader);
  if (!again) throw Error(ErrorKind::internal, "describe: values to read again, no input");
  csv::Row row;
  std::uint64_t r = 0;
  for (; r < end && again->next(row); ++r) {
    for (std::size_t i = 0; i < accumulator.size(); ++i) {
      ColumnAccumulator& column = accumulator.column(i);
      const std::string_view field = row.fields[i];
      if (r < column.pending_end() && !again->is_missing(field)) column.add_pending(field);
    }
  }
  if (r < end) {
    throw Error(ErrorKind::io, "the input changed while it was read (it has fewer rows)",
                {reader.display_name()});
  }
}

}  // namespace

DatasetStats collect_csv_stats(csv::Reader& reader, const SummaryOptions& options,
                               const std::function<void(const csv::ReadProgress&)>& progress) {
  DatasetAccumulator accumulator(reader.header());
  if (!csv::can_reopen(reader)) {
    const auto spool = std::make_shared<Spool>();
    for (std::size_t i = 0; i < accumulator.size(); ++i) accumulator.column(i).keep_text(spool);
  }
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
  count_pending(reader, accumulator);
  return accumulator.summarize(reader.display_name(), options);
}

}  // namespace mlctl::stats
