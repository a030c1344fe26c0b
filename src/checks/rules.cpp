#include "checks/rules.hpp"

#include <array>

namespace mlctl::checks {
namespace {

constexpr std::array kRules = {
    Rule{"empty-file", "The file is empty: no header and no rows"},
    Rule{"no-rows", "The file has a header but no data rows"},
    Rule{"ragged-row", "A row with more or fewer fields than the header"},
    Rule{"duplicate-rows", "Rows that repeat an earlier row exactly"},
    Rule{"constant-column", "A column with a single non-missing value"},
    Rule{"identifier-column", "A column whose values are (almost) all distinct, like an id"},
    Rule{"mostly-missing", "A column whose share of missing values reaches --max-missing"},
    Rule{"mixed-types", "A mostly numeric column with a few values that are not numbers"},
    Rule{"target-missing", "Rows without a target value"},
    Rule{"target-non-numbers",
         "A numeric target with a few values that are not numbers (train refuses it)"},
    Rule{"too-many-classes", "A target with more classes than train accepts without --max-classes"},
    Rule{"integer-target", "An integer target with a few values, which train fits as numbers"},
    Rule{"class-imbalance", "The rarest class of the target is below --min-class-share"},
    Rule{"target-leakage", "A feature that alone predicts the target almost perfectly"},
    Rule{"missing-column", "A column the model needs is not in the data"},
    Rule{"type-mismatch",
         "A column that was numeric in training holds values that are not numbers"},
    Rule{"unseen-category", "Categorical values the model never saw in training"},
    Rule{"out-of-range", "Numeric values outside the training data's [min, max]"},
    Rule{"missing-increase", "The share of missing values rose since training"},
    Rule{"psi-drift", "Population Stability Index against the training deciles"},
    Rule{"js-drift", "Jensen-Shannon divergence (log base 2) against the training categories"},
};

}  // namespace

std::span<const Rule> rules() {
  return kRules;
}

std::size_t rule_index(std::string_view id) {
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (kRules[i].id == id) return i;
  }
  return kRules.size();
}

}  // namespace mlctl::checks
