#pragma once
// Which encoded column a categorical value sets: the one rule every encoder asks (TableEncoder
// for training rows, RowEncoder for CSV streams, model::Predictor for rows given by a program),
// so that a new way of mapping values to columns (rare levels sharing a column, hashed
// buckets) is written once.

#include <cstdint>
#include <string_view>
#include <vector>

#include "pipeline/feature_pipeline.hpp"

namespace mlctl::pipeline {

// A present (not missing) value of a categorical feature.
struct CategoryMatch {
  std::int32_t column = -1;  // the feature's encoded column it sets (0-based within the
                             // feature), or -1 for none
  bool seen = false;         // training saw the value (false: counted as unseen); a rare
                             // level was seen, though it sets the infrequent column; always
                             // true for a hashed feature, which keeps no vocabulary to tell
};

class CategoryIndex {
 public:
  // `f` must be categorical and outlive the index.
  explicit CategoryIndex(const Feature& f);

  CategoryMatch match(std::string_view value) const;
  // The column a missing value sets (its own, else the infrequent one), or -1 for none.
  std::int32_t missing_column() const { return missing_column_; }

 private:
  // One slot of the open-addressing table: a level's hash (compared before its string), the
  // column it sets, which level it is (kEmpty: a free slot), and the level's bytes when they fit
  // (size <= kInlineMax), so that a hit reads one cache line, not also the Feature's string;
  // longer levels are compared with the Feature's string. 32 bytes, aligned: two per line.
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  static constexpr std::size_t kInlineMax = 15;
  struct alignas(32) Slot {
    std::uint64_t hash = 0;
    std::int32_t column = -1;
    std::uint32_t level = kEmpty;
    std::uint8_t size = 0;  // the level's size if <= kInlineMax, else kInlineMax + 1
    char bytes[kInlineMax] = {};
  };
  bool holds(const Slot& slot, std::string_view value) const;
  // Up to this many levels (categories and infrequent ones) are found by comparing strings in
  // turn, which for the usual handful beats hashing the value.
  static constexpr std::size_t kLinearSearchMax = 16;
  void insert(std::uint32_t level, std::int32_t column);
  std::string_view level_name(std::uint32_t level) const;
  const Feature* feature_;
  bool linear_;
  std::int32_t infrequent_column_;  // -1: none; unseen values set it
  std::int32_t missing_column_;
  std::uint64_t hash_buckets_ = 0;  // hashed feature: its buckets; 0 = matched by name
  std::uint64_t hash_seed_ = 0;
  // Beyond kLinearSearchMax levels: a flat table (a power of two, at most half full, linear
  // probing), built once and only read afterwards, so predict's threads share it. A node-based
  // map cost a cache miss per node; here a lookup reads one or two adjacent slots.
  std::vector<Slot> slots_;
  std::uint64_t mask_ = 0;  // slots_.size() - 1
};

}  // namespace mlctl::pipeline
