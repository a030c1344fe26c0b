#include "stats/csv_stats.hpp"

#include "stats/dataset_accumulator.hpp"

namespace mlctl::stats {

DatasetStats collect_csv_stats(csv::Reader& reader, const SummaryOptions& options,
                               const std::function<void(const csv::ReadProgress&)>& progress) {
  DatasetAccumulator accumulator(reader.header());
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
  return accumulator.summarize(reader.display_name(), options);
}

}  // namespace mlctl::stats
