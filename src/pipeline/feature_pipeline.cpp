#include "pipeline/feature_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/parallel.hpp"

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
    if (f.missing_category) names.push_back(f.name + "=" + kMissingCategory);
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

Feature fit_numeric(const table::Column& column, std::span<const std::size_t> rows,
                    const PipelineOptions& options) {
  Feature f;
  f.name = column.name;
  f.type = table::ColumnType::numeric;
  // The present values in row order, read through `rows` on every pass: no copy of the column
  // (a million rows is 8 MB of fresh pages per column) except for the median's selection.
  const auto for_each_present = [&](auto&& visit) {
    for (const auto r : rows) {
      const double v = column.numbers[r];
      if (!std::isnan(v)) visit(v);
    }
  };
  std::size_t present = 0;
  double present_sum = 0.0;
  for_each_present([&](double v) {
    ++present;
    present_sum += v;
  });
  if (present == 0) return f;  // nothing to learn: a constant zero column
  if (options.impute == Imputation::mean) {
    f.fill = present_sum / static_cast<double>(present);
  } else {
    std::vector<double> values;
    values.reserve(present);
    for_each_present([&](double v) { values.push_back(v); });
    f.fill = median_of(std::move(values));
  }
  // The scaler sees the imputed column: every missing row holds `fill`.
  const auto n = static_cast<double>(rows.size());
  const auto missing = static_cast<double>(rows.size() - present);
  if (options.scale == Scaling::standard) {
    double sum = missing * f.fill;
    for_each_present([&](double v) { sum += v; });
    const double mean = sum / n;
    double squares = missing * (f.fill - mean) * (f.fill - mean);
    for_each_present([&](double v) { squares += (v - mean) * (v - mean); });
    const double var = squares / n;  // population variance (ddof=0), as StandardScaler
    // scikit-learn's _is_constant_feature: variance within rounding error of zero.
    const double bound = n * kEps * var + (n * mean * kEps) * (n * mean * kEps);
    f.center = mean;
    f.scale = var <= bound ? 1.0 : std::sqrt(var);
  } else if (options.scale == Scaling::minmax) {
    // The fill value (mean or median) lies within the observed range, so imputing moves neither
    // end. The first smallest and the last largest value, as std::minmax_element.
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for_each_present([&](double v) {
      if (v < lo) lo = v;
      if (!(v < hi)) hi = v;
    });
    const double range = hi - lo;
    f.center = lo;
    f.scale = range < 10 * kEps ? 1.0 : range;
  }
  return f;
}

Feature fit_categorical(const table::Column& column, std::span<const std::size_t> rows) {
  Feature f;
  f.name = column.name;
  f.type = table::ColumnType::categorical;
  std::vector<bool> seen(column.labels.size(), false);
  for (const auto r : rows) {
    const auto code = column.codes[r];
    if (code < 0)
      f.missing_category = true;
    else
      seen[static_cast<std::size_t>(code)] = true;
  }
  for (std::size_t code = 0; code < seen.size(); ++code) {
    if (seen[code]) f.categories.push_back(column.labels[code]);
  }
  std::sort(f.categories.begin(), f.categories.end());
  return f;
}

}  // namespace

FeaturePipeline FeaturePipeline::fit(const table::Table& table,
                                     const std::vector<std::string>& features,
                                     std::span<const std::size_t> rows,
                                     const PipelineOptions& options, unsigned threads) {
  std::vector<const table::Column*> columns;
  columns.reserve(features.size());
  for (const auto& name : features) columns.push_back(&table.column(name));  // throws first
  // Each feature is fitted on its own: one task per column.
  std::vector<Feature> fitted(features.size());
  parallel_for(columns.size(), threads, [&](std::size_t j) {
    const table::Column& column = *columns[j];
    fitted[j] = column.type == table::ColumnType::numeric ? fit_numeric(column, rows, options)
                                                          : fit_categorical(column, rows);
  });
  return FeaturePipeline(options, std::move(fitted));
}

TableEncoder::TableEncoder(const FeaturePipeline& pipeline, const table::Table& table)
    : pipeline_(pipeline) {
  for (const auto& f : pipeline.features()) {
    const auto& column = table.column(f.name);
    if (column.type != f.type) {
      throw Error(ErrorKind::data,
                  fmt::format("column \"{}\" is {} here but was {} in training", f.name,
                              table::to_string(column.type), table::to_string(f.type)),
                  {table.source});
    }
    columns_.push_back(&column);
    std::vector<std::int32_t> index_of_code;
    if (f.type == table::ColumnType::categorical) {
      index_of_code.assign(column.labels.size(), -1);
      for (std::size_t code = 0; code < column.labels.size(); ++code) {
        const auto it =
            std::lower_bound(f.categories.begin(), f.categories.end(), column.labels[code]);
        if (it != f.categories.end() && *it == column.labels[code]) {
          index_of_code[code] = static_cast<std::int32_t>(it - f.categories.begin());
        }
      }
    }
    category_of_code_.push_back(std::move(index_of_code));
  }
}

void TableEncoder::encode(std::span<const std::size_t> rows, Eigen::MatrixXd& X) const {
  const auto n = static_cast<Eigen::Index>(rows.size());
  X.setZero(n, static_cast<Eigen::Index>(pipeline_.width()));
  const auto& features = pipeline_.features();
  for (std::size_t j = 0; j < features.size(); ++j) {
    const Feature& f = features[j];
    const table::Column& column = *columns_[j];
    const auto offset = static_cast<Eigen::Index>(pipeline_.offset(j));
    if (f.type == table::ColumnType::numeric) {
      for (Eigen::Index i = 0; i < n; ++i) {
        const double v = column.numbers[rows[static_cast<std::size_t>(i)]];
        X(i, offset) = ((std::isnan(v) ? f.fill : v) - f.center) / f.scale;
      }
      continue;
    }
    const auto& index_of_code = category_of_code_[j];
    const auto missing_column = static_cast<Eigen::Index>(f.categories.size());
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto code = column.codes[rows[static_cast<std::size_t>(i)]];
      if (code < 0) {
        if (f.missing_category) X(i, offset + missing_column) = 1.0;
        continue;
      }
      const auto k = index_of_code[static_cast<std::size_t>(code)];
      if (k >= 0) X(i, offset + k) = 1.0;
    }
  }
}

}  // namespace mlctl::pipeline
