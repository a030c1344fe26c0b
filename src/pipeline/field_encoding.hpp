#pragma once
// One raw field of one feature, encoded by the fitted pipeline's rules: the single place where
// prediction-time encoding is defined (RowEncoder for CSV streams, model::Predictor for rows
// given by a program use it alike).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "csv/reader.hpp"
#include "pipeline/category_index.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "solvers/sparse_row.hpp"

namespace mlctl::pipeline {

enum class FieldOutcome {
  value,         // a number, or a known category
  missing,       // imputed (numeric) or the missing category / zeros (categorical)
  unseen,        // a category the model never saw: all zeros
  not_a_number,  // a numeric feature's field does not parse: the caller reports it
};

// The column (within the feature) a categorical field sets, or -1 for none, with its outcome:
// the rule both encode_field and encode_field_sparse write out.
struct CategoryColumn {
  std::int32_t column = -1;
  FieldOutcome outcome = FieldOutcome::value;
};
CategoryColumn category_column(const CategoryIndex& index, std::string_view field, bool missing);

// The categorical half of encode_field, out of line: numbers are the hot case.
FieldOutcome encode_category(const CategoryIndex& index, std::string_view field, bool missing,
                             std::span<double> out);

// A numeric feature's encoded value of the number `value`: centred and scaled.
[[gnu::always_inline]] inline double scaled_value(const Feature& f, double value) {
  return (value - f.center) / f.scale;
}

// A numeric feature's encoded value: imputed if missing, centred and scaled; nullopt for a
// field that is not a number.
[[gnu::always_inline]] inline std::optional<double> numeric_value(const Feature& f,
                                                                  std::string_view field,
                                                                  bool missing) {
  double value = f.fill;
  if (!missing) {
    const auto parsed = csv::parse_number(field);
    if (!parsed) return std::nullopt;
    value = *parsed;
  }
  return scaled_value(f, value);
}

// Writes the feature's f.width() encoded columns to `out`, which the caller has zeroed.
// `categories` is f's CategoryIndex for a categorical feature (unused for a numeric one).
// Inline: it runs for every field of every predicted row, and parse_number's fast path is meant
// to inline into the caller's loop.
[[gnu::always_inline]] inline FieldOutcome encode_field(const Feature& f, std::string_view field,
                                                        bool missing,
                                                        const CategoryIndex* categories,
                                                        std::span<double> out) {
  if (f.type != table::ColumnType::numeric)
    return encode_category(*categories, field, missing, out);
  const auto value = numeric_value(f, field, missing);
  if (!value) return FieldOutcome::not_a_number;
  out[0] = *value;
  return missing ? FieldOutcome::missing : FieldOutcome::value;
}

// encode_field for a sparse row: appends the feature's non-zero columns (a numeric feature's
// value, always; a categorical feature's one set column, if any), numbered from `offset` (the
// feature's first encoded column). The same values encode_field writes, zeros left out.
[[gnu::always_inline]] inline FieldOutcome encode_field_sparse(const Feature& f,
                                                               std::string_view field, bool missing,
                                                               const CategoryIndex* categories,
                                                               std::size_t offset,
                                                               solvers::SparseRow& out) {
  if (f.type != table::ColumnType::numeric) {
    const CategoryColumn set = category_column(*categories, field, missing);
    if (set.column >= 0) out.push(offset + static_cast<std::size_t>(set.column), 1.0);
    return set.outcome;
  }
  const auto value = numeric_value(f, field, missing);
  if (!value) return FieldOutcome::not_a_number;
  out.push(offset, *value);
  return missing ? FieldOutcome::missing : FieldOutcome::value;
}

}  // namespace mlctl::pipeline
