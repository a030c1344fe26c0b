#pragma once
// Small training tables built in code, for the trainer, split and model-file tests, and the
// calls those tests make on them.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <set>
#include <span>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "table/table.hpp"
#include "training/trainer.hpp"

namespace mlctl::training::testing {

// A recipe with `target` and every default.
inline Recipe recipe_for(const std::string& target) {
  Recipe r;
  r.target = target;
  return r;
}

// The model that train() fits, its report dropped.
inline model::Model trained(const table::Table& table, const Recipe& recipe) {
  TrainReport report;
  return train(table, recipe, report);
}

// The keys of a JSON object, sorted: what a model file's section holds.
inline std::set<std::string> keys_of(const nlohmann::json& j) {
  std::set<std::string> keys;
  for (const auto& [key, _] : j.items()) keys.insert(key);
  return keys;
}

// Whether row `r` is in `sorted_rows` (a split's held-out rows, say).
inline bool contains_row(std::span<const std::size_t> sorted_rows, std::size_t r) {
  return std::binary_search(sorted_rows.begin(), sorted_rows.end(), r);
}

// n rows of "x,c,y": x = i + 1, c cycles through a/b/c, y = 2x + 3[c == b] + a small
// deterministic wobble, so ridge fits well but not perfectly.
inline std::string regression_csv(std::size_t n) {
  std::string csv = "x,c,y\n";
  const char* categories[] = {"a", "b", "c"};
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i + 1);
    const double y = 2 * x + (i % 3 == 1 ? 3.0 : 0.0) + 0.25 * std::sin(static_cast<double>(i));
    csv += fmt::format("{},{},{}\n", x, categories[i % 3], y);
  }
  return csv;
}

// n rows of "x,c,y" with a text target: y = "yes" mostly when x is large, with some overlap so
// the classes are not separable (the logistic optimum stays finite).
inline std::string classification_csv(std::size_t n) {
  std::string csv = "x,c,y\n";
  for (std::size_t i = 0; i < n; ++i) {
    const bool yes = (i % 7 == 3) ? false : (i % 5 == 0 ? true : i >= n / 2);
    csv += fmt::format("{},{},{}\n", i + 1, i % 2 == 0 ? "even" : "odd", yes ? "yes" : "no");
  }
  return csv;
}

}  // namespace mlctl::training::testing
