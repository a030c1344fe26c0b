#pragma once
// Accumulates one column's values in a single pass and turns them into ColumnStats.
//
// Memory: a column that is numeric so far keeps every value as a double (8 bytes per row),
// because exact quantiles and the number of distinct values need them all. A categorical
// column keeps one count per distinct value, so it grows with the number of distinct values,
// not with the rows. When a column turns categorical mid-file, the values it read as numbers
// are counted as categories exactly as written ("3.0" and "3" are two): from their text, kept
// beside the numbers when the input cannot be read again (keep_text), from the numbers
// themselves when every one was written in one form that gives its text back (TextForm), or
// else from the input read again once this pass is over (pending_end, add_pending;
// csv_stats.cpp does).
//
// What counts as missing or as a number is the input format's rule, not this class's: the
// caller decides (for CSV, csv::Reader::is_missing and csv::parse_number).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/text_spool.hpp"
#include "stats/column_stats.hpp"
#include "stats/order_statistics.hpp"
#include "stats/text_counts.hpp"

namespace mlctl::stats {

struct SummaryOptions {
  std::size_t histogram_bins = 20;
  std::size_t top_values = 5;
};

// How a number was written, when its text can be made again from the number (the input
// format says; for CSV, csv::DecimalForm): in fixed-point notation with `decimals` digits after
// the point (-1: not so); `shortest`, the bits of the shortest forms it is in: kShortest, the
// shortest text that reads back as the same double, kShortestWithPoint, that text but for
// integral numbers, which end in ".0" (Python's and pandas' floats).
struct TextForm {
  static constexpr std::uint8_t kShortest = 1;
  static constexpr std::uint8_t kShortestWithPoint = 2;
  std::int8_t decimals = -1;
  std::uint8_t shortest = 0;
};

class ColumnAccumulator {
 public:
  // Keep the text of the numbers too (an input that cannot be read again, as a pipe), in
  // `spool` (a temporary file), while the column is numeric.
  void keep_text(std::shared_ptr<Spool> spool) { text_.emplace(std::move(spool)); }

  void add_missing() {
    ++missing_;
    if (text_) text_->add({});
  }
  // A non-missing value: its text, and the number it parses as (nullopt when it is not a
  // number). Once numeric() is false the number is ignored, so callers may skip parsing.
  void add(std::string_view text, std::optional<double> number, std::uint64_t line) {
    add(text, number, line, TextForm{});
  }
  // The same, with how a number was written: when every number of the column was written in
  // one form, no second read is needed should the column turn categorical.
  void add(std::string_view text, std::optional<double> number, std::uint64_t line, TextForm form) {
    // Inline, the common case: a number while numeric, no text kept.
    if (number && numeric() && !text_) {
      numbers_.push_back(*number);
      note_form(form);
      return;
    }
    add_other(text, number, line, form);
  }

  // True while every non-missing value so far was a number.
  bool numeric() const { return !because_.has_value(); }

  // The values read as numbers before the column turned categorical, when no text was kept:
  // they are on the rows before pending_end() (0: none), and each is to be given again, as
  // written, to add_pending(), before summarize().
  std::uint64_t pending_end() const { return pending_end_; }
  bool values_pending() const { return pending_ != 0; }  // some not given to add_pending yet
  // `text`, `count` of the pending values (a block's, counted apart: stats/block_stats.hpp).
  void add_pending(std::string_view text, std::uint64_t count = 1) {
    count_text(text, count);
    pending_ -= count;
  }

  // Another rank of a job found text in this column (stats/job_dataset_stats.hpp): `because`,
  // the job's first non-number, replaces this rank's own; values read as numbers turn to text
  // as when this rank finds one (kept text, or pending_end).
  void turn_categorical(NotNumberEvidence because);

  // Room for `rows` numbers while the column is numeric (none once it is categorical). Returns
  // the room not written yet (to fault in ahead: common/prefault.hpp).
  std::span<std::byte> reserve(std::size_t rows) {
    if (!numeric()) return {};
    numbers_.reserve(rows);
    return std::as_writable_bytes(
        std::span(numbers_.data() + numbers_.size(), numbers_.capacity() - numbers_.size()));
  }

  // Appends `later`, the accumulator of the rows right after this one's (a block of a parallel
  // read, stats/csv_stats.cpp), as if its values had been added here. `joined` (with
  // keep_text): the text of later's rows while it was numeric, as SpooledTexts::add joins them.
  // When this column is categorical and `later` numeric, later's numbers are not counted here:
  // the caller gives their text to add(), as for any value of a categorical column.
  void append(ColumnAccumulator&& later, std::string_view joined);

  // This rank's part, for a job's statistics (stats/job_dataset_stats.hpp).
  std::uint64_t missing() const { return missing_; }
  const std::optional<NotNumberEvidence>& because() const { return because_; }
  std::vector<double>& numbers() { return numbers_; }  // while numeric, in the order read
  std::uint64_t categorical_count() const { return categorical_count_; }
  template <typename Visit>  // visit(value, count) for each distinct text, once categorical
  void for_each_count(const Visit& visit) const {
    counts_.for_each(visit);
  }

  // The column's statistics, once every value is in. It uses up the column: the numbers'
  // memory holds their keys for the order statistics (no copy of them), then is freed.
  // `workspace`, when given, is reused (stats/order_statistics.hpp).
  ColumnStats summarize(std::string name, const SummaryOptions& options,
                        OrderWorkspace* workspace = nullptr) &&;

 private:
  void count_text(std::string_view text, std::uint64_t count = 1);
  void become_categorical(std::string_view text, std::uint64_t line);
  void add_other(std::string_view text, std::optional<double> number, std::uint64_t line,
                 TextForm form);
  void note_form(TextForm form) {
    form_.decimals =
        form_.decimals == form.decimals || form_.decimals == kNoNumbers ? form.decimals : -1;
    form_.shortest &= form.shortest;
  }
  void drop_numbers();
  // Counts each number by the text it was written as; false when their forms do not tell it.
  bool count_numbers_as_written();

  std::uint64_t missing_ = 0;
  std::vector<double> numbers_;               // while numeric
  TextCounts counts_;                         // once categorical
  std::uint64_t categorical_count_ = 0;       // non-missing values, once categorical
  std::optional<NotNumberEvidence> because_;  // set when the column turned categorical
  std::optional<SpooledTexts> text_;  // keep_text: each row's text while numeric ("" missing)
  std::uint64_t pending_end_ = 0;
  std::uint64_t pending_ = 0;  // values still to come to add_pending
  // The form every number so far was written in (decimals kNoNumbers: none yet; -1: no one
  // number of decimals).
  static constexpr std::int8_t kNoNumbers = -2;
  TextForm form_{kNoNumbers, TextForm::kShortest | TextForm::kShortestWithPoint};
};

}  // namespace mlctl::stats
