#include "model/json_field.hpp"

#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::model::detail {

void JsonField::fail(std::string_view problem) const {
  throw Error(ErrorKind::data, fmt::format("{} {}", path_, problem));
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
  return JsonField(*it, fmt::format("{}.{}", path_, key));
}

std::vector<JsonField> JsonField::elements() const {
  if (!value_->is_array()) fail("is not an array");
  std::vector<JsonField> out;
  out.reserve(value_->size());
  for (std::size_t i = 0; i < value_->size(); ++i) {
    out.emplace_back((*value_)[i], fmt::format("{}[{}]", path_, i));
  }
  return out;
}

std::vector<JsonField> JsonField::members(std::vector<std::string>& keys) const {
  if (!value_->is_object()) fail("is not an object");
  std::vector<JsonField> out;
  keys.clear();
  for (const auto& [key, value] : value_->items()) {
    keys.push_back(key);
    out.emplace_back(value, fmt::format("{}.{}", path_, key));
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

std::vector<std::string> JsonField::strings() const {
  std::vector<std::string> out;
  for (const auto& e : elements()) out.push_back(e.string());
  return out;
}

std::vector<double> JsonField::numbers() const {
  std::vector<double> out;
  for (const auto& e : elements()) out.push_back(e.number());
  return out;
}

}  // namespace mlctl::model::detail
