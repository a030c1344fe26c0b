#include "pipeline/field_encoding.hpp"

namespace mlctl::pipeline {

FieldOutcome encode_category(const Feature& f, bool missing, std::ptrdiff_t category,
                             std::span<double> out) {
  if (missing) {
    if (f.missing_category) out[f.categories.size()] = 1.0;
    return FieldOutcome::missing;
  }
  if (category < 0) return FieldOutcome::unseen;
  out[static_cast<std::size_t>(category)] = 1.0;
  return FieldOutcome::value;
}

}  // namespace mlctl::pipeline
