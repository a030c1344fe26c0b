#include "pipeline/hashed_categories.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/hash.hpp"
#include "common/plural.hpp"

namespace mlctl::pipeline {

std::uint64_t HashingOptions::buckets_for(const std::string& name) const {
  const auto it = columns.find(name);
  return it != columns.end() ? it->second : all_buckets;
}

std::uint64_t hash_bucket(std::string_view value, std::uint64_t seed, std::uint64_t buckets) {
  return xxh64(value, seed) % buckets;
}

namespace {

[[noreturn]] void usage(std::string message) {
  throw Error(ErrorKind::usage, std::move(message));
}

// A bucket count: decimal digits only (no sign, no spaces), 1 to kMaxHashBuckets.
std::uint64_t parse_buckets(std::string_view text, std::string_view value) {
  std::uint64_t buckets = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, buckets);
  if (text.empty() || text[0] == '+' || ec != std::errc() || ptr != end || buckets == 0 ||
      buckets > kMaxHashBuckets) {
    usage(fmt::format("--hash-buckets \"{}\": the bucket count must be a whole number from 1 to {}",
                      value, kMaxHashBuckets));
  }
  return buckets;
}

}  // namespace

HashingOptions parse_hashing(const std::vector<std::string>& values, std::uint64_t seed) {
  HashingOptions options;
  options.seed = seed;
  for (const auto& value : values) {
    const auto split = value.rfind('=');
    if (split == std::string::npos) {
      const auto buckets = parse_buckets(value, value);
      if (options.all_buckets != 0) {
        usage(fmt::format("--hash-buckets given twice for every categorical column ({} and {})",
                          options.all_buckets, buckets));
      }
      options.all_buckets = buckets;
      continue;
    }
    const std::string column = value.substr(0, split);
    if (column.empty()) usage(fmt::format("--hash-buckets \"{}\": no column before '='", value));
    const auto buckets = parse_buckets(std::string_view(value).substr(split + 1), value);
    if (!options.columns.emplace(column, buckets).second) {
      usage(fmt::format("--hash-buckets given twice for column \"{}\"", column));
    }
  }
  return options;
}

void check_hashed_columns(const HashingOptions& options, std::span<const std::string> features,
                          const std::vector<bool>& is_numeric) {
  for (const auto& [name, buckets] : options.columns) {
    const auto it = std::find(features.begin(), features.end(), name);
    if (it == features.end()) {
      usage(fmt::format("--hash-buckets names \"{}\", which is not an input column of the model",
                        name));
    }
    if (is_numeric[static_cast<std::size_t>(it - features.begin())]) {
      usage(
          fmt::format("--hash-buckets names \"{}\", a numeric column: only categorical columns "
                      "are hashed",
                      name));
    }
  }
}

HashScheme hash_levels(std::span<const std::string_view> levels, std::uint64_t buckets,
                       std::uint64_t seed) {
  HashScheme scheme;
  scheme.buckets = buckets;
  scheme.seed = seed;
  scheme.levels = levels.size();
  // Levels per bucket, for the buckets that hold any: memory follows the levels, not B.
  std::unordered_map<std::uint64_t, std::uint64_t> per_bucket;
  per_bucket.reserve(levels.size());
  for (const auto level : levels) ++per_bucket[hash_bucket(level, seed, buckets)];
  scheme.buckets_used = per_bucket.size();
  for (const auto& [bucket, count] : per_bucket) {
    if (count > 1) scheme.colliding_levels += count;
  }
  return scheme;
}

std::string hashed_column_name(const std::string& feature, std::uint64_t bucket) {
  return fmt::format("{}=#{}", feature, bucket);
}

std::string hash_summary(const HashScheme& s) {
  return fmt::format("{} ({}, seed {}): {} in {}, {} share a bucket", count_of(s.buckets, "bucket"),
                     kHashFunction, s.seed, count_of(s.levels, "level"),
                     count_of(s.buckets_used, "bucket"), s.colliding_levels);
}

}  // namespace mlctl::pipeline
