#include "pipeline/feature_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "common/error.hpp"
#include "pipeline/categorical_fit.hpp"
#include "pipeline/category_index.hpp"
#include "pipeline/numeric_fit.hpp"

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

// The named columns of `table`, checked against the hashing options; over the ranks of a job,
// the first rank's error (a column it lacks) is every rank's, and the columns' types must agree.
std::vector<const table::Column*> feature_columns(const table::Table& table,
                                                  const std::vector<std::string>& features,
                                                  const PipelineOptions& options,
                                                  distributed::Communicator* comm) {
  std::vector<const table::Column*> columns;
  std::vector<bool> is_numeric;
  std::optional<Error> error;
  try {
    for (const auto& name : features) {
      columns.push_back(&table.column(name));  // throws first
      is_numeric.push_back(columns.back()->type == table::ColumnType::numeric);
    }
    check_hashed_columns(options.hashing, features, is_numeric);
  } catch (const Error& e) {
    if (comm == nullptr) throw;
    error = e;
  }
  if (comm == nullptr) return columns;
  comm->raise_if_any(error ? &*error : nullptr);
  // Numeric on some rank and categorical on another: the ranks would take different
  // collectives from here on.
  std::vector<std::int64_t> types(2 * features.size());
  for (std::size_t j = 0; j < features.size(); ++j) {
    types[2 * j] = is_numeric[j] ? 1 : 0;
    types[2 * j + 1] = is_numeric[j] ? 0 : 1;
  }
  comm->allreduce(types, distributed::Reduction::max);
  for (std::size_t j = 0; j < features.size(); ++j) {
    if (types[2 * j] == 1 && types[2 * j + 1] == 1) {
      throw Error(ErrorKind::internal,
                  fmt::format("column \"{}\" is numeric in some ranks' rows and categorical in "
                              "others'",
                              features[j]));
    }
  }
  return columns;
}

}  // namespace

FeaturePipeline FeaturePipeline::fit(const table::Table& table,
                                     const std::vector<std::string>& features,
                                     std::span<const std::size_t> rows,
                                     const PipelineOptions& options, unsigned threads,
                                     distributed::Communicator* comm) {
  const auto columns = feature_columns(table, features, options, comm);
  // The numeric and the categorical columns each in one go: a handful of collectives for all.
  std::vector<const table::Column*> numeric;
  std::vector<const table::Column*> categorical;
  for (const auto* column : columns) {
    (column->type == table::ColumnType::numeric ? numeric : categorical).push_back(column);
  }
  auto numeric_features = fit_numeric_features(numeric, rows, options, threads, comm);
  auto categorical_features = fit_categorical_features(categorical, rows, options, threads, comm);
  std::vector<Feature> fitted;
  fitted.reserve(columns.size());
  std::size_t next_numeric = 0;
  std::size_t next_categorical = 0;
  for (const auto* column : columns) {
    fitted.push_back(column->type == table::ColumnType::numeric
                         ? std::move(numeric_features[next_numeric++])
                         : std::move(categorical_features[next_categorical++]));
  }
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
    if (f.type == table::ColumnType::numeric) ++numeric_features_;
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

// (v, or the fill when v is missing, - center) / scale for n values: in runs of a fixed count,
// which g++ -O2 turns into vector instructions (its cheap vectorizer takes fixed-count loops
// only), here with AVX2 where the processor has it. Each value is one IEEE subtraction and one
// division either way: the same bits as one value at a time. A fit streaming its blocks
// encodes on every pass, so this runs once per row and pass.
[[gnu::target_clones("avx2", "default")]] void scale_numbers(const double* __restrict in,
                                                             std::size_t n, double fill,
                                                             double center, double scale,
                                                             double* __restrict out) {
  constexpr std::size_t kRun = 8;
  std::size_t i = 0;
  for (; i + kRun <= n; i += kRun) {
    for (std::size_t k = 0; k < kRun; ++k) {
      const double v = in[i + k];
      out[i + k] = ((v != v ? fill : v) - center) / scale;
    }
  }
  for (; i < n; ++i) out[i] = ((in[i] != in[i] ? fill : in[i]) - center) / scale;
}

// A numeric feature's encoded values for `rows` into out[0..rows.size()).
void encode_numeric(const Feature& f, const table::Column& column,
                    std::span<const std::size_t> rows, bool consecutive, double* out) {
  const std::size_t n = rows.size();
  if (consecutive && n > 0) {
    scale_numbers(column.numbers.data() + rows.front(), n, f.fill, f.center, f.scale, out);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double v = column.numbers[rows[i]];
    out[i] = ((std::isnan(v) ? f.fill : v) - f.center) / f.scale;
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
  dense.resize(n, static_cast<Eigen::Index>(numeric_features()));
  active.resize(n, static_cast<Eigen::Index>(categorical_features()));
  encode_one_hot(rows, dense.data(), active.data());
}

void TableEncoder::encode_one_hot(std::span<const std::size_t> rows, double* dense,
                                  std::int32_t* active) const {
  const std::size_t n = rows.size();
  const auto& features = pipeline_.features();
  const bool consecutive = is_consecutive(rows);
  for (std::size_t j = 0; j < features.size(); ++j) {
    const table::Column& column = *columns_[j];
    if (features[j].type == table::ColumnType::numeric) {
      encode_numeric(features[j], column, rows, consecutive, dense);
      dense += n;
      continue;
    }
    for (std::size_t i = 0; i < n; ++i) active[i] = active_column(j, column.codes[rows[i]]);
    active += n;
  }
}

}  // namespace mlctl::pipeline
