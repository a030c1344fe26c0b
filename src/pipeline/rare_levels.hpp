#pragma once
// Rare levels of a categorical feature sharing one "infrequent" column (--min-frequency,
// --max-categories), equal to scikit-learn 1.2's OneHotEncoder(min_frequency, max_categories,
// handle_unknown="infrequent_if_exist"):
// - a level seen fewer than min_frequency times (a count >= 1), or in fewer than
//   min_frequency x rows rows (a fraction in (0, 1)), is infrequent;
// - max_categories K counts the infrequent column: when more than K columns would remain, the
//   least frequent levels join the infrequent ones until K - 1 others remain; among equal counts
//   the level first in sorted order goes first (scikit-learn's stable argsort);
// - missing values are a level like any other, sorted after every category (as the pipeline's
//   missing column comes last): rare, they set the infrequent column;
// - the infrequent column comes after the others (and after the missing column), and exists
//   only when some level is infrequent; values training never saw set it too (and are still
//   counted as unseen), as do missing values when training had none.

#include <cstdint>
#include <span>
#include <string_view>

#include "pipeline/feature_pipeline.hpp"

namespace mlctl::pipeline {

// "5" (a count, >= 1) or "0.01" (a fraction of the training rows, in (0, 1)); throws
// Error(usage) naming --min-frequency otherwise.
double parse_min_frequency(std::string_view text);
// A whole number >= 2 (1 would leave one constant column); throws Error(usage) otherwise.
std::size_t parse_max_categories(std::string_view text);

// Whether `options` ask for rare levels to share a column.
bool rare_levels_enabled(const PipelineOptions& options);

// Moves f's infrequent levels from f.categories (sorted, each seen in training) to f.infrequent,
// and a rare missing level from f.missing_category to f.missing_infrequent. `counts[k]` is how
// often f.categories[k] occurs among the `rows` training rows, `missing` how many of them are
// missing. Does nothing unless rare_levels_enabled(options).
void group_rare_levels(Feature& f, std::span<const std::uint64_t> counts, std::uint64_t missing,
                       std::size_t rows, const PipelineOptions& options);

}  // namespace mlctl::pipeline
