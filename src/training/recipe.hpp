#pragma once
// What to train (as opposed to how: trainer.hpp's TrainOptions), and how the recipe is written
// into the model, where `retrain` reads it back.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "table/table.hpp"

namespace mlctl::training {

enum class ClassWeight { none, balanced };

struct Recipe {
  std::string target;
  std::vector<std::string> features;  // explicit inputs; empty = every other column
  std::vector<std::string> exclude;
  table::DeclaredTypes declared;  // --categorical, --numeric: types that win over inference
  std::optional<model::Algorithm> algorithm;  // empty = chosen from the target
  std::vector<double> alphas = {1.0};         // several need cv >= 2
  pipeline::PipelineOptions pipeline;
  ClassWeight class_weight = ClassWeight::none;
  double holdout = 0.2;  // 0 = no held-out evaluation
  int cv = 0;            // >= 2: k-fold cross-validation instead of the holdout
  std::uint64_t seed = 42;
  int max_iterations = 200;
};

// The recipe as stored in the model (and read back by `retrain`).
model::RecipeRecord record_of(const Recipe& recipe);
Recipe recipe_of(const model::RecipeRecord& record);

// Columns of `header` that `recipe` will read (features, target); empty = all of them.
std::vector<std::string> columns_to_read(const Recipe& recipe);

}  // namespace mlctl::training
