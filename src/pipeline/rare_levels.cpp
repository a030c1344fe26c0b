#include "pipeline/rare_levels.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::pipeline {
namespace {

// The value as the message shows it: "" for an empty one.
std::string_view shown(std::string_view text) {
  return text.empty() ? "\"\"" : text;
}

}  // namespace

double parse_min_frequency(std::string_view text) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool number = ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
  const bool fraction = value > 0.0 && value < 1.0;
  const bool count = value >= 1.0 && value == std::floor(value);
  if (!number || !(fraction || count)) {
    throw Error(ErrorKind::usage,
                fmt::format("--min-frequency must be a whole count >= 1 or a fraction in (0, 1), "
                            "got {}",
                            shown(text)));
  }
  return value;
}

std::size_t parse_max_categories(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 2) {
    throw Error(ErrorKind::usage,
                fmt::format("--max-categories must be a whole number >= 2, got {}", shown(text)));
  }
  return value;
}

bool rare_levels_enabled(const PipelineOptions& options) {
  return options.min_frequency.has_value() || options.max_categories.has_value();
}

namespace {

// Which of the n levels (the categories, then missing values when there are any) are
// infrequent, as scikit-learn's OneHotEncoder._identify_infrequent.
std::vector<bool> infrequent_levels(const std::vector<std::uint64_t>& count, std::size_t rows,
                                    const PipelineOptions& options) {
  const std::size_t n = count.size();
  std::vector<bool> rare(n, false);
  std::size_t rare_count = 0;
  if (options.min_frequency) {
    const double m = *options.min_frequency;
    // A fraction is of the rows the pipeline is fitted on, in float64 as numpy computes it.
    const double threshold = m >= 1.0 ? m : static_cast<double>(rows) * m;
    for (std::size_t k = 0; k < n; ++k) {
      rare[k] = static_cast<double>(count[k]) < threshold;
      rare_count += rare[k] ? 1 : 0;
    }
  }
  // The columns that would remain, the infrequent one included even when empty (as scikit-learn
  // counts it).
  const std::size_t kept = n - rare_count + 1;
  if (options.max_categories && *options.max_categories < kept) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&count](std::size_t a, std::size_t b) { return count[a] < count[b]; });
    // K - 1 levels stay; the ones already rare sort first (K >= 1 here: K < kept <= n + 1).
    const std::size_t join = n + 1 - *options.max_categories;
    for (std::size_t i = 0; i < join && i < n; ++i) rare[order[i]] = true;
  }
  return rare;
}

}  // namespace

void group_rare_levels(Feature& f, std::span<const std::uint64_t> counts, std::uint64_t missing,
                       std::size_t rows, const PipelineOptions& options) {
  if (!rare_levels_enabled(options)) return;
  std::vector<std::uint64_t> count(counts.begin(), counts.end());
  if (missing > 0) count.push_back(missing);
  const std::vector<bool> rare = infrequent_levels(count, rows, options);
  std::vector<std::string> frequent;
  for (std::size_t k = 0; k < f.categories.size(); ++k) {
    (rare[k] ? f.infrequent : frequent).push_back(std::move(f.categories[k]));
  }
  f.categories = std::move(frequent);
  if (missing > 0 && rare.back()) {
    f.missing_category = false;
    f.missing_infrequent = true;
  }
}

}  // namespace mlctl::pipeline
