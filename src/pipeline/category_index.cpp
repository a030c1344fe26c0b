#include "pipeline/category_index.hpp"

#include "common/error.hpp"

namespace mlctl::pipeline {

namespace {

// The columns before the missing-value one: a category's each, or a hashed feature's buckets.
std::size_t named_columns(const Feature& f) {
  return f.hash ? static_cast<std::size_t>(f.hash->buckets) : f.categories.size();
}

std::int32_t infrequent_column_of(const Feature& f) {
  if (!f.has_infrequent()) return -1;
  return static_cast<std::int32_t>(named_columns(f) + (f.missing_category ? 1 : 0));
}

}  // namespace

CategoryIndex::CategoryIndex(const Feature& f)
    : feature_(&f),
      linear_(!f.hash && f.categories.size() + f.infrequent.size() <= kLinearSearchMax),
      infrequent_column_(infrequent_column_of(f)),
      missing_column_(f.missing_category ? static_cast<std::int32_t>(named_columns(f))
                                         : infrequent_column_) {
  if (f.type != table::ColumnType::categorical) {
    throw Error(ErrorKind::internal, "CategoryIndex of a numeric feature \"" + f.name + "\"");
  }
  if (f.hash) {
    hash_buckets_ = f.hash->buckets;
    hash_seed_ = f.hash->seed;
    return;
  }
  if (linear_) return;
  columns_.reserve(f.categories.size() + f.infrequent.size());
  for (std::size_t k = 0; k < f.categories.size(); ++k) {
    columns_.emplace(f.categories[k], static_cast<std::int32_t>(k));
  }
  for (const auto& level : f.infrequent) columns_.emplace(level, infrequent_column_);
}

CategoryMatch CategoryIndex::match(std::string_view value) const {
  if (hash_buckets_ != 0) {
    return {static_cast<std::int32_t>(hash_bucket(value, hash_seed_, hash_buckets_)), true};
  }
  if (linear_) {
    const auto& categories = feature_->categories;
    for (std::size_t k = 0; k < categories.size(); ++k) {
      if (categories[k] == value) return {static_cast<std::int32_t>(k), true};
    }
    for (const auto& level : feature_->infrequent) {
      if (level == value) return {infrequent_column_, true};
    }
    return {infrequent_column_, false};
  }
  const auto it = columns_.find(value);
  if (it == columns_.end()) return {infrequent_column_, false};
  return {it->second, true};
}

}  // namespace mlctl::pipeline
