#pragma once
// One raw field of one feature, encoded by the fitted pipeline's rules: the single place where
// prediction-time encoding is defined (RowEncoder for CSV streams, model::Predictor for rows
// given by a program use it alike).

#include <span>
#include <string_view>

#include "csv/reader.hpp"
#include "pipeline/category_index.hpp"
#include "pipeline/feature_pipeline.hpp"

namespace mlctl::pipeline {

enum class FieldOutcome {
  value,         // a number, or a known category
  missing,       // imputed (numeric) or the missing category / zeros (categorical)
  unseen,        // a category the model never saw: all zeros
  not_a_number,  // a numeric feature's field does not parse: the caller reports it
};

// The categorical half of encode_field, out of line: numbers are the hot case.
FieldOutcome encode_category(const CategoryIndex& index, std::string_view field, bool missing,
                             std::span<double> out);

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
  double value = f.fill;
  if (!missing) {
    const auto parsed = csv::parse_number(field);
    if (!parsed) return FieldOutcome::not_a_number;
    value = *parsed;
  }
  out[0] = (value - f.center) / f.scale;
  return missing ? FieldOutcome::missing : FieldOutcome::value;
}

}  // namespace mlctl::pipeline
