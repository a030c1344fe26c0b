#pragma once
// One column of a Table built as rows stream in, with the type inference of read_table; and the
// steps that merge columns built from blocks of the input, in input order, into the column
// the sequential read would build. Internal to src/table/.
//
// A column's values are kept as numbers while every one read so far is a number. When a value
// that is not a number comes, the column turns categorical, and the values read before it must
// become labels exactly as written ("02134", "1.0"), which their numbers no longer tell. Two
// ways, chosen per input (read_table):
// - an input that can be read again (a file): those rows get the code kPending, and once the
//   read is over the input is read again up to the last pending row for the text of just those
//   values (resolve_*). Nothing is kept per value, so numeric columns cost what they always did.
// - an input that cannot (a pipe): a numeric column also keeps the text of its values, each
//   followed by a NUL (which no field holds), until the column is categorical or the read ends:
//   in a temporary file (common/text_spool.hpp) for the columns of the whole read, in memory
//   for a block's columns (a block is small).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/text_spool.hpp"
#include "table/table.hpp"

namespace mlctl::table::detail {

// A categorical value whose text is still to be read again (see above).
inline constexpr std::int32_t kPending = -2;

// What the user declared of a column (DeclaredTypes).
enum class Declared { none, categorical, numeric };

class ColumnBuilder {
 public:
  // `keep_text`: keep the text of numeric values (an input that cannot be read again), in
  // `spool` when given, else in memory.
  // A column declared numeric names `source` and its field number `field` (1-based) in the
  // error for a value that is not a number. The column's values live in `arena` when given.
  explicit ColumnBuilder(std::string name, Declared declared = Declared::none,
                         bool keep_text = false, std::string source = {}, std::uint64_t field = 0,
                         std::shared_ptr<Spool> spool = {}, SpillArena* arena = nullptr);

  // Numeric until the first field that is neither missing nor a finite number (an error when
  // declared numeric); then categorical, every value a label as written.
  void add(std::string_view field, bool missing, std::uint64_t line);
  // add(field, false, line) for a field that parse_number reads as `value`, without parsing it
  // again.
  void add_number(double value, std::string_view field, std::uint64_t line) {
    if (column_.type != ColumnType::numeric) {
      add(field, false, line);
      return;
    }
    push_number(value);
    if (keep_text_) keep(field);
    read_numbers_ = true;
  }

  ColumnType type() const { return column_.type; }
  // Some value was read as a number (a later merge may need its text instead).
  bool read_numbers() const { return read_numbers_; }
  // The text kept of the numeric values (keep_text), taken: a block's, for the merge.
  std::string take_text() { return std::move(text_); }

  // Merging a later block's column, as built from that block alone:
  // numbers, while this column is numeric, and their text (keep_text);
  void append_numbers(const Numbers& numbers, const std::string& text);
  // the block's first non-number turns this column categorical;
  void turn_categorical(const std::string& first_non_number, std::uint64_t line);
  // a categorical block's values, while this column is categorical (kPending stays kPending);
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
  void take_numbers_in_place(std::size_t first, std::size_t count, const std::string& text);

  // Room for `rows` values of the column's current type.
  void reserve(std::size_t rows);

  // Rows up to which some value is kPending (0: none).
  std::size_t pending_end() const { return pending_end_; }
  // Resolving the pending values: the input read again from its first row, each row's field
  // given in order (resolve_row) up to pending_end() at least, then resolve_end(). Labels end
  // in order of first appearance, as if the text had been read the first time.
  void resolve_begin();
  void resolve_row(std::string_view field, bool missing);
  void resolve_end();

  // The column; values still pending (a block's, to be resolved by the merged column) are
  // kPending in it.
  Column finish() &&;

 private:
  std::int32_t intern(std::string_view value);
  void push_number(double value) {
    if (external_ != nullptr) {
      external_[count_++] = value;
    } else if (count_ < column_.numbers.size()) {
      column_.numbers[count_++] = value;
    } else {
      column_.numbers.push_back(value);
      ++count_;
    }
  }
  void keep(std::string_view field) {
    if (spooled_) {
      spooled_->add(field);
    } else {
      text_.append(field);
      text_.push_back('\0');
    }
  }
  void keep_joined(const std::string& text);
  void convert_to_categorical();
  std::int32_t resolved(std::int32_t code);

  Column column_;
  Declared declared_ = Declared::none;
  bool keep_text_ = false;
  std::string source_;
  std::uint64_t field_ = 0;
  bool read_numbers_ = false;
  std::size_t count_ = 0;                // numbers held: column_.numbers may have room beyond them
  double* external_ = nullptr;           // where the numbers go instead (write_numbers_to)
  Numbers retired_;                      // the room of a column turned categorical
  std::string text_;                     // keep_text: one entry per number held, each ending in NUL
  std::optional<SpooledTexts> spooled_;  // or there, with a spool
  std::size_t pending_end_ = 0;
  // While resolving: the labels before, what each became, and the next row.
  std::vector<std::string> old_labels_;
  std::vector<std::int32_t> new_code_;
  std::size_t cursor_ = 0;
  // Keys are copies, so they stay valid however `labels` grows; lookups take string_views.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> index_;
};

}  // namespace mlctl::table::detail
