#include "stats/column_accumulator.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "common/error.hpp"
#include "stats/compensated_sum.hpp"
#include "stats/frequency.hpp"
#include "stats/histogram.hpp"
#include "stats/number_key.hpp"
#include "stats/order_statistics.hpp"
#include "stats/quantile.hpp"

namespace mlctl::stats {
namespace {

// The numbers' summary in two passes: one for the sum and the bounds, counting the numbers'
// keys (stats/number_key.hpp) while there are few distinct ones; one for the spread, the bins
// and the first split of the keys, each key written over its number in place. The order
// statistics (stats/order_statistics.hpp) count the distinct values and find the quartiles
// from the counts or by selection, not by sorting: the same values as from the sorted numbers.
// The numbers are gone afterwards. Sums run in the order read; being compensated, they round
// as in sorted order but for ties within 1e-20 of an ulp.
NumericSummary summarize_numbers(std::vector<double>& numbers, std::size_t bins,
                                 OrderWorkspace& workspace, std::uint64_t& distinct) {
  NumericSummary summary;
  const std::size_t size = numbers.size();
  const auto n = static_cast<double>(size);
  double* const values = numbers.data();
  CompensatedSum sum;
  // The bounds in two lanes, the numbers at even and at odd places, so that neither waits on
  // the other; the sum's additions wait on one another, and the keys' work fills the wait.
  double low[2] = {values[0], values[0]};
  double high[2] = {values[0], values[0]};
  FewKeys few(workspace.few);
  const auto first = [&](std::size_t i, int lane) {
    const double x = values[i];
    sum.add(x);
    if (x < low[lane]) low[lane] = x;
    if (x >= high[lane]) high[lane] = x;
    few.add(number_key(x));
  };
  std::size_t pair = 0;
  for (; pair + 1 < size; pair += 2) {
    first(pair, 0);
    first(pair + 1, 1);
  }
  if (pair < size) first(pair, 0);
  // The first of equal minima and the last of equal maxima, as a stable sort leaves them:
  // equal numbers differ only when they are zeros of two signs, the one found first (last).
  summary.min = low[1] < low[0] ? low[1] : low[0];
  summary.max = high[1] > high[0] ? high[1] : high[0];
  if (summary.min == 0.0) summary.min = *std::find(values, values + size, 0.0);
  if (summary.max == 0.0)
    summary.max =
        *std::find(std::reverse_iterator(values + size), std::reverse_iterator(values), 0.0);
  summary.mean = sum.value() / n;
  // Over the kept values again: the variance never suffers the cancellation of
  // sum(x^2) - n * mean^2.
  CompensatedSum squares;
  HistogramBins histogram(summary.min, summary.max, bins);
  KeySplit split(number_key(summary.min), number_key(summary.max));
  const auto spread = [&](auto split_too) {
    for (std::size_t at = 0; at < size; ++at) {
      const double x = values[at];
      squares.add((x - summary.mean) * (x - summary.mean));
      histogram.add(x);
      const std::uint64_t key = number_key(x);
      if constexpr (split_too) split.add(key);
      new (values + at) std::uint64_t(key);  // the number's storage holds its key from here on
    }
  };
  // The split serves only when the keys were too many to count.
  if (few.counted()) {
    spread(std::false_type{});
  } else {
    spread(std::true_type{});
  }
  const std::span<std::uint64_t> keys(std::launder(reinterpret_cast<std::uint64_t*>(values)), size);
  summary.std =
      size > 1 ? std::sqrt(squares.value() / (n - 1.0)) : std::numeric_limits<double>::quiet_NaN();
  summary.histogram = std::move(histogram).take();
  const double quantiles[] = {0.25, 0.5, 0.75};
  QuantilePlace places[3];
  std::vector<std::size_t> ranks;
  for (std::size_t i = 0; i < 3; ++i) {
    places[i] = quantile_place(size, quantiles[i]);
    ranks.push_back(places[i].lower);
    ranks.push_back(places[i].upper);
  }
  const OrderStatistics order = order_statistics_of_keys(keys, split, few, ranks, workspace);
  distinct = order.distinct;
  double* const out[] = {&summary.q25, &summary.median, &summary.q75};
  for (std::size_t i = 0; i < 3; ++i) {
    *out[i] = quantile_between(order.at[2 * i], order.at[2 * i + 1], places[i].fraction);
  }
  return summary;
}

}  // namespace

void ColumnAccumulator::add_other(std::string_view text, std::optional<double> number,
                                  std::uint64_t line, TextForm form) {
  if (numeric()) {
    if (number) {
      numbers_.push_back(*number);
      note_form(form);
      if (text_) text_->add(text);
      return;
    }
    become_categorical(text, line);
  }
  count_text(text);
}

void ColumnAccumulator::append(ColumnAccumulator&& later, std::string_view joined) {
  missing_ += later.missing_;
  if (later.numeric()) {
    if (!numeric()) return;  // the caller counts later's numbers by their text
    numbers_.insert(numbers_.end(), later.numbers_.begin(), later.numbers_.end());
    if (later.form_.decimals != kNoNumbers) note_form(later.form_);
    if (text_) text_->add_joined(joined);
    return;
  }
  if (numeric()) {
    // The rows before later's: this column's numbers turn to text (kept, or read again).
    missing_ -= later.missing_;
    turn_categorical(*later.because_);
    missing_ += later.missing_;
  }
  categorical_count_ += later.categorical_count_;
  later.counts_.for_each(
      [&](std::string_view value, std::uint64_t count) { counts_.add(value, count); });
}

void ColumnAccumulator::count_text(std::string_view text, std::uint64_t count) {
  categorical_count_ += count;
  counts_.add(text, count);
}

void ColumnAccumulator::become_categorical(std::string_view text, std::uint64_t line) {
  because_ = NotNumberEvidence{std::string(text), line};
  drop_numbers();
}

void ColumnAccumulator::turn_categorical(NotNumberEvidence because) {
  const bool was_numeric = numeric();
  because_ = std::move(because);
  if (was_numeric) drop_numbers();
}

void ColumnAccumulator::drop_numbers() {
  if (text_) {
    // One entry per row so far, empty for a missing value.
    text_->drain([&](std::string_view value) {
      if (!value.empty()) count_text(value);
    });
    text_.reset();
  } else if (!numbers_.empty() && !count_numbers_as_written()) {
    pending_end_ = missing_ + numbers_.size();
    pending_ = numbers_.size();
  }
  numbers_.clear();
  numbers_.shrink_to_fit();
}

bool ColumnAccumulator::count_numbers_as_written() {
  const bool fixed = form_.decimals >= 0;
  if (form_.decimals == kNoNumbers || !(fixed || form_.shortest != 0)) return false;
  // Only kShortestWithPoint: 3 is "3.0".
  const bool add_point = !fixed && (form_.shortest & TextForm::kShortest) == 0;
  // Up to 15 significant digits in fixed notation (the forms' limit): under 40 characters.
  char text[64];
  for (const double x : numbers_) {
    auto written = fixed
                       ? std::to_chars(text, text + 60, x, std::chars_format::fixed, form_.decimals)
                       : std::to_chars(text, text + 60, x, std::chars_format::fixed);
    if (written.ec != std::errc{}) {
      throw Error(ErrorKind::internal, "describe: a number's text does not fit its form");
    }
    if (add_point && std::find(text, written.ptr, '.') == written.ptr) {
      *written.ptr++ = '.';
      *written.ptr++ = '0';
    }
    count_text(std::string_view(text, static_cast<std::size_t>(written.ptr - text)));
  }
  return true;
}

ColumnStats ColumnAccumulator::summarize(std::string name, const SummaryOptions& options,
                                         OrderWorkspace* workspace) && {
  ColumnStats stats;
  stats.name = std::move(name);
  stats.missing = missing_;
  if (!numeric()) {
    if (pending_ != 0) {
      throw Error(ErrorKind::internal, "describe: a column's values were left unread");
    }
    stats.type = ColumnType::categorical;
    stats.count = categorical_count_;
    stats.distinct = counts_.size();
    CategoricalSummary summary;
    summary.because = *because_;
    std::vector<LabelCount> entries;
    entries.reserve(counts_.size());
    counts_.for_each([&](std::string_view value, std::uint64_t count) {
      entries.push_back({value, count});
    });
    for (const LabelCount& entry : most_frequent(entries, options.top_values)) {
      summary.top.push_back({std::string(entry.label), entry.count});
    }
    stats.categorical = std::move(summary);
    return stats;
  }
  stats.count = numbers_.size();
  if (numbers_.empty()) {
    stats.type = ColumnType::empty;
    return stats;
  }
  stats.type = ColumnType::numeric;
  OrderWorkspace own;
  stats.numeric = summarize_numbers(numbers_, options.histogram_bins,
                                    workspace != nullptr ? *workspace : own, stats.distinct);
  // Keys now, not numbers: their memory serves as the next column's scratch (no fresh pages
  // to clear), or goes back.
  if (workspace != nullptr) workspace->spare.keep(std::move(numbers_));
  numbers_ = {};
  return stats;
}

}  // namespace mlctl::stats
