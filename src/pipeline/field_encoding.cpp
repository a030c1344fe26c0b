#include "pipeline/field_encoding.hpp"

namespace mlctl::pipeline {

CategoryColumn category_column(const CategoryIndex& index, std::string_view field, bool missing) {
  if (missing) return {index.missing_column(), FieldOutcome::missing};
  const CategoryMatch match = index.match(field);
  return {match.column, match.seen ? FieldOutcome::value : FieldOutcome::unseen};
}

FieldOutcome encode_category(const CategoryIndex& index, std::string_view field, bool missing,
                             std::span<double> out) {
  const CategoryColumn set = category_column(index, field, missing);
  if (set.column >= 0) out[static_cast<std::size_t>(set.column)] = 1.0;
  return set.outcome;
}

}  // namespace mlctl::pipeline
