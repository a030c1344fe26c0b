#include "training/recipe.hpp"

#include <algorithm>

namespace mlctl::training {

model::RecipeRecord record_of(const Recipe& recipe) {
  model::RecipeRecord r;
  r.target = recipe.target;
  r.features = recipe.features;
  r.exclude = recipe.exclude;
  r.algorithm = recipe.algorithm;
  r.alphas = recipe.alphas;
  r.impute = recipe.pipeline.impute;
  r.scale = recipe.pipeline.scale;
  r.hashing = recipe.pipeline.hashing;
  r.min_frequency = recipe.pipeline.min_frequency;
  r.max_categories = recipe.pipeline.max_categories;
  r.balanced_class_weight = recipe.class_weight == ClassWeight::balanced;
  r.holdout = recipe.holdout;
  r.cv = recipe.cv;
  r.seed = recipe.seed;
  r.max_iterations = recipe.max_iterations;
  return r;
}

Recipe recipe_of(const model::RecipeRecord& record) {
  Recipe r;
  r.target = record.target;
  r.features = record.features;
  r.exclude = record.exclude;
  r.algorithm = record.algorithm;
  r.alphas = record.alphas;
  r.pipeline.impute = record.impute;
  r.pipeline.scale = record.scale;
  r.pipeline.hashing = record.hashing;
  r.pipeline.min_frequency = record.min_frequency;
  if (record.max_categories) r.pipeline.max_categories = *record.max_categories;
  r.class_weight = record.balanced_class_weight ? ClassWeight::balanced : ClassWeight::none;
  r.holdout = record.holdout;
  r.cv = static_cast<int>(record.cv);
  r.seed = record.seed;
  r.max_iterations = static_cast<int>(record.max_iterations);
  return r;
}

std::vector<std::string> columns_to_read(const Recipe& recipe) {
  if (recipe.features.empty()) return {};
  std::vector<std::string> columns = recipe.features;
  if (std::find(columns.begin(), columns.end(), recipe.target) == columns.end()) {
    columns.push_back(recipe.target);
  }
  return columns;
}

}  // namespace mlctl::training
