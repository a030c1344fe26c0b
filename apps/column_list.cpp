#include "column_list.hpp"

#include <algorithm>

#include "cli.hpp"

namespace mlctl::cli {

std::vector<std::string> column_names(const std::vector<std::string>& values,
                                      const std::vector<std::string>& header) {
  if (values.size() != 1) return values;
  const std::string& value = values.front();
  if (std::find(header.begin(), header.end(), value) != header.end()) return {value};
  return split_list(value);
}

}  // namespace mlctl::cli
