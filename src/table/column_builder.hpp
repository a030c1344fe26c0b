#pragma once
// One column of a Table built as rows stream in, with the type inference of read_table; and the
// steps that merge columns built from blocks of the input, in input order, into the column
// the sequential read would build. Internal to src/table/.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "table/table.hpp"

namespace mlctl::table::detail {

class ColumnBuilder {
 public:
  explicit ColumnBuilder(std::string name);

  // Numeric until the first field that is neither missing nor a finite number; then the numbers
  // so far become labels in shortest form and every later value is a label as written.
  void add(std::string_view field, bool missing, std::uint64_t line);
  // add(field, false, line) for a field that parse_number reads as `value`, without parsing it
  // again.
  void add_number(double value, std::string_view field, std::uint64_t line);

  ColumnType type() const { return column_.type; }
  // Some value was read as a number (a later merge may need its text instead).
  bool read_numbers() const { return read_numbers_; }

  // Merging a later block's column, as built from that block alone:
  // numbers, while this column is numeric;
  void append_numbers(const Numbers& numbers);
  // the block's first non-number turns this column categorical;
  void turn_categorical(const std::string& first_non_number, std::uint64_t line);
  // a categorical block's values, while this column is categorical;
  void append_codes(const Column& part);
  // a block's `count` missing values, once this column is categorical;
  void append_missing(std::size_t count);
  // or its values as written (read again), once this column is categorical.
  void add_text(std::string_view field, bool missing);

  // Numbers written in place (read_table's parallel read). The merged column makes room for
  // `rows` numbers, unwritten, and hands out where they go (nullptr when categorical); a block
  // whose rows will follow at row `first` writes its numbers from there (write_numbers_to);
  // merging it takes them where they are, moving them down to the column's end when rows before
  // it were fewer than their lines (take_numbers_in_place). The room stays allocated until
  // finish(), even when the column turns categorical, as blocks may still write into it.
  double* make_room(std::size_t rows);
  void write_numbers_to(double* storage);
  bool wrote_numbers_in_place() const { return external_ != nullptr; }
  void take_numbers_in_place(std::size_t first, std::size_t count);

  // Room for `rows` values of the column's current type.
  void reserve(std::size_t rows);

  Column finish() &&;

 private:
  std::int32_t intern(std::string_view value);
  void push_number(double value);
  void convert_to_categorical();

  Column column_;
  bool read_numbers_ = false;
  std::size_t count_ = 0;       // numbers held: column_.numbers may have room beyond them
  double* external_ = nullptr;  // where the numbers go instead (write_numbers_to)
  Numbers retired_;             // the room of a column turned categorical
  // Keys are copies, so they stay valid however `labels` grows; lookups take string_views.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> index_;
};

}  // namespace mlctl::table::detail
