#include "pipeline/category_index.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "common/error.hpp"
#include "common/hash.hpp"

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
  const std::size_t levels = f.categories.size() + f.infrequent.size();
  if (levels >= kEmpty / 2) {
    throw Error(ErrorKind::internal, "too many levels in feature \"" + f.name + "\"");
  }
  slots_.resize(std::bit_ceil(levels * 2));  // load factor <= 0.5
  mask_ = slots_.size() - 1;
  // Categories first: a level listed twice keeps its first column, as a map's emplace did.
  for (std::size_t k = 0; k < levels; ++k) {
    const bool category = k < f.categories.size();
    insert(static_cast<std::uint32_t>(k),
           category ? static_cast<std::int32_t>(k) : infrequent_column_);
  }
}

std::string_view CategoryIndex::level_name(std::uint32_t level) const {
  const auto& categories = feature_->categories;
  return level < categories.size() ? categories[level]
                                   : feature_->infrequent[level - categories.size()];
}

bool CategoryIndex::holds(const Slot& slot, std::string_view value) const {
  if (slot.size <= kInlineMax) {
    return value.size() == slot.size && std::memcmp(slot.bytes, value.data(), slot.size) == 0;
  }
  return level_name(slot.level) == value;
}

void CategoryIndex::insert(std::uint32_t level, std::int32_t column) {
  const std::string_view name = level_name(level);
  const std::uint64_t hash = xxh3_64(name);
  for (std::uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.level == kEmpty) {
      slot.hash = hash;
      slot.column = column;
      slot.level = level;
      slot.size = static_cast<std::uint8_t>(std::min(name.size(), kInlineMax + 1));
      if (name.size() <= kInlineMax) std::memcpy(slot.bytes, name.data(), name.size());
      return;
    }
    if (slot.hash == hash && holds(slot, name)) return;  // a duplicate
  }
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
  // The table is at most half full, so the probe meets a free slot.
  const std::uint64_t hash = xxh3_64(value);
  for (std::uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.level == kEmpty) return {infrequent_column_, false};
    if (slot.hash == hash && holds(slot, value)) return {slot.column, true};
  }
}

}  // namespace mlctl::pipeline
