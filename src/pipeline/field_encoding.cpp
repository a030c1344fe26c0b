#include "pipeline/field_encoding.hpp"

namespace mlctl::pipeline {

FieldOutcome encode_category(const CategoryIndex& index, std::string_view field, bool missing,
                             std::span<double> out) {
  if (missing) {
    if (index.missing_column() >= 0) out[static_cast<std::size_t>(index.missing_column())] = 1.0;
    return FieldOutcome::missing;
  }
  const CategoryMatch match = index.match(field);
  if (match.column >= 0) out[static_cast<std::size_t>(match.column)] = 1.0;
  return match.seen ? FieldOutcome::value : FieldOutcome::unseen;
}

}  // namespace mlctl::pipeline
