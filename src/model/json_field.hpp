#pragma once
// Reading the model file's JSON metadata with every value checked: a JSON value together with
// its path in the metadata ("evaluation.metrics.accuracy"), so that a missing or mistyped field
// is refused with a message naming it. Internal to the model-file code (model_file.cpp,
// metadata.cpp); every accessor throws Error(ErrorKind::data) with the message alone, which
// from_container turns into "invalid model: ..." naming the file.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlctl::model::detail {

class JsonField {
 public:
  // `value` is the root of the fields reached from it, and must outlive them.
  JsonField(const nlohmann::json& value, std::string path)
      : value_(&value), root_(&value), root_path_(std::move(path)) {}

  // Built only when asked for (in practice, for an error message): a model file's metadata has
  // thousands of fields, and formatting each one's path cost more than reading the values.
  std::string path() const;
  const nlohmann::json& json() const { return *value_; }

  // The member `key` of this object: an error if this is not an object or lacks it.
  JsonField at(std::string_view key) const;
  // The member `key`, or nullopt when absent (an error if this is not an object).
  std::optional<JsonField> find(std::string_view key) const;
  // The elements of an array (paths "path[0]", ...), or the members of an object (paths
  // "path.key") with `keys` filled in order.
  std::vector<JsonField> elements() const;
  std::vector<JsonField> members(std::vector<std::string>& keys) const;

  std::string string() const;
  double number() const;         // any JSON number
  double number_or_nan() const;  // a JSON number, or null (how JSON writes NaN) as NaN
  std::uint64_t count() const;   // a non-negative integer
  std::int64_t integer() const;
  bool boolean() const;
  std::vector<std::string> strings() const;
  std::vector<double> numbers() const;

  // Throws Error(data): "<path> <problem>".
  [[noreturn]] void fail(std::string_view problem) const;

 private:
  JsonField(const nlohmann::json& value, const JsonField& parent)
      : value_(&value), root_(parent.root_), root_path_(parent.root_path_) {}

  const nlohmann::json* value_;
  const nlohmann::json* root_;  // the value this field was reached from
  std::string root_path_;       // the root's path
};

}  // namespace mlctl::model::detail
