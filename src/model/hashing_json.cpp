#include "model/hashing_json.hpp"

#include <fmt/format.h>

namespace mlctl::model {
namespace {

using detail::JsonField;

// A bucket count in [1, kMaxHashBuckets], or also 0 when `zero_means_none`.
std::uint64_t buckets_field(const JsonField& field, bool zero_means_none) {
  const std::uint64_t buckets = field.count();
  if ((buckets == 0 && !zero_means_none) || buckets > pipeline::kMaxHashBuckets) {
    field.fail(fmt::format("is not between 1 and {}", pipeline::kMaxHashBuckets));
  }
  return buckets;
}

}  // namespace

nlohmann::json to_json(const pipeline::HashScheme& s) {
  return {{"function", pipeline::kHashFunction},
          {"buckets", s.buckets},
          {"seed", s.seed},
          {"levels", s.levels},
          {"buckets_used", s.buckets_used},
          {"colliding_levels", s.colliding_levels}};
}

pipeline::HashScheme hash_scheme_from_json(const JsonField& j) {
  const JsonField function = j.at("function");
  if (function.string() != pipeline::kHashFunction) {
    function.fail(fmt::format("is not \"{}\"", pipeline::kHashFunction));
  }
  pipeline::HashScheme s;
  s.buckets = buckets_field(j.at("buckets"), false);
  s.seed = j.at("seed").count();
  s.levels = j.at("levels").count();
  s.buckets_used = j.at("buckets_used").count();
  s.colliding_levels = j.at("colliding_levels").count();
  return s;
}

nlohmann::json to_json(const pipeline::HashingOptions& o) {
  return {{"buckets", o.all_buckets}, {"columns", o.columns}, {"seed", o.seed}};
}

pipeline::HashingOptions hashing_from_json(const JsonField& j) {
  pipeline::HashingOptions o;
  o.all_buckets = buckets_field(j.at("buckets"), true);
  std::vector<std::string> names;
  const auto columns = j.at("columns").members(names);
  for (std::size_t i = 0; i < names.size(); ++i) {
    o.columns[names[i]] = buckets_field(columns[i], false);
  }
  o.seed = j.at("seed").count();
  return o;
}

}  // namespace mlctl::model
