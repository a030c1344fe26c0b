#include "stats/column_accumulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"
#include "stats/compensated_sum.hpp"
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

std::uint64_t count_distinct(std::span<const double> sorted) {
  if (sorted.empty()) return 0;
  std::uint64_t distinct = 1;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] != sorted[i - 1]) ++distinct;
  }
  return distinct;
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
    std::vector<const Counts::value_type*> entries;
    entries.reserve(counts_.size());
    for (const auto& entry : counts_) entries.push_back(&entry);
    const auto more_frequent = [](const Counts::value_type* a, const Counts::value_type* b) {
      return a->second != b->second ? a->second > b->second : a->first < b->first;
    };
    const std::size_t top = std::min(options.top_values, entries.size());
    std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(top),
                      entries.end(), more_frequent);
    for (std::size_t i = 0; i < top; ++i) {
      summary.top.push_back({entries[i]->first, entries[i]->second});
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
