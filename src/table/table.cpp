#include "table/table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"

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

const Column* Table::find(std::string_view name) const {
  for (const auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const Column& Table::column(std::string_view name) const {
  if (const Column* c = find(name)) return *c;
  throw Error(ErrorKind::usage, fmt::format("no column named \"{}\" in the data", name), {source});
}

namespace {

// Builds one column while rows stream in.
class ColumnBuilder {
 public:
  explicit ColumnBuilder(std::string name) { column_.name = std::move(name); }

  void add(std::string_view field, bool missing, std::uint64_t line) {
    if (column_.type == ColumnType::numeric) {
      if (missing) {
        column_.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
        return;
      }
      if (const auto value = csv::parse_number(field)) {
        column_.numbers.push_back(*value);
        return;
      }
      column_.first_non_number = std::string(field);
      column_.first_non_number_line = line;
      convert_to_categorical();
    }
    column_.codes.push_back(missing ? -1 : intern(field));
  }

  Column finish() && { return std::move(column_); }

 private:
  std::int32_t intern(std::string_view value) {
    const auto found = index_.find(value);
    if (found != index_.end()) return found->second;
    const auto code = static_cast<std::int32_t>(column_.labels.size());
    column_.labels.emplace_back(value);
    index_.emplace(column_.labels.back(), code);
    return code;
  }

  // Numbers seen before the first non-number become labels in shortest round-trip form
  // (so "1.50" read earlier is labelled "1.5"); docs/user-guide.md notes this.
  void convert_to_categorical() {
    column_.type = ColumnType::categorical;
    column_.codes.reserve(column_.numbers.size());
    for (const double v : column_.numbers) {
      column_.codes.push_back(std::isnan(v) ? -1 : intern(fmt::format("{}", v)));
    }
    column_.numbers.clear();
    column_.numbers.shrink_to_fit();
  }

  Column column_;
  // Keys are copies, so they stay valid however `labels` grows; lookups take string_views.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> index_;
};

}  // namespace

Table read_table(csv::Reader& reader, const std::vector<std::string>& keep,
                 const std::function<void(const csv::ReadProgress&)>& progress) {
  const auto& header = reader.header();
  std::vector<std::size_t> positions;
  if (keep.empty()) {
    for (std::size_t i = 0; i < header.size(); ++i) positions.push_back(i);
  } else {
    for (const auto& name : keep) {
      std::size_t i = 0;
      while (i < header.size() && header[i] != name) ++i;
      if (i == header.size()) {
        throw Error(ErrorKind::usage, fmt::format("no column named \"{}\" in the data", name),
                    {reader.display_name()});
      }
      positions.push_back(i);
    }
  }
  std::vector<ColumnBuilder> builders;
  builders.reserve(positions.size());
  for (const auto i : positions) builders.emplace_back(header[i]);

  Table table;
  table.source = reader.display_name();
  csv::Row row;
  while (reader.next(row)) {
    for (std::size_t k = 0; k < positions.size(); ++k) {
      const std::string_view field = row.fields[positions[k]];
      builders[k].add(field, reader.is_missing(field), row.line);
    }
    table.lines.push_back(row.line);
    if (progress && (table.lines.size() & 0x3fff) == 0) progress(reader.progress());
  }
  for (auto& b : builders) table.columns.push_back(std::move(b).finish());
  table.input_bytes = reader.bytes_read();
  table.input_hash = reader.input_hash();
  return table;
}

}  // namespace mlctl::table
