#include "pipeline/numeric_fit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "common/double_pair.hpp"
#include "common/parallel.hpp"
#include "stats/distributed_quantile.hpp"

namespace mlctl::pipeline {

bool is_consecutive(std::span<const std::size_t> rows) {
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i] != rows[0] + i) return false;
  }
  return true;
}

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// A numeric column's values at a run of consecutive rows, or at listed rows.
struct RunOfRows {
  const double* first;
  double operator()(std::size_t i) const { return first[i]; }
};
struct ListedRows {
  const double* numbers;
  const std::size_t* rows;
  double operator()(std::size_t i) const { return numbers[rows[i]]; }
};

// Calls work(n, value) with `value(i)` the column's value at the i-th of the n rows. The values
// are read through `rows` on every pass, not copied (a million rows is 8 MB of fresh pages per
// column); a run of consecutive rows (all rows, with --holdout 0) is read directly.
template <class Work>
auto with_values(const table::Column& column, std::span<const std::size_t> rows, bool consecutive,
                 const Work& work) {
  if (consecutive) {
    return work(rows.size(), RunOfRows{column.numbers.data() + (rows.empty() ? 0 : rows.front())});
  }
  return work(rows.size(), ListedRows{column.numbers.data(), rows.data()});
}

// The count of the present (non-NaN) values among value(0..n-1) and the sum of term(v) over
// them, in four interleaved sums: a single chain waits on every addition, four run at the
// adds' throughput. A run of rows sums lanes (0, 1) and (2, 3) as pairs (double_pair.hpp);
// adding 0.0 for a missing value there leaves the same bits as skipping it.
template <class Value, class Term>
std::pair<std::size_t, double> sum_present(std::size_t n, const Value& value, const Term& term) {
  std::size_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  // A branch, not a select: with nothing missing it is always taken and costs nothing.
  const auto add = [&term](double v, std::size_t& count, double& sum) {
    if (v == v) {
      ++count;
      sum += term(v);
    }
  };
  std::size_t i = 0;
  if constexpr (std::is_same_v<Value, RunOfRows>) {
    DoublePairMask count01 = {0, 0};
    DoublePairMask count23 = {0, 0};
    DoublePair sum01 = {0.0, 0.0};
    DoublePair sum23 = {0.0, 0.0};
    const DoublePair zero = {0.0, 0.0};
    for (; i + 4 <= n; i += 4) {
      const DoublePair a = load_pair(value.first + i);
      const DoublePair b = load_pair(value.first + i + 2);
      const DoublePairMask present_a = a == a;
      const DoublePairMask present_b = b == b;
      count01 -= present_a;
      count23 -= present_b;
      sum01 += present_a ? term(a) : zero;
      sum23 += present_b ? term(b) : zero;
    }
    c0 = static_cast<std::size_t>(count01[0]);
    c1 = static_cast<std::size_t>(count01[1]);
    c2 = static_cast<std::size_t>(count23[0]);
    c3 = static_cast<std::size_t>(count23[1]);
    s0 = sum01[0];
    s1 = sum01[1];
    s2 = sum23[0];
    s3 = sum23[1];
  } else {
    for (; i + 4 <= n; i += 4) {
      add(value(i), c0, s0);
      add(value(i + 1), c1, s1);
      add(value(i + 2), c2, s2);
      add(value(i + 3), c3, s3);
    }
  }
  for (; i < n; ++i) add(value(i), c0, s0);
  return {(c0 + c1) + (c2 + c3), (s0 + s1) + (s2 + s3)};
}

// One column's first pass: its present values' count and sum, and (for minmax) the first
// smallest and the last largest value, as std::minmax_element.
struct FirstPass {
  std::size_t present = 0;
  double sum = 0.0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
};

template <class Value>
FirstPass first_pass(std::size_t n, const Value& value, const PipelineOptions& options) {
  FirstPass pass;
  std::tie(pass.present, pass.sum) = sum_present(n, value, [](auto v) { return v; });
  if (options.scale != Scaling::minmax) return pass;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = value(i);
    if (std::isnan(v)) continue;
    if (v < pass.lo) pass.lo = v;
    if (!(v < pass.hi)) pass.hi = v;
  }
  return pass;
}

// The column's present values, copied.
template <class Value>
std::vector<double> present_values(std::size_t n, const Value& value, std::size_t present) {
  std::vector<double> values;
  values.reserve(present);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = value(i);
    if (!std::isnan(v)) values.push_back(v);
  }
  return values;
}

double median_of(std::vector<double> values) {
  const std::size_t n = values.size();
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (n % 2 == 1) return *mid;
  const double upper = *mid;
  const double lower = *std::max_element(values.begin(), mid);
  return stats::median_midpoint(lower, upper);
}

}  // namespace

namespace {

// The job-wide minimum and maximum of each column into `total`, and the zero one process keeps
// of -0.0 and +0.0 (they compare equal): the first smallest value is the one of the lowest rank
// holding the minimum (the ranks' rows are in rank order), the last largest the one of the
// highest rank holding the maximum. One minimum of codes 2 x rank + sign bit (2 x (size - 1 -
// rank) + sign bit for the maximum) finds that rank and the sign of its value at once.
void job_wide_range(const std::vector<FirstPass>& local, std::vector<FirstPass>& total,
                    distributed::Communicator& comm) {
  const std::size_t m = local.size();
  std::vector<double> lo(m);
  std::vector<double> hi(m);
  for (std::size_t j = 0; j < m; ++j) {
    lo[j] = local[j].lo;
    hi[j] = local[j].hi;
  }
  comm.allreduce(lo, distributed::Reduction::min);
  comm.allreduce(hi, distributed::Reduction::max);
  constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();
  const std::int64_t rank = comm.rank();
  const std::int64_t mirrored = comm.size() - 1 - rank;
  std::vector<std::int64_t> keeper(2 * m);
  for (std::size_t j = 0; j < m; ++j) {
    keeper[2 * j] = local[j].lo == lo[j] ? 2 * rank + std::signbit(local[j].lo) : kNone;
    keeper[2 * j + 1] = local[j].hi == hi[j] ? 2 * mirrored + std::signbit(local[j].hi) : kNone;
  }
  comm.allreduce(keeper, distributed::Reduction::min);
  const auto with_sign = [](double v, std::int64_t code) {
    return code == kNone ? v : std::copysign(v, (code & 1) != 0 ? -1.0 : 1.0);
  };
  for (std::size_t j = 0; j < m; ++j) {
    total[j].lo = with_sign(lo[j], keeper[2 * j]);
    total[j].hi = with_sign(hi[j], keeper[2 * j + 1]);
  }
}

// The job-wide first pass of every column (null `comm`: `local` itself); `rows` becomes the
// job-wide number of rows.
std::vector<FirstPass> job_wide(const std::vector<FirstPass>& local, std::size_t& rows,
                                const PipelineOptions& options, distributed::Communicator* comm) {
  if (comm == nullptr) return local;
  const std::size_t m = local.size();
  std::vector<std::int64_t> counts(m + 1);
  std::vector<double> sums(m);
  for (std::size_t j = 0; j < m; ++j) {
    counts[j] = static_cast<std::int64_t>(local[j].present);
    sums[j] = local[j].sum;
  }
  counts[m] = static_cast<std::int64_t>(rows);
  comm->allreduce(counts, distributed::Reduction::sum);
  comm->allreduce(sums, distributed::Reduction::sum);
  std::vector<FirstPass> total(m);
  for (std::size_t j = 0; j < m; ++j) {
    total[j].present = static_cast<std::size_t>(counts[j]);
    total[j].sum = sums[j];
  }
  rows = static_cast<std::size_t>(counts[m]);
  if (options.scale == Scaling::minmax) job_wide_range(local, total, *comm);
  return total;
}

// The columns' values on this process.
struct Values {
  std::span<const table::Column* const> columns;
  std::span<const std::size_t> rows;
  bool consecutive;
  unsigned threads;
};

// Each column's fill value (0.0 where no row has a value): the job-wide mean or exact median.
std::vector<double> fill_values(const Values& in, const std::vector<FirstPass>& local,
                                const std::vector<FirstPass>& total, const PipelineOptions& options,
                                distributed::Communicator* comm) {
  const std::size_t m = total.size();
  std::vector<double> fill(m, 0.0);
  if (options.impute == Imputation::mean) {
    for (std::size_t j = 0; j < m; ++j) {
      if (total[j].present > 0) fill[j] = total[j].sum / static_cast<double>(total[j].present);
    }
    return fill;
  }
  // This process's present values of each column that has any; alone, its median right away.
  const bool alone = comm == nullptr || comm->size() == 1;
  std::vector<std::vector<double>> parts(m);
  parallel_for(m, in.threads, [&](std::size_t j) {
    if (total[j].present == 0) return;
    auto values =
        with_values(*in.columns[j], in.rows, in.consecutive, [&](std::size_t n, const auto& value) {
          return present_values(n, value, local[j].present);
        });
    if (alone) {
      fill[j] = median_of(std::move(values));
    } else {
      parts[j] = std::move(values);
    }
  });
  if (alone) return fill;
  std::vector<std::size_t> wanted;  // the same columns on every rank: by job-wide counts
  std::vector<std::vector<double>> sets;
  for (std::size_t j = 0; j < m; ++j) {
    if (total[j].present == 0) continue;
    wanted.push_back(j);
    sets.push_back(std::move(parts[j]));
  }
  const std::vector<double> median = stats::medians(std::move(sets), comm);
  for (std::size_t i = 0; i < wanted.size(); ++i) fill[wanted[i]] = median[i];
  return fill;
}

// StandardScaler on the imputed column (every missing row holds `fill`): the job-wide mean, then
// the population variance (ddof=0) from a second pass about it.
void standard_scale(const Values& in, const std::vector<FirstPass>& total, std::size_t n,
                    std::vector<Feature>& features, distributed::Communicator* comm) {
  const std::size_t m = total.size();
  const auto rows = static_cast<double>(n);
  std::vector<double> mean(m, 0.0);
  std::vector<double> squares(m, 0.0);
  parallel_for(m, in.threads, [&](std::size_t j) {
    if (total[j].present == 0) return;
    const auto missing = static_cast<double>(n - total[j].present);
    mean[j] = (total[j].sum + missing * features[j].fill) / rows;
    const double c = mean[j];
    squares[j] = with_values(
        *in.columns[j], in.rows, in.consecutive, [c](std::size_t count, const auto& value) {
          return sum_present(count, value, [c](auto v) { return (v - c) * (v - c); }).second;
        });
  });
  if (comm != nullptr) comm->allreduce(squares, distributed::Reduction::sum);
  for (std::size_t j = 0; j < m; ++j) {
    if (total[j].present == 0) continue;
    Feature& f = features[j];
    const auto missing = static_cast<double>(n - total[j].present);
    const double squared = missing * (f.fill - mean[j]) * (f.fill - mean[j]) + squares[j];
    const double var = squared / rows;
    // scikit-learn's _is_constant_feature: variance within rounding error of zero.
    const double bound = rows * kEps * var + (rows * mean[j] * kEps) * (rows * mean[j] * kEps);
    f.center = mean[j];
    f.scale = var <= bound ? 1.0 : std::sqrt(var);
  }
}

}  // namespace

std::vector<Feature> fit_numeric_features(std::span<const table::Column* const> columns,
                                          std::span<const std::size_t> rows,
                                          const PipelineOptions& options, unsigned threads,
                                          distributed::Communicator* comm) {
  const Values in{columns, rows, is_consecutive(rows), threads};
  const std::size_t m = columns.size();
  std::vector<FirstPass> local(m);
  parallel_for(m, threads, [&](std::size_t j) {
    local[j] = with_values(
        *columns[j], rows, in.consecutive,
        [&](std::size_t n, const auto& value) { return first_pass(n, value, options); });
  });
  std::size_t n = rows.size();
  const std::vector<FirstPass> total = job_wide(local, n, options, comm);
  const std::vector<double> fill = fill_values(in, local, total, options, comm);
  std::vector<Feature> features(m);
  for (std::size_t j = 0; j < m; ++j) {
    features[j].name = columns[j]->name;
    features[j].type = table::ColumnType::numeric;
    features[j].fill = fill[j];  // nothing to learn without a value: a constant zero column
  }
  if (options.scale == Scaling::standard) {
    standard_scale(in, total, n, features, comm);
  } else if (options.scale == Scaling::minmax) {
    // The fill value (mean or median) lies within the observed range, so imputing moves neither
    // end.
    for (std::size_t j = 0; j < m; ++j) {
      if (total[j].present == 0) continue;
      const double range = total[j].hi - total[j].lo;
      features[j].center = total[j].lo;
      features[j].scale = range < 10 * kEps ? 1.0 : range;
    }
  }
  return features;
}

}  // namespace mlctl::pipeline
