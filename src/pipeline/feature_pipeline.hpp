#pragma once
// The feature pipeline, equal to scikit-learn's
//   ColumnTransformer(numeric: SimpleImputer(mean|median) -> StandardScaler | MinMaxScaler,
//                     categorical: OneHotEncoder(handle_unknown="ignore"))
// with missing categorical values as a category of their own (the last one). With
// --min-frequency or --max-categories, handle_unknown="infrequent_if_exist" and rare levels
// sharing one last column (pipeline/rare_levels.hpp).
// Fitted on training rows only; applied unchanged to held-out rows and at predict time.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "distributed/communicator.hpp"
#include "pipeline/hashed_categories.hpp"
#include "solvers/design_source.hpp"
#include "table/table.hpp"

namespace mlctl::pipeline {

enum class Imputation { mean, median };
enum class Scaling { standard, minmax, none };

const char* to_string(Imputation imputation);
const char* to_string(Scaling scaling);
Imputation parse_imputation(std::string_view text);  // throws Error(usage)
Scaling parse_scaling(std::string_view text);        // throws Error(usage)

struct PipelineOptions {
  Imputation impute = Imputation::mean;
  Scaling scale = Scaling::standard;
  HashingOptions hashing;  // --hash-buckets: off by default
  // Rare levels (pipeline/rare_levels.hpp); empty: off. min_frequency >= 1 is a count, in
  // (0, 1) a fraction of the rows; max_categories >= 2 counts the infrequent column.
  std::optional<double> min_frequency = std::nullopt;
  std::optional<std::size_t> max_categories = std::nullopt;
};

// The names given to the missing-value category and to the infrequent column in encoded
// feature names.
inline constexpr const char* kMissingCategory = "<missing>";
inline constexpr const char* kInfrequentCategory = "<infrequent>";

struct Feature {
  std::string name;
  table::ColumnType type = table::ColumnType::numeric;
  // numeric: encoded = ((missing ? fill : value) - center) / scale
  double fill = 0.0;
  double center = 0.0;
  double scale = 1.0;
  // categorical: one encoded column per category, sorted; plus a last one for missing values
  // when the training rows had any. Values not listed encode as all zeros (without an
  // infrequent column, below).
  std::vector<std::string> categories;
  bool missing_category = false;
  // Hashed (--hash-buckets): hash->buckets columns chosen by hashed_categories.hpp's rule in
  // place of `categories` (empty), then the missing-value one as above.
  std::optional<HashScheme> hash;
  // Rare levels (pipeline/rare_levels.hpp): the infrequent categories, sorted, and whether
  // missing values were rare, which share one more column after the others; values training
  // never saw set it too. No such column when neither holds anything (nor for a hashed
  // feature).
  std::vector<std::string> infrequent;
  bool missing_infrequent = false;

  bool has_infrequent() const { return !infrequent.empty() || missing_infrequent; }
  std::size_t width() const {
    if (type == table::ColumnType::numeric) return 1;
    return (hash ? static_cast<std::size_t>(hash->buckets) : categories.size()) +
           (missing_category ? 1 : 0) + (has_infrequent() ? 1 : 0);
  }
};

class FeaturePipeline {
 public:
  FeaturePipeline() = default;
  FeaturePipeline(PipelineOptions options, std::vector<Feature> features);

  // Fits every step on `rows` of `table` (row indices), for the named feature columns; the
  // columns on up to `threads` threads (the result does not depend on it).
  // Over the ranks of a job (issue #15), every rank calls it with its own table (its share of
  // the rows, its own category codes) and its own rows, and gets the same pipeline: the one
  // that one process would fit on all the ranks' rows in rank order (sums of doubles within
  // rounding, everything else exact; numeric_fit.hpp, categorical_fit.hpp). A few collectives
  // per call, none per row. An error in the columns (one a rank lacks) is thrown on every rank
  // (raise_if_any). null `comm`: this process alone, no collective.
  static FeaturePipeline fit(const table::Table& table, const std::vector<std::string>& features,
                             std::span<const std::size_t> rows, const PipelineOptions& options,
                             unsigned threads = 1, distributed::Communicator* comm = nullptr);

  const PipelineOptions& options() const { return options_; }
  const std::vector<Feature>& features() const { return features_; }
  std::size_t width() const { return width_; }
  std::size_t offset(std::size_t feature) const { return offsets_[feature]; }
  // One name per encoded column: "age", "sex=male", "sex=<missing>", "zip=<infrequent>";
  // "city=#17" for bucket 17 of a hashed feature.
  std::vector<std::string> encoded_names() const;

 private:
  PipelineOptions options_;
  std::vector<Feature> features_;
  std::vector<std::size_t> offsets_;
  std::size_t width_ = 0;
};

// Encodes rows of one table (the training data): binds each categorical column's codes to the
// pipeline's category indices once, so encoding a block is a lookup per cell.
class TableEncoder {
 public:
  TableEncoder(const FeaturePipeline& pipeline, const table::Table& table);
  // X is resized to rows.size() x pipeline.width().
  void encode(std::span<const std::size_t> rows, Eigen::MatrixXd& X) const;
  // The same rows with each categorical feature as the one encoded column it sets per row
  // (-1: none, for an unseen value, or a missing one without a column of its own): `dense`
  // gets the numeric features' columns, in order, and `active` a column per categorical feature.
  using ActiveColumns = solvers::ActiveColumns;  // the one-hot blocks' (solvers/design_source.hpp)
  void encode_one_hot(std::span<const std::size_t> rows, Eigen::MatrixXd& dense,
                      ActiveColumns& active) const;
  // The same into memory the caller sized: `dense` column-major with rows.size() rows and a
  // column per numeric feature, `active` with a column per categorical one.
  void encode_one_hot(std::span<const std::size_t> rows, double* dense, std::int32_t* active) const;
  // Columns of each kind that encode_one_hot writes.
  std::size_t numeric_features() const { return numeric_features_; }
  std::size_t categorical_features() const { return columns_.size() - numeric_features_; }
  // Where the table's rows live (table::Table::arena; null: the heap).
  SpillArena* arena() const { return arena_; }

 private:
  // The encoded column a categorical feature's code sets, or -1.
  std::int32_t active_column(std::size_t feature, std::int32_t code) const;
  const FeaturePipeline& pipeline_;
  SpillArena* arena_ = nullptr;
  std::vector<const table::Column*> columns_;
  std::size_t numeric_features_ = 0;
  // Per feature: the column (within the feature) each code of the table's column sets, or -1
  // (pipeline/category_index.hpp), and the one a missing value sets.
  std::vector<std::vector<std::int32_t>> column_of_code_;
  std::vector<std::int32_t> missing_column_;
};

}  // namespace mlctl::pipeline
