#include "stats/reference_stats.hpp"

#include <algorithm>
#include <cmath>

#include "stats/frequency.hpp"
#include "stats/moments.hpp"
#include "stats/quantile.hpp"
#include "stats/sort_numbers.hpp"

namespace mlctl::stats {
namespace {

std::size_t stride_for(std::size_t present) {
  return (present + kReferenceSample - 1) / kReferenceSample;
}

void keep(std::vector<double>& sample, double v) {
  sample.push_back(v == 0.0 ? 0.0 : v);
}

// Values a block apart are summed and then sampled while the block is in cache (32 KB).
constexpr std::size_t kBlock = 4096;

// The moments of `values`, in one pass that also takes the stride sample that is right when no
// value is missing (then the count of present values, which sets the stride, is the size): a
// clean column is read from memory once. `sample` is wrong when values are missing.
Moments moments_and_clean_sample(std::span<const double> values, std::vector<double>& sample) {
  const std::size_t first = first_present(values);
  if (first == values.size()) return {};
  MomentSums sums(values[first]);
  const std::size_t stride = stride_for(values.size());
  sample.reserve(values.size() / stride + 1);
  const std::size_t groups = values.size() - values.size() % 4;
  std::size_t next = 0;  // the next index to sample
  for (std::size_t begin = 0; begin < groups; begin += kBlock) {
    const std::size_t end = std::min(begin + kBlock, groups);
    sums.add_groups(values.subspan(begin, end - begin));
    for (; next < end; next += stride) keep(sample, values[next]);
  }
  for (; next < values.size(); next += stride) keep(sample, values[next]);
  return sums.finish(values.subspan(groups));
}

// Every `stride`-th present value, the first one included, with -0.0 read as 0.0.
std::vector<double> stride_sample(std::span<const double> values, std::size_t present,
                                  std::size_t stride) {
  std::vector<double> sample;
  sample.reserve(present / stride + 1);
  std::size_t until_sampled = 0;
  for (const double v : values) {
    if (std::isnan(v)) continue;
    if (until_sampled == 0) {
      keep(sample, v);
      until_sampled = stride;
    }
    --until_sampled;
  }
  return sample;
}

// Distinct count, quantiles and drift bins of the (sampled) values.
void order_statistics(std::vector<double>& values, NumericReference& r) {
  sort_numbers(values);
  r.distinct = count_distinct(values);
  for (const int pct : kReferencePercents) {
    r.quantiles.push_back({pct, quantile_sorted(values, pct / 100.0)});
  }
  // Decile edges; equal edges (ties) are merged so every bin is a proper interval.
  for (int k = 1; k < kDriftBins; ++k) {
    const double edge = quantile_sorted(values, static_cast<double>(k) / kDriftBins);
    if (r.bin_edges.empty() || edge > r.bin_edges.back()) r.bin_edges.push_back(edge);
  }
  r.bin_shares.assign(r.bin_edges.size() + 1, 0.0);
  std::size_t bin = 0;
  for (const double v : values) {  // ascending, so the bin only moves up
    while (bin < r.bin_edges.size() && v > r.bin_edges[bin]) ++bin;
    r.bin_shares[bin] += 1.0;
  }
  for (auto& share : r.bin_shares) share /= static_cast<double>(values.size());
}

}  // namespace

NumericReference numeric_reference(std::span<const double> values) {
  std::vector<double> sample;
  const Moments m = moments_and_clean_sample(values, sample);
  NumericReference r;
  r.count = m.present;
  r.missing = values.size() - m.present;
  if (m.present == 0) return r;
  const std::size_t stride = stride_for(m.present);
  if (m.present != values.size()) sample = stride_sample(values, m.present, stride);
  r.mean = m.mean;
  r.std = m.present > 1 ? std::sqrt(m.squares / (static_cast<double>(m.present) - 1.0)) : 0.0;
  r.min = m.lo;
  r.max = m.hi;
  r.sampled = stride > 1;
  order_statistics(sample, r);
  return r;
}

CategoryReference category_reference(std::span<const std::int32_t> codes,
                                     std::span<const std::string> labels,
                                     std::size_t max_categories) {
  std::vector<std::uint64_t> counts(labels.size(), 0);
  std::uint64_t total = 0;
  for (const auto code : codes) {
    if (code < 0) continue;
    ++counts[static_cast<std::size_t>(code)];
    ++total;
  }
  CategoryReference r;
  r.count = total;
  r.missing = codes.size() - total;
  std::vector<LabelCount> entries;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0) entries.push_back({labels[i], counts[i]});
  }
  r.distinct = entries.size();
  double kept = 0.0;
  for (const LabelCount& entry : most_frequent(entries, max_categories)) {
    const double share = static_cast<double>(entry.count) / static_cast<double>(total);
    r.shares.emplace_back(std::string(entry.label), share);
    kept += share;
  }
  r.other_share = total == 0 ? 0.0 : std::max(0.0, 1.0 - kept);
  return r;
}

}  // namespace mlctl::stats
