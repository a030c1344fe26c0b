#include "stats/column_stats.hpp"

#include <algorithm>

namespace mlctl::stats {

std::string_view to_string(ColumnType type) {
  switch (type) {
    case ColumnType::empty:
      return "empty";
    case ColumnType::numeric:
      return "numeric";
    case ColumnType::categorical:
      return "categorical";
  }
  return "unknown";
}

double ColumnStats::missing_percent() const {
  const std::uint64_t rows = count + missing;
  if (rows == 0) return 0.0;
  return 100.0 * static_cast<double>(missing) / static_cast<double>(rows);
}

std::size_t DatasetStats::columns_of_type(ColumnType type) const {
  return static_cast<std::size_t>(std::count_if(
      columns.begin(), columns.end(), [type](const ColumnStats& c) { return c.type == type; }));
}

}  // namespace mlctl::stats
