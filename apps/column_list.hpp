#pragma once
// The column names given to --features, --exclude and --keep.

#include <string>
#include <vector>

namespace mlctl::cli {

// Given once, the flag's value is a comma-separated list ("a,b,c"), unless it is exactly the
// name of a column of `header` (a name with a comma in it). Given more than once, or as a TOML
// array in --config, each value is one name as written: the way to name several columns whose
// names hold commas.
std::vector<std::string> column_names(const std::vector<std::string>& values,
                                      const std::vector<std::string>& header);

}  // namespace mlctl::cli
