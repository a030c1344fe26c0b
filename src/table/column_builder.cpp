#include "table/column_builder.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "csv/reader.hpp"

namespace mlctl::table::detail {

ColumnBuilder::ColumnBuilder(std::string name) {
  column_.name = std::move(name);
}

void ColumnBuilder::add(std::string_view field, bool missing, std::uint64_t line) {
  if (column_.type == ColumnType::numeric) {
    if (missing) {
      column_.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
      return;
    }
    if (const auto value = csv::parse_number(field)) {
      column_.numbers.push_back(*value);
      read_numbers_ = true;
      return;
    }
    column_.first_non_number = std::string(field);
    column_.first_non_number_line = line;
    convert_to_categorical();
  }
  column_.codes.push_back(missing ? -1 : intern(field));
}

void ColumnBuilder::add_number(double value, std::string_view field, std::uint64_t line) {
  if (column_.type != ColumnType::numeric) {
    add(field, false, line);
    return;
  }
  column_.numbers.push_back(value);
  read_numbers_ = true;
}

void ColumnBuilder::append_numbers(const std::vector<double>& numbers) {
  column_.numbers.insert(column_.numbers.end(), numbers.begin(), numbers.end());
}

void ColumnBuilder::turn_categorical(const std::string& first_non_number, std::uint64_t line) {
  column_.first_non_number = first_non_number;
  column_.first_non_number_line = line;
  convert_to_categorical();
}

void ColumnBuilder::append_codes(const Column& part) {
  if (part.type == ColumnType::numeric) {
    // Only missing values, or the caller would have read the block again.
    column_.codes.insert(column_.codes.end(), part.numbers.size(), -1);
    return;
  }
  // The block's labels are in its order of first appearance, so interning them in that order
  // appends the new ones in the order the sequential read meets them.
  std::vector<std::int32_t> code_of(part.labels.size());
  for (std::size_t i = 0; i < part.labels.size(); ++i) code_of[i] = intern(part.labels[i]);
  column_.codes.reserve(column_.codes.size() + part.codes.size());
  for (const auto code : part.codes) {
    column_.codes.push_back(code < 0 ? -1 : code_of[static_cast<std::size_t>(code)]);
  }
}

void ColumnBuilder::add_text(std::string_view field, bool missing) {
  column_.codes.push_back(missing ? -1 : intern(field));
}

void ColumnBuilder::reserve(std::size_t rows) {
  if (column_.type == ColumnType::numeric) {
    column_.numbers.reserve(rows);
  } else {
    column_.codes.reserve(rows);
  }
}

Column ColumnBuilder::finish() && {
  return std::move(column_);
}

std::int32_t ColumnBuilder::intern(std::string_view value) {
  const auto found = index_.find(value);
  if (found != index_.end()) return found->second;
  const auto code = static_cast<std::int32_t>(column_.labels.size());
  column_.labels.emplace_back(value);
  index_.emplace(column_.labels.back(), code);
  return code;
}

// Numbers seen before the first non-number become labels in shortest round-trip form
// (so "1.50" read earlier is labelled "1.5"); docs/csv-input.md, "Column types", states this.
void ColumnBuilder::convert_to_categorical() {
  column_.type = ColumnType::categorical;
  column_.codes.reserve(column_.numbers.size());
  for (const double v : column_.numbers) {
    column_.codes.push_back(std::isnan(v) ? -1 : intern(fmt::format("{}", v)));
  }
  column_.numbers.clear();
  column_.numbers.shrink_to_fit();
}

}  // namespace mlctl::table::detail
