#include "pipeline/feature_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include <fmt/format.h>

#include "common/double_pair.hpp"
#include "common/error.hpp"
#include "common/parallel.hpp"
#include "pipeline/category_index.hpp"
#include "pipeline/rare_levels.hpp"

namespace mlctl::pipeline {

const char* to_string(Imputation imputation) {
  return imputation == Imputation::mean ? "mean" : "median";
}

const char* to_string(Scaling scaling) {
  switch (scaling) {
    case Scaling::standard:
      return "standard";
    case Scaling::minmax:
      return "minmax";
    case Scaling::none:
      return "none";
  }
  return "?";
}

Imputation parse_imputation(std::string_view text) {
  if (text == "mean") return Imputation::mean;
  if (text == "median") return Imputation::median;
  throw Error(ErrorKind::usage, fmt::format("unknown imputation \"{}\" (mean, median)", text));
}

Scaling parse_scaling(std::string_view text) {
  if (text == "standard") return Scaling::standard;
  if (text == "minmax") return Scaling::minmax;
  if (text == "none") return Scaling::none;
  throw Error(ErrorKind::usage,
              fmt::format("unknown scaling \"{}\" (standard, minmax, none)", text));
}

FeaturePipeline::FeaturePipeline(PipelineOptions options, std::vector<Feature> features)
    : options_(options), features_(std::move(features)) {
  for (const auto& f : features_) {
    offsets_.push_back(width_);
    width_ += f.width();
  }
}

std::vector<std::string> FeaturePipeline::encoded_names() const {
  std::vector<std::string> names;
  names.reserve(width_);
  for (const auto& f : features_) {
    if (f.type == table::ColumnType::numeric) {
      names.push_back(f.name);
      continue;
    }
    for (const auto& c : f.categories) names.push_back(f.name + "=" + c);
    for (std::uint64_t b = 0; f.hash && b < f.hash->buckets; ++b) {
      names.push_back(hashed_column_name(f.name, b));
    }
    if (f.missing_category) names.push_back(f.name + "=" + kMissingCategory);
    if (f.has_infrequent()) names.push_back(f.name + "=" + kInfrequentCategory);
  }
  return names;
}

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

double median_of(std::vector<double> values) {
  const std::size_t n = values.size();
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (n % 2 == 1) return *mid;
  const double upper = *mid;
  const double lower = *std::max_element(values.begin(), mid);
  return lower + (upper - lower) / 2.0;
}

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

// `value(i)` is the column's value at the i-th of `n` rows.
template <class Value>
Feature fit_numeric(const std::string& name, std::size_t n, const Value& value,
                    const PipelineOptions& options) {
  Feature f;
  f.name = name;
  f.type = table::ColumnType::numeric;
  const auto [present, present_sum] = sum_present(n, value, [](auto v) { return v; });
  if (present == 0) return f;  // nothing to learn: a constant zero column
  if (options.impute == Imputation::mean) {
    f.fill = present_sum / static_cast<double>(present);
  } else {
    std::vector<double> values;
    values.reserve(present);
    for (std::size_t i = 0; i < n; ++i) {
      const double v = value(i);
      if (!std::isnan(v)) values.push_back(v);
    }
    f.fill = median_of(std::move(values));
  }
  // The scaler sees the imputed column: every missing row holds `fill`.
  const auto rows = static_cast<double>(n);
  const auto missing = static_cast<double>(n - present);
  if (options.scale == Scaling::standard) {
    const double mean = (present_sum + missing * f.fill) / rows;
    const double squares =
        missing * (f.fill - mean) * (f.fill - mean) +
        sum_present(n, value, [mean](auto v) { return (v - mean) * (v - mean); }).second;
    const double var = squares / rows;  // population variance (ddof=0), as StandardScaler
    // scikit-learn's _is_constant_feature: variance within rounding error of zero.
    const double bound = rows * kEps * var + (rows * mean * kEps) * (rows * mean * kEps);
    f.center = mean;
    f.scale = var <= bound ? 1.0 : std::sqrt(var);
  } else if (options.scale == Scaling::minmax) {
    // The fill value (mean or median) lies within the observed range, so imputing moves neither
    // end. The first smallest and the last largest value, as std::minmax_element.
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) {
      const double v = value(i);
      if (std::isnan(v)) continue;
      if (v < lo) lo = v;
      if (!(v < hi)) hi = v;
    }
    const double range = hi - lo;
    f.center = lo;
    f.scale = range < 10 * kEps ? 1.0 : range;
  }
  return f;
}

// The values are read through `rows` on every pass, not copied (a million rows is 8 MB of fresh
// pages per column); a run of consecutive rows (all rows, with --holdout 0) is read directly.
Feature fit_numeric(const table::Column& column, std::span<const std::size_t> rows,
                    bool consecutive, const PipelineOptions& options) {
  if (consecutive) {
    return fit_numeric(column.name, rows.size(),
                       RunOfRows{column.numbers.data() + (rows.empty() ? 0 : rows.front())},
                       options);
  }
  return fit_numeric(column.name, rows.size(), ListedRows{column.numbers.data(), rows.data()},
                     options);
}

// `buckets` > 0: hashed (hashed_categories.hpp), its collisions counted over the levels seen.
Feature fit_categorical(const table::Column& column, std::span<const std::size_t> rows,
                        const PipelineOptions& options, std::uint64_t buckets) {
  Feature f;
  f.name = column.name;
  f.type = table::ColumnType::categorical;
  std::vector<std::uint64_t> count(column.labels.size(), 0);
  std::uint64_t missing = 0;
  for (const auto r : rows) {
    const auto code = column.codes[r];
    if (code < 0)
      ++missing;
    else
      ++count[static_cast<std::size_t>(code)];
  }
  f.missing_category = missing > 0;
  if (buckets != 0) {
    std::vector<std::string_view> levels;
    for (std::size_t code = 0; code < count.size(); ++code) {
      if (count[code] > 0) levels.emplace_back(column.labels[code]);
    }
    f.hash = hash_levels(levels, buckets, options.hashing.seed);
    return f;
  }
  std::vector<std::size_t> seen;  // codes, in the order of their labels
  for (std::size_t code = 0; code < count.size(); ++code) {
    if (count[code] > 0) seen.push_back(code);
  }
  std::sort(seen.begin(), seen.end(), [&column](std::size_t a, std::size_t b) {
    return column.labels[a] < column.labels[b];
  });
  std::vector<std::uint64_t> sorted_count;
  sorted_count.reserve(seen.size());
  for (const auto code : seen) {
    f.categories.push_back(column.labels[code]);
    sorted_count.push_back(count[code]);
  }
  group_rare_levels(f, sorted_count, missing, rows.size(), options);
  return f;
}

// rows[i] == rows[0] + i for every i.
bool is_consecutive(std::span<const std::size_t> rows) {
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i] != rows[0] + i) return false;
  }
  return true;
}

}  // namespace

FeaturePipeline FeaturePipeline::fit(const table::Table& table,
                                     const std::vector<std::string>& features,
                                     std::span<const std::size_t> rows,
                                     const PipelineOptions& options, unsigned threads) {
  std::vector<const table::Column*> columns;
  columns.reserve(features.size());
  std::vector<bool> is_numeric;
  for (const auto& name : features) {
    columns.push_back(&table.column(name));  // throws first
    is_numeric.push_back(columns.back()->type == table::ColumnType::numeric);
  }
  check_hashed_columns(options.hashing, features, is_numeric);
  // Each feature is fitted on its own: one task per column.
  std::vector<Feature> fitted(features.size());
  const bool consecutive = is_consecutive(rows);
  parallel_for(columns.size(), threads, [&](std::size_t j) {
    const table::Column& column = *columns[j];
    fitted[j] =
        column.type == table::ColumnType::numeric
            ? fit_numeric(column, rows, consecutive, options)
            : fit_categorical(column, rows, options, options.hashing.buckets_for(column.name));
  });
  return FeaturePipeline(options, std::move(fitted));
}

TableEncoder::TableEncoder(const FeaturePipeline& pipeline, const table::Table& table)
    : pipeline_(pipeline), arena_(table.arena()) {
  for (const auto& f : pipeline.features()) {
    const auto& column = table.column(f.name);
    if (column.type != f.type) {
      throw Error(ErrorKind::data,
                  fmt::format("column \"{}\" is {} here but was {} in training", f.name,
                              table::to_string(column.type), table::to_string(f.type)),
                  {table.source});
    }
    columns_.push_back(&column);
    std::vector<std::int32_t> column_of_code;
    if (f.type == table::ColumnType::categorical) {
      const CategoryIndex index(f);
      column_of_code.assign(column.labels.size(), -1);
      for (std::size_t code = 0; code < column.labels.size(); ++code) {
        column_of_code[code] = index.match(column.labels[code]).column;
      }
      missing_column_.push_back(index.missing_column());
    } else {
      missing_column_.push_back(-1);
    }
    column_of_code_.push_back(std::move(column_of_code));
  }
}

namespace {

// A numeric feature's encoded values for `rows` into out[0..rows.size()).
void encode_numeric(const Feature& f, const table::Column& column,
                    std::span<const std::size_t> rows, bool consecutive, double* out) {
  const auto transform = [&f](double v) {
    return ((std::isnan(v) ? f.fill : v) - f.center) / f.scale;
  };
  const std::size_t n = rows.size();
  if (consecutive && n > 0) {
    const double* in = column.numbers.data() + rows.front();
    for (std::size_t i = 0; i < n; ++i) out[i] = transform(in[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = transform(column.numbers[rows[i]]);
  }
}

}  // namespace

std::int32_t TableEncoder::active_column(std::size_t feature, std::int32_t code) const {
  const auto offset = static_cast<std::int32_t>(pipeline_.offset(feature));
  const auto k = code < 0 ? missing_column_[feature]
                          : column_of_code_[feature][static_cast<std::size_t>(code)];
  return k >= 0 ? offset + k : -1;
}

void TableEncoder::encode(std::span<const std::size_t> rows, Eigen::MatrixXd& X) const {
  const auto n = static_cast<Eigen::Index>(rows.size());
  X.resize(n, static_cast<Eigen::Index>(pipeline_.width()));
  const bool consecutive = is_consecutive(rows);
  const auto& features = pipeline_.features();
  for (std::size_t j = 0; j < features.size(); ++j) {
    const Feature& f = features[j];
    const table::Column& column = *columns_[j];
    const auto offset = static_cast<Eigen::Index>(pipeline_.offset(j));
    if (f.type == table::ColumnType::numeric) {
      encode_numeric(f, column, rows, consecutive, X.col(offset).data());
      continue;
    }
    X.middleCols(offset, static_cast<Eigen::Index>(f.width())).setZero();
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto k = active_column(j, column.codes[rows[static_cast<std::size_t>(i)]]);
      if (k >= 0) X(i, k) = 1.0;
    }
  }
}

void TableEncoder::encode_one_hot(std::span<const std::size_t> rows, Eigen::MatrixXd& dense,
                                  ActiveColumns& active) const {
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto& features = pipeline_.features();
  Eigen::Index numeric = 0;
  for (const auto& f : features) numeric += f.type == table::ColumnType::numeric ? 1 : 0;
  dense.resize(n, numeric);
  active.resize(n, static_cast<Eigen::Index>(features.size()) - numeric);
  const bool consecutive = is_consecutive(rows);
  Eigen::Index next_dense = 0;
  Eigen::Index next_group = 0;
  for (std::size_t j = 0; j < features.size(); ++j) {
    const table::Column& column = *columns_[j];
    if (features[j].type == table::ColumnType::numeric) {
      encode_numeric(features[j], column, rows, consecutive, dense.col(next_dense++).data());
      continue;
    }
    std::int32_t* out = active.col(next_group++).data();
    for (Eigen::Index i = 0; i < n; ++i) {
      out[i] = active_column(j, column.codes[rows[static_cast<std::size_t>(i)]]);
    }
  }
}

}  // namespace mlctl::pipeline
