#pragma once
// "Did you mean" hints for names the user typed (a column given to --target, --features, ...)
// that are not in the data.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mlctl {

// The name in `names` that `wanted` most likely meant: the first one equal to it once spaces
// and tabs around both are dropped; else the first equal to it ignoring ASCII case; else the
// first closest by edit distance (Levenshtein), when that is at most one edit per four
// characters of `wanted` (none below four characters: "q" is not a typo of "x"). nullopt when
// none is that near, or when `wanted` itself is among the names.
std::optional<std::string> nearest_name(std::string_view wanted,
                                        std::span<const std::string> names);

// The hint to append to a "no column named ..." message: ` (did you mean " y"? --trim drops
// spaces around fields)` when the nearest name differs from `wanted` only by spaces or tabs
// around it, ` (did you mean "Age"?)` for another near name, and "" when there is none.
std::string did_you_mean(std::string_view wanted, std::span<const std::string> names);

}  // namespace mlctl
