#include "stats/column_accumulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"
#include "stats/compensated_sum.hpp"
#include "stats/frequency.hpp"
#include "stats/quantile.hpp"
#include "stats/sort_numbers.hpp"

namespace mlctl::stats {
namespace {

NumericSummary summarize_numbers(std::span<const double> sorted, std::size_t bins) {
  NumericSummary summary;
  const auto n = static_cast<double>(sorted.size());
  CompensatedSum sum;
  for (const double x : sorted) sum.add(x);
  summary.mean = sum.value() / n;
  // Two passes over the kept values: the variance never suffers the cancellation of
  // sum(x^2) - n * mean^2.
  if (sorted.size() > 1) {
    CompensatedSum squares;
    for (const double x : sorted) squares.add((x - summary.mean) * (x - summary.mean));
    summary.std = std::sqrt(squares.value() / (n - 1.0));
  } else {
    summary.std = std::numeric_limits<double>::quiet_NaN();
  }
  summary.min = sorted.front();
  summary.q25 = quantile_sorted(sorted, 0.25);
  summary.median = quantile_sorted(sorted, 0.5);
  summary.q75 = quantile_sorted(sorted, 0.75);
  summary.max = sorted.back();
  summary.histogram = make_histogram(sorted, bins);
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

ColumnStats ColumnAccumulator::summarize(std::string name, const SummaryOptions& options) {
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
  sort_numbers(numbers_);
  stats.distinct = count_distinct(numbers_);
  stats.numeric = summarize_numbers(numbers_, options.histogram_bins);
  return stats;
}

}  // namespace mlctl::stats
