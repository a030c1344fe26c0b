#include "pipeline/field_encoding.hpp"

#include "csv/reader.hpp"

namespace mlctl::pipeline {

FieldOutcome encode_field(const Feature& f, std::string_view field, bool missing,
                          std::ptrdiff_t category, std::span<double> out) {
  if (f.type == table::ColumnType::numeric) {
    double value = f.fill;
    if (!missing) {
      const auto parsed = csv::parse_number(field);
      if (!parsed) return FieldOutcome::not_a_number;
      value = *parsed;
    }
    out[0] = (value - f.center) / f.scale;
    return missing ? FieldOutcome::missing : FieldOutcome::value;
  }
  if (missing) {
    if (f.missing_category) out[f.categories.size()] = 1.0;
    return FieldOutcome::missing;
  }
  if (category < 0) return FieldOutcome::unseen;
  out[static_cast<std::size_t>(category)] = 1.0;
  return FieldOutcome::value;
}

}  // namespace mlctl::pipeline
