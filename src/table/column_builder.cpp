#include "table/column_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"

namespace mlctl::table::detail {

ColumnBuilder::ColumnBuilder(std::string name) {
  column_.name = std::move(name);
}

void ColumnBuilder::add(std::string_view field, bool missing, std::uint64_t line) {
  if (column_.type == ColumnType::numeric) {
    if (missing) {
      push_number(std::numeric_limits<double>::quiet_NaN());
      return;
    }
    if (const auto value = csv::parse_number(field)) {
      push_number(*value);
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
  push_number(value);
  read_numbers_ = true;
}

void ColumnBuilder::push_number(double value) {
  if (external_ != nullptr) {
    external_[count_++] = value;
    return;
  }
  if (count_ < column_.numbers.size()) {
    column_.numbers[count_] = value;
  } else {
    column_.numbers.push_back(value);
  }
  ++count_;
}

void ColumnBuilder::append_numbers(const Numbers& numbers) {
  if (count_ + numbers.size() <= column_.numbers.size()) {
    std::copy(numbers.begin(), numbers.end(),
              column_.numbers.begin() + static_cast<std::ptrdiff_t>(count_));
  } else {
    // Past the room: no block writes in place any more (each block's room lies before the
    // next block's, and a block writes in place only within the room), so it may move.
    column_.numbers.resize(count_);
    column_.numbers.insert(column_.numbers.end(), numbers.begin(), numbers.end());
  }
  count_ += numbers.size();
}

double* ColumnBuilder::make_room(std::size_t rows) {
  if (column_.type != ColumnType::numeric) return nullptr;
  if (column_.numbers.size() < rows) column_.numbers.resize(rows);
  return column_.numbers.data();
}

void ColumnBuilder::write_numbers_to(double* storage) {
  if (column_.type == ColumnType::numeric && count_ == 0) external_ = storage;
}

void ColumnBuilder::take_numbers_in_place(std::size_t first, std::size_t count) {
  if (column_.type != ColumnType::numeric || first < count_ ||
      first + count > column_.numbers.size()) {
    throw Error(ErrorKind::internal, "read_table: numbers written outside their column's room");
  }
  double* data = column_.numbers.data();
  if (first != count_) std::memmove(data + count_, data + first, count * sizeof(double));
  count_ += count;
}

void ColumnBuilder::turn_categorical(const std::string& first_non_number, std::uint64_t line) {
  column_.first_non_number = first_non_number;
  column_.first_non_number_line = line;
  convert_to_categorical();
}

void ColumnBuilder::append_codes(const Column& part) {
  if (part.type == ColumnType::numeric) {
    // Only missing values, or the caller would have read the block again.
    append_missing(part.numbers.size());
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

void ColumnBuilder::append_missing(std::size_t count) {
  column_.codes.insert(column_.codes.end(), count, -1);
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
  if (column_.type == ColumnType::numeric && external_ == nullptr) column_.numbers.resize(count_);
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
  const double* numbers = external_ != nullptr ? external_ : column_.numbers.data();
  column_.codes.reserve(count_);
  for (std::size_t i = 0; i < count_; ++i) {
    const double v = numbers[i];
    column_.codes.push_back(std::isnan(v) ? -1 : intern(fmt::format("{}", v)));
  }
  external_ = nullptr;
  count_ = 0;
  retired_ = std::move(column_.numbers);
  column_.numbers = Numbers();
}

}  // namespace mlctl::table::detail
