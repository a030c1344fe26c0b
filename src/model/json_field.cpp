#include "model/json_field.hpp"

#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::model::detail {
namespace {

// Appends the path from `node` down to `target` ("key" of an object member, "[i]" of an array
// element) and returns true, or returns false if `target` is not within `node`.
bool append_path_to(const nlohmann::json& node, const nlohmann::json* target, std::string& path) {
  if (&node == target) return true;
  const std::size_t length = path.size();
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      fmt::format_to(std::back_inserter(path), ".{}", key);
      if (append_path_to(value, target, path)) return true;
      path.resize(length);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      fmt::format_to(std::back_inserter(path), "[{}]", i);
      if (append_path_to(node[i], target, path)) return true;
      path.resize(length);
    }
  }
  return false;
}

}  // namespace

std::string JsonField::path() const {
  // Every field is reached from its root by at(), find(), elements() or members(), which keep
  // the root: the value is always found in it. The search costs what the formatting of every
  // path on the way would have, once, and only for the field that is reported.
  std::string path = root_path_;
  append_path_to(*root_, value_, path);
  return path;
}

void JsonField::fail(std::string_view problem) const {
  throw Error(ErrorKind::data, fmt::format("{} {}", path(), problem));
}

JsonField JsonField::at(std::string_view key) const {
  auto field = find(key);
  if (!field) fail(fmt::format("has no \"{}\"", key));
  return *field;
}

std::optional<JsonField> JsonField::find(std::string_view key) const {
  if (!value_->is_object()) fail("is not an object");
  const auto it = value_->find(key);
  if (it == value_->end()) return std::nullopt;
  return JsonField(*it, *this);
}

std::vector<JsonField> JsonField::elements() const {
  if (!value_->is_array()) fail("is not an array");
  std::vector<JsonField> out;
  out.reserve(value_->size());
  for (std::size_t i = 0; i < value_->size(); ++i) {
    out.push_back(JsonField((*value_)[i], *this));
  }
  return out;
}

std::vector<JsonField> JsonField::members(std::vector<std::string>& keys) const {
  if (!value_->is_object()) fail("is not an object");
  std::vector<JsonField> out;
  keys.clear();
  for (const auto& [key, value] : value_->items()) {
    keys.push_back(key);
    out.push_back(JsonField(value, *this));
  }
  return out;
}

std::string JsonField::string() const {
  if (!value_->is_string()) fail("is not a string");
  return value_->get<std::string>();
}

double JsonField::number() const {
  if (!value_->is_number()) fail("is not a number");
  return value_->get<double>();
}

double JsonField::number_or_nan() const {
  if (value_->is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!value_->is_number()) fail("is not a number");
  return value_->get<double>();
}

std::uint64_t JsonField::count() const {
  if (!value_->is_number_integer() ||
      (value_->is_number_integer() && !value_->is_number_unsigned() &&
       value_->get<std::int64_t>() < 0)) {
    fail("is not a non-negative integer");
  }
  return value_->get<std::uint64_t>();
}

std::int64_t JsonField::integer() const {
  if (!value_->is_number_integer()) fail("is not an integer");
  if (value_->is_number_unsigned() &&
      value_->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    fail("is out of range");
  }
  return value_->get<std::int64_t>();
}

bool JsonField::boolean() const {
  if (!value_->is_boolean()) fail("is not true or false");
  return value_->get<bool>();
}

// strings() and numbers() read the elements in place (what elements() then string() or
// number() would do, without a JsonField for each): training statistics hold thousands.
std::vector<std::string> JsonField::strings() const {
  if (!value_->is_array()) fail("is not an array");
  std::vector<std::string> out;
  out.reserve(value_->size());
  for (const nlohmann::json& e : *value_) {
    if (!e.is_string()) JsonField(e, *this).fail("is not a string");
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::vector<double> JsonField::numbers() const {
  if (!value_->is_array()) fail("is not an array");
  std::vector<double> out;
  out.reserve(value_->size());
  for (const nlohmann::json& e : *value_) {
    if (!e.is_number()) JsonField(e, *this).fail("is not a number");
    out.push_back(e.get<double>());
  }
  return out;
}

}  // namespace mlctl::model::detail
