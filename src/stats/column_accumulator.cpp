#include "stats/column_accumulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"
#include "stats/compensated_sum.hpp"
#include "stats/frequency.hpp"
#include "stats/histogram.hpp"
#include "stats/order_statistics.hpp"
#include "stats/quantile.hpp"

namespace mlctl::stats {
namespace {

// The numbers' summary in one pass for the sums and bounds, one for the spread and the bins,
// and the order statistics by selection (stats/order_statistics.hpp), not by sorting: the same
// values as from the sorted numbers. Sums run in the order read; being compensated, they round
// as in sorted order but for ties within 1e-20 of an ulp.
NumericSummary summarize_numbers(std::span<const double> values, std::size_t bins,
                                 OrderWorkspace& workspace, std::uint64_t& distinct) {
  NumericSummary summary;
  const auto n = static_cast<double>(values.size());
  CompensatedSum sum;
  double low = values.front();
  double high = values.front();
  for (const double x : values) {
    sum.add(x);
    // The first of equal minima and the last of equal maxima, as a stable sort leaves them.
    if (x < low) low = x;
    if (x >= high) high = x;
  }
  summary.mean = sum.value() / n;
  // Two passes over the kept values: the variance never suffers the cancellation of
  // sum(x^2) - n * mean^2.
  if (values.size() > 1) {
    CompensatedSum squares;
    for (const double x : values) squares.add((x - summary.mean) * (x - summary.mean));
    summary.std = std::sqrt(squares.value() / (n - 1.0));
  } else {
    summary.std = std::numeric_limits<double>::quiet_NaN();
  }
  summary.min = low;
  summary.max = high;
  const double quantiles[] = {0.25, 0.5, 0.75};
  QuantilePlace places[3];
  std::vector<std::size_t> ranks;
  for (std::size_t i = 0; i < 3; ++i) {
    places[i] = quantile_place(values.size(), quantiles[i]);
    ranks.push_back(places[i].lower);
    ranks.push_back(places[i].upper);
  }
  const OrderStatistics order = order_statistics(values, ranks, workspace);
  distinct = order.distinct;
  double* const out[] = {&summary.q25, &summary.median, &summary.q75};
  for (std::size_t i = 0; i < 3; ++i) {
    *out[i] = quantile_between(order.at[2 * i], order.at[2 * i + 1], places[i].fraction);
  }
  summary.histogram = make_histogram(values, low, high, bins);
  return summary;
}

}  // namespace

void ColumnAccumulator::add(std::string_view text, std::optional<double> number,
                            std::uint64_t line) {
  if (numeric()) {
    if (number) {
      numbers_.push_back(*number);
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
  for (auto& [value, count] : later.counts_) {
    if (auto it = counts_.find(value); it != counts_.end()) {
      it->second += count;
    } else {
      counts_.emplace(value, count);
    }
  }
}

void ColumnAccumulator::count_text(std::string_view text) {
  ++categorical_count_;
  if (auto it = counts_.find(text); it != counts_.end()) {
    ++it->second;
  } else {
    counts_.emplace(std::string(text), 1);
  }
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
  } else if (!numbers_.empty()) {
    pending_end_ = missing_ + numbers_.size();
    pending_ = numbers_.size();
  }
  numbers_.clear();
  numbers_.shrink_to_fit();
}

ColumnStats ColumnAccumulator::summarize(std::string name, const SummaryOptions& options,
                                         OrderWorkspace* workspace) {
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
    for (const auto& [value, count] : counts_) entries.push_back({value, count});
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
  return stats;
}

}  // namespace mlctl::stats
