#include "pipeline/category_index.hpp"

#include "common/error.hpp"

namespace mlctl::pipeline {

CategoryIndex::CategoryIndex(const Feature& f)
    : feature_(&f),
      missing_column_(f.missing_category ? static_cast<std::int32_t>(f.width() - 1) : -1) {
  if (f.type != table::ColumnType::categorical) {
    throw Error(ErrorKind::internal, "CategoryIndex of a numeric feature \"" + f.name + "\"");
  }
  if (f.hash) {
    hash_buckets_ = f.hash->buckets;
    hash_seed_ = f.hash->seed;
    return;
  }
  if (f.categories.size() <= kLinearSearchMax) return;
  columns_.reserve(f.categories.size());
  for (std::size_t k = 0; k < f.categories.size(); ++k) {
    columns_.emplace(f.categories[k], static_cast<std::int32_t>(k));
  }
}

CategoryMatch CategoryIndex::match(std::string_view value) const {
  if (hash_buckets_ != 0) {
    return {static_cast<std::int32_t>(hash_bucket(value, hash_seed_, hash_buckets_)), true};
  }
  const auto& categories = feature_->categories;
  if (categories.size() <= kLinearSearchMax) {
    for (std::size_t k = 0; k < categories.size(); ++k) {
      if (categories[k] == value) return {static_cast<std::int32_t>(k), true};
    }
    return {};
  }
  const auto it = columns_.find(value);
  if (it == columns_.end()) return {};
  return {it->second, true};
}

}  // namespace mlctl::pipeline
