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
  return reference_stride(present);
}

// Every `stride`-th present value of a column, the first one included, with -0.0 read as 0.0;
// the column given block by block, in order.
class StrideSampler {
 public:
  // `skip`: present values to pass before the first one sampled.
  StrideSampler(std::size_t stride, std::size_t values, std::size_t skip = 0)
      : stride_(stride), until_(skip) {
    sample_.reserve(values / stride + 1);
  }
  // `clean`: no value of `block` is missing, so the present values are where they stand.
  void add(std::span<const double> block, bool clean) {
    if (clean) {
      for (; until_ < block.size(); until_ += stride_) keep(block[until_]);
      until_ -= block.size();
      return;
    }
    for (const double v : block) {
      if (std::isnan(v)) continue;
      if (until_ == 0) {
        keep(v);
        until_ = stride_;
      }
      --until_;
    }
  }
  std::vector<double> take() { return std::move(sample_); }

 private:
  void keep(double v) { sample_.push_back(v == 0.0 ? 0.0 : v); }

  std::size_t stride_;
  std::size_t until_;  // present values to pass before the next one sampled
  std::vector<double> sample_;
};

// Values a block apart are summed and then sampled while the block is in cache (32 KB).
constexpr std::size_t kBlock = 4096;

// The moments of `values` and its stride sample, in one pass over it. The stride depends on the
// count of present values, known only at the end: the pass samples with the stride of the
// column's size, which is the right one unless missing values lower it (then a second pass).
Moments moments_and_sample(std::span<const double> values, std::vector<double>& sample) {
  const std::size_t first = first_present(values);
  if (first == values.size()) return {};
  MomentSums sums(values[first]);
  const std::size_t stride = stride_for(values.size());
  StrideSampler sampler(stride, values.size());
  const std::size_t groups = values.size() - values.size() % 4;
  for (std::size_t begin = 0; begin < groups; begin += kBlock) {
    const std::span<const double> block = values.subspan(begin, std::min(kBlock, groups - begin));
    const std::size_t before = sums.present();
    sums.add_groups(block);
    sampler.add(block, sums.present() - before == block.size());
  }
  const Moments m = sums.finish(values.subspan(groups));
  sampler.add(values.subspan(groups), false);
  if (stride_for(m.present) == stride) {
    sample = sampler.take();
  } else {
    StrideSampler again(stride_for(m.present), m.present);
    again.add(values, false);
    sample = again.take();
  }
  return m;
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

std::size_t reference_stride(std::uint64_t present) {
  return static_cast<std::size_t>((present + kReferenceSample - 1) / kReferenceSample);
}

void add_stride_sample(std::span<const double> part, std::size_t stride, std::uint64_t first_index,
                       std::vector<double>& sample) {
  const auto skip = static_cast<std::size_t>((stride - first_index % stride) % stride);
  StrideSampler sampler(stride, part.size(), skip);
  sampler.add(part, false);
  const std::vector<double> taken = sampler.take();
  sample.insert(sample.end(), taken.begin(), taken.end());
}

NumericReference numeric_reference(std::span<const double> values) {
  std::vector<double> sample;
  const Moments m = moments_and_sample(values, sample);
  return numeric_reference_from(m, values.size() - m.present, std::move(sample));
}

NumericReference numeric_reference_from(const Moments& m, std::uint64_t missing,
                                        std::vector<double> sample) {
  NumericReference r;
  r.count = m.present;
  r.missing = missing;
  if (m.present == 0) return r;
  const std::size_t stride = stride_for(m.present);
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
  std::vector<LabelCount> entries;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0) entries.push_back({labels[i], counts[i]});
  }
  return category_reference_from(entries, codes.size() - total, max_categories);
}

CategoryReference category_reference_from(std::span<LabelCount> entries, std::uint64_t missing,
                                          std::size_t max_categories) {
  std::uint64_t total = 0;
  for (const LabelCount& entry : entries) total += entry.count;
  CategoryReference r;
  r.count = total;
  r.missing = missing;
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
