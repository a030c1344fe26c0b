#pragma once
// --hash-buckets: a categorical feature encoded as B columns chosen by a seeded hash of the
// value, as Vowpal Wabbit does, instead of one column per training level. For unbounded
// vocabularies (ids, user agents): no vocabulary is kept, a value never seen in training still
// sets a column, and distinct values may share one (a collision, counted at training).
//
// The rule, which another implementation can reproduce (docs/model-format.md):
//   bucket(value) = XXH64(the value's UTF-8 bytes as read, seed) mod B
// with XXH64 xxhash's 64-bit hash (not xxh3) and the 64-bit result taken as unsigned.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mlctl::pipeline {

// The name of the hash in model files: the only one so far.
inline constexpr const char* kHashFunction = "xxh64";
// The most buckets one feature may have: 2^20, about a million columns per model output.
inline constexpr std::uint64_t kMaxHashBuckets = std::uint64_t{1} << 20;

// A hashed feature's scheme (stored in the model) and its collisions on the training rows
// (shown by train and describe).
struct HashScheme {
  std::uint64_t buckets = 0;
  std::uint64_t seed = 0;
  std::uint64_t levels = 0;            // distinct present values in the training rows
  std::uint64_t buckets_used = 0;      // buckets at least one of them falls in
  std::uint64_t colliding_levels = 0;  // levels that share their bucket with another level
  bool operator==(const HashScheme&) const = default;
};

// What train was asked to hash (part of the recipe, so retrain hashes alike).
struct HashingOptions {
  std::uint64_t all_buckets = 0;                 // every categorical feature; 0 = none
  std::map<std::string, std::uint64_t> columns;  // named columns; wins over all_buckets
  std::uint64_t seed = 0;
  bool enabled() const { return all_buckets != 0 || !columns.empty(); }
  // The buckets of a categorical feature named `name`; 0 = one-hot as usual.
  std::uint64_t buckets_for(const std::string& name) const;
  bool operator==(const HashingOptions&) const = default;
};

// The bucket of `value`: XXH64(value, seed) mod buckets (buckets >= 1).
std::uint64_t hash_bucket(std::string_view value, std::uint64_t seed, std::uint64_t buckets);

// The --hash-buckets values ("B" for every categorical feature, "COL=B" for one column; the
// last '=' splits, so a column name may hold '=') and --hash-seed. Throws Error(usage) for a
// bucket count that is not a whole number in [1, kMaxHashBuckets], a bare B or a column given
// twice.
HashingOptions parse_hashing(const std::vector<std::string>& values, std::uint64_t seed);

// Throws Error(usage) when `options` names a column that is not among `features`, or one whose
// type is numeric (is_numeric[i] for features[i]).
void check_hashed_columns(const HashingOptions& options, std::span<const std::string> features,
                          const std::vector<bool>& is_numeric);

// The scheme of a feature hashed into `buckets` with `seed`, its collisions counted over the
// distinct training `levels`.
HashScheme hash_levels(std::span<const std::string_view> levels, std::uint64_t buckets,
                       std::uint64_t seed);

// A hashed feature's encoded column name: "city=#17" for bucket 17.
std::string hashed_column_name(const std::string& feature, std::uint64_t bucket);

// "64 buckets (xxh64, seed 0): 120 levels in 60 buckets, 90 share a bucket": for train's report
// and describe.
std::string hash_summary(const HashScheme& scheme);

}  // namespace mlctl::pipeline
