#pragma once
// The model card as text, which `mlctl describe MODEL.mlm` prints: what the model predicts, from
// what, with which coefficients, how well, where it came from and what its training data looked
// like.

#include <cstddef>
#include <string>

#include "model/model.hpp"

namespace mlctl::report {

// The coefficients the text card lists by default (describe --top), largest first; past them a
// line says how many more there are (--json lists them all, the HTML card charts the largest
// 20). Above any narrow model's
// width (ames.csv's 314), so only one-hot features of many levels are cut: a 100,000-level
// model's card stays a few hundred lines instead of 100,000.
inline constexpr std::size_t kMaxTextCoefficients = 500;

// The whole card, every line ending in "\n"; `path` is the model file as the user named it. It
// lists the `top` largest coefficients (0: all of them).
std::string model_card_text(const model::Model& model, const std::string& path,
                            std::size_t top = kMaxTextCoefficients);

}  // namespace mlctl::report
